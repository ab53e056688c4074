/**
 * The kernel log a host already has when the fleet starts: boot lines, everyday noise (some of it
 * mentioning nf_conntrack without being a drop), an old table-full incident matching the drop counters,
 * and rotated files (`.1`, `.2.gz`) for hosts up long enough to have rotated.
 */
import { gzipSync } from "node:zlib";
import { formatKernelLine, newRatelimitState, runRatelimit } from "./kernel-log";
import type { KernelMessage } from "./journal";
import type { OsProfile } from "./os-profiles";
import type { Rng } from "./rng";

const DAY = 86_400_000;
const SPAN = 6 * DAY; // rsyslog rotates kern.log/messages weekly

export interface LogHistoryInput {
  name: string;
  profile: OsProfile;
  uptimeSeconds: number;
  buckets: number | null;
  max: number | null;
  historicDrops: number;
  rotated: boolean;
  nowMs: number;
  rng: Rng;
}

export interface LogHistory {
  current: string;
  rotated1: string | null;
  rotated2gz: Buffer | null;
  /** Every message of the files above, oldest first: what the host's journal holds. */
  messages: KernelMessage[];
}

interface Entry { at: number; msg: string }

function noisePool(p: OsProfile): string[] {
  const pool = [
    "EXT4-fs (vda1): re-mounted. Opts: errors=remount-ro",
    "device eth0 entered promiscuous mode",
    "device eth0 left promiscuous mode",
    "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.",
    "perf: interrupt took too long (2513 > 2500), lowering kernel.perf_event_max_sample_rate to 79500",
  ];
  if (p.module === "nf_conntrack" && p.logFile === "var/log/messages") {
    pool.push(
      "nf_conntrack: default automatic helper assignment has been turned off for security reasons and CT-based  firewall rule not found. Use the iptables CT target to attach helpers instead.",
    );
  }
  if (p.id.startsWith("ubuntu")) {
    pool.push(
      "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=198.51.100.23 DST=10.0.0.5 LEN=40 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=53124 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0",
    );
  }
  if (p.module === "nf_conntrack") pool.push("nf_conntrack: expectation table full");
  return pool;
}

function bootEntries(input: LogHistoryInput, bootMs: number): Entry[] {
  const { profile: p, buckets, max } = input;
  const out: Entry[] = [
    { at: bootMs, msg: `Linux version ${p.kernel} (builder@build-${p.id}) (gcc version 12.2.0) #1 SMP` },
    { at: bootMs + 1, msg: `Command line: BOOT_IMAGE=/boot/vmlinuz-${p.kernel} root=/dev/vda1 ro quiet` },
  ];
  // Until 4.x the module announced its table size when it loaded; 2.6.18 also its entry size.
  if (buckets !== null && max !== null && p.module === "ip_conntrack") {
    out.push({ at: bootMs + 9_000, msg: `ip_conntrack version 2.4 (${buckets} buckets, ${max} max) - 228 bytes per conntrack` });
  } else if (buckets !== null && max !== null && !p.systemd) {
    out.push({ at: bootMs + 9_000, msg: `nf_conntrack version 0.5.0 (${buckets} buckets, ${max} max)` });
  }
  return out;
}

/** A past incident: `drops` net_ratelimit() calls over a few minutes starting at `at`. */
function incidentEntries(p: OsProfile, bootMs: number, at: number, drops: number, rng: Rng): Entry[] {
  const durMs = rng.int(60_000, 900_000);
  const state = newRatelimitState();
  const start = at - bootMs;
  const events = runRatelimit(state, start, start + durMs, drops);
  if (state.missed > 0) events.push({ kind: "suppressed", atMs: start + durMs + rng.int(6000, 600_000), missed: state.missed });
  return events.map((e) => ({
    at: bootMs + e.atMs,
    msg: e.kind === "message" ? p.tableFull : p.suppressed(e.missed),
  }));
}

function render(input: LogHistoryInput, bootMs: number, entries: Entry[]): string {
  entries.sort((a, b) => a.at - b.at);
  const lines = entries.map((e) =>
    formatKernelLine(input.profile.logStyle, input.name, new Date(e.at), (e.at - bootMs) / 1000, e.msg),
  );
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function window(input: LogHistoryInput, bootMs: number, from: number, to: number): Entry[] {
  const { rng } = input;
  const pool = noisePool(input.profile);
  const entries: Entry[] = [];
  if (bootMs >= from && bootMs < to) entries.push(...bootEntries(input, bootMs));
  const start = Math.max(from, bootMs + 60_000);
  for (let t = start + rng.float(0, 4) * 3_600_000; t < to; t += rng.float(1, 9) * 3_600_000) {
    entries.push({ at: t, msg: rng.pick(pool) });
  }
  return entries;
}

export function generateLogHistory(input: LogHistoryInput): LogHistory {
  const { nowMs, rng } = input;
  const bootMs = nowMs - input.uptimeSeconds * 1000;
  const from = Math.max(bootMs, nowMs - SPAN);
  const current = window(input, bootMs, from, nowMs - 60_000);
  if (input.historicDrops > 0) {
    const at = rng.float(from + 60_000, Math.max(from + 60_001, nowMs - 3_600_000));
    current.push(...incidentEntries(input.profile, bootMs, at, input.historicDrops, rng));
  }
  const withRotation = input.rotated && bootMs < nowMs - SPAN;
  const older1 = withRotation ? window(input, bootMs, Math.max(bootMs, nowMs - 2 * SPAN), from) : null;
  const older2 = withRotation && bootMs < nowMs - 2 * SPAN ? window(input, bootMs, Math.max(bootMs, nowMs - 3 * SPAN), nowMs - 2 * SPAN) : null;
  const rotated2 = older2 === null ? null : render(input, bootMs, older2);
  const all = [...(older2 ?? []), ...(older1 ?? []), ...current].sort((a, b) => a.at - b.at);
  return {
    current: render(input, bootMs, current),
    rotated1: older1 === null ? null : render(input, bootMs, older1),
    rotated2gz: rotated2 === null ? null : gzipSync(Buffer.from(rotated2)),
    messages: all.map((e) => ({ atMs: e.at, uptimeSeconds: (e.at - bootMs) / 1000, message: e.msg })),
  };
}
