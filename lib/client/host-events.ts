import { parseTime } from "./fleet-format";
import type { HostEvent } from "./host-schema";

/**
 * Kernel-log events as the page shows them. `table_full` is the kernel dropping packets;
 * `suppressed` is `net_ratelimit: N callbacks suppressed`, i.e. N more drops the log did not
 * print; everything else (expectation table, future kinds) is informational.
 */
export type EventTone = "full" | "suppressed" | "expect" | "other";

export function eventTone(kind: string): EventTone {
  if (kind === "table_full") return "full";
  if (kind === "suppressed") return "suppressed";
  if (kind === "expect_full") return "expect";
  return "other";
}

/** Newest first, without mutating the API's (ascending) array; ties keep their API order. */
export function newestFirst(events: readonly HostEvent[]): HostEvent[] {
  return events
    .map((e, i) => ({ e, i, t: parseTime(e.ts) ?? 0 }))
    .sort((a, b) => b.t - a.t || b.i - a.i)
    .map((r) => r.e);
}

/** Markers for the drops chart: x in Unix seconds, one column per tone, ascending. */
export interface EventMarks {
  x: number[];
  tone: EventTone[];
  count: number[];
  kind: string[];
}

export function eventMarks(events: readonly HostEvent[]): EventMarks {
  const rows = events
    .map((e) => ({ t: parseTime(e.ts), e }))
    .filter((r): r is { t: number; e: HostEvent } => r.t !== null)
    .sort((a, b) => a.t - b.t);
  return {
    x: rows.map((r) => r.t / 1000),
    tone: rows.map((r) => eventTone(r.e.kind)),
    count: rows.map((r) => r.e.count),
    kind: rows.map((r) => r.e.kind),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `2026-11-25 18:00:03` in UTC, or in the browser's zone with its offset (`+01:00`). */
export function formatEventTime(iso: string, zone: "utc" | "local"): string {
  const ms = parseTime(iso);
  if (ms === null) return iso;
  if (zone === "utc") return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  const d = new Date(ms);
  const offMin = -d.getTimezoneOffset();
  const sign = offMin >= 0 ? "+" : "-";
  const off = `${sign}${pad(Math.floor(Math.abs(offMin) / 60))}:${pad(Math.abs(offMin) % 60)}`;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${off}`
  );
}

/** Per-kind totals for the list header: lines and the `count` they carry. */
export function countByKind(events: readonly HostEvent[]): { kind: string; events: number; total: number }[] {
  const byKind = new Map<string, { kind: string; events: number; total: number }>();
  for (const e of events) {
    const row = byKind.get(e.kind) ?? { kind: e.kind, events: 0, total: 0 };
    row.events++;
    row.total += e.count;
    byKind.set(e.kind, row);
  }
  return [...byKind.values()].sort((a, b) => b.events - a.events || a.kind.localeCompare(b.kind));
}

/**
 * The line a timeline click points at: the event nearest `atMs`, preferring drop lines (a click on
 * a drop means its table-full lines, not an expectation message beside it). -1 when there are none.
 */
export function nearestEventIndex(events: readonly HostEvent[], atMs: number): number {
  let best = -1;
  let bestScore = Infinity;
  events.forEach((e, i) => {
    const t = parseTime(e.ts);
    if (t === null) return;
    const tone = eventTone(e.kind);
    // A non-drop line wins only when it is more than a minute closer.
    const score = Math.abs(t - atMs) + (tone === "full" || tone === "suppressed" ? 0 : 60_000);
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
