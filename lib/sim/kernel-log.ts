/**
 * Kernel log lines as the host's syslog daemon writes them, and the kernel's net_ratelimit
 * (burst 10 per 5 s, then `N callbacks suppressed`), so log lines undercount drops like on a real host.
 */
import type { LogStyle } from "./os-profiles";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** `Nov  5 07:03:01`: classic BSD syslog, local time, no year, no zone, day padded with a space. */
export function formatClassicTimestamp(d: Date): string {
  const month = MONTHS[d.getMonth()] ?? "Jan";
  return `${month} ${String(d.getDate()).padStart(2, " ")} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** `2024-11-25T17:53:40.123456+01:00`: rsyslog's high-precision format (Ubuntu 24.04). */
export function formatRfc3339(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const abs = Math.abs(off);
  const micros = String(d.getMilliseconds() * 1000).padStart(6, "0");
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${micros}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** printk's `[%5lu.%06lu]` seconds since boot (CONFIG_PRINTK_TIME). */
export function formatPrintkTime(uptimeSeconds: number): string {
  const us = Math.max(0, Math.round(uptimeSeconds * 1e6));
  const secs = Math.floor(us / 1e6);
  return `[${String(secs).padStart(5, " ")}.${String(us % 1e6).padStart(6, "0")}]`;
}

export function formatKernelLine(
  style: LogStyle,
  host: string,
  when: Date,
  uptimeSeconds: number,
  message: string,
): string {
  switch (style) {
    case "classic-uptime":
      return `${formatClassicTimestamp(when)} ${host} kernel: ${formatPrintkTime(uptimeSeconds)} ${message}`;
    case "classic":
      return `${formatClassicTimestamp(when)} ${host} kernel: ${message}`;
    case "rfc3339":
      return `${formatRfc3339(when)} ${host} kernel: ${message}`;
    case "classic-empty-tag":
      return `${formatClassicTimestamp(when)} ${host} kernel: : ${message}`;
  }
}

export interface RatelimitState {
  /** Start of the current window in kernel time (ms since boot); null before the first message. */
  begin: number | null;
  printed: number;
  missed: number;
}

export const newRatelimitState = (): RatelimitState => ({ begin: null, printed: 0, missed: 0 });

export type RatelimitEvent =
  | { kind: "message"; atMs: number }
  | { kind: "suppressed"; atMs: number; missed: number };

export const RATELIMIT_INTERVAL_MS = 5000;
export const RATELIMIT_BURST = 10;

/**
 * Runs `events` calls of net_ratelimit(), evenly spread over [startMs, endMs) of kernel time, through
 * the kernel's ___ratelimit logic: the first call after a window expires prints the suppressed count
 * of the previous window and opens a new one. Work is per window, not per event, so a burst of a
 * million drops costs the same as ten.
 */
export function runRatelimit(
  state: RatelimitState,
  startMs: number,
  endMs: number,
  events: number,
  intervalMs = RATELIMIT_INTERVAL_MS,
  burst = RATELIMIT_BURST,
): RatelimitEvent[] {
  const out: RatelimitEvent[] = [];
  const n = Math.max(0, Math.floor(events));
  if (n === 0) return out;
  const span = Math.max(1, endMs - startMs);
  const at = (i: number): number => startMs + ((i + 0.5) * span) / n;
  let i = 0;
  while (i < n) {
    const t = at(i);
    if (state.begin === null || t >= state.begin + intervalMs) {
      if (state.missed > 0) out.push({ kind: "suppressed", atMs: t, missed: state.missed });
      state.begin = t;
      state.printed = 0;
      state.missed = 0;
    }
    // Events i..i+k-1 fall before the window closes: t_j < begin + interval.
    const lastIn = Math.ceil(((state.begin + intervalMs - startMs) * n) / span - 0.5) - 1;
    const k = Math.max(1, Math.min(n - i, lastIn - i + 1));
    const allowed = Math.max(0, Math.min(k, burst - state.printed));
    for (let j = 0; j < allowed; j++) out.push({ kind: "message", atMs: at(i + j) });
    state.printed += allowed;
    state.missed += k - allowed;
    i += k;
  }
  return out;
}
