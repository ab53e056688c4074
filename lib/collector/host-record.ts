import "server-only";
import type { HostConfig } from "@/lib/config/fleet-file";
import type { HostReading } from "@/lib/conntrack/parse-collect";
import { SshError, type HostConnection } from "@/lib/ssh/host-connection";
import type { PollReader } from "./poll-reader";
import type { SampleSink } from "./sample-writer";
import { nextDropActivity, type DropActivity } from "./drop-activity";
import {
  counterDeltas,
  statusOfFailure,
  statusOfUtilization,
  utilizationOf,
  type CounterSnapshot,
  type FailureCode,
  type HostStatus,
  type Thresholds,
} from "./host-status";

/**
 * What one poll result does to a host's live state and to the store: failures classified, counter
 * increments computed (reset-aware), one sample row per attempt.
 */

/** A known_hosts line a refused key was checked against (`/api/hosts` error.expected). */
export interface ExpectedKeyLine {
  type: string;
  fingerprint: string;
  file: string;
  line: number;
}

export interface HostError {
  code: FailureCode | "no-conntrack";
  message: string;
  /** hostkey: the offered key's SHA256 fingerprint. */
  fingerprint?: string;
  /** hostkey, changed key: the known_hosts lines that matched the host, with their keys' fingerprints. */
  expected?: ExpectedKeyLine[];
  /** hostkey, changed key: `ssh-keygen -R` per file holding those lines. */
  removeCommands?: string[];
}

export interface HostLive {
  name: string;
  address: string;
  tags: string[];
  status: HostStatus;
  error: HostError | null;
  count: number | null;
  max: number | null;
  buckets: number | null;
  drops: number | null;
  kernel: string | null;
  lastPollAt: number | null;
  lastOkAt: number | null;
  lastPollMs: number | null;
}

export interface HostSlot {
  config: HostConfig;
  conn: HostConnection;
  /** Polls through the persistent reader, or exec where the host refuses one. */
  reader: PollReader;
  live: HostLive;
  counters: CounterSnapshot | null;
  /** Non-zero drop increments within the last hour, oldest first. */
  recentDrops: { ts: number; delta: number }[];
  /** Dropping now or not, at what rate, since when (from real counter reads only). */
  dropActivity: DropActivity;
  inFlight: Promise<void> | null;
  /** The host's own poll timer, and when it is due next (null before the schedule starts). */
  timer: NodeJS.Timeout | null;
  dueAt: number | null;
  /** The kernel has no procfs stats: poll with `conntrack -S` appended. */
  netlinkStats: boolean;
  /** When `conntrack -S` was last read (see FleetPoller.netlinkDue). */
  netlinkReadAt: number | null;
  bootTimeMs: number | null;
  /** The last successful read, as parsed: what a limit raise is sized from. */
  lastReading: HostReading | null;
}

export function recordFailure(store: SampleSink, slot: HostSlot, started: number, err: unknown): void {
  const ts = Date.now();
  let code: FailureCode = "command";
  let message: string;
  let hostKey: Omit<HostError, "code" | "message"> = {};
  if (err instanceof SshError) {
    code = err.failure;
    message = err.message;
    const k = err.hostKey;
    if (k) {
      hostKey = { fingerprint: k.fingerprint };
      if (k.expected.length > 0) {
        hostKey.expected = k.expected.map((e) => ({ type: e.type, fingerprint: e.fingerprint, file: e.source, line: e.line }));
        hostKey.removeCommands = k.removeCommands;
      }
    }
  } else if (err instanceof Error && (err as { code?: string }).code === "parse") {
    message = `unexpected output from the poll command: ${err.message}`;
  } else {
    console.error(`[poll] ${slot.config.name}: unexpected error`, err);
    message = "internal error while polling; see the server log";
  }
  const live = slot.live;
  live.status = statusOfFailure(code);
  live.error = { code, message, ...hostKey };
  live.lastPollAt = ts;
  live.lastPollMs = ts - started;
  store.insertSample({
    host: slot.config.name,
    ts,
    status: live.status,
    errorCode: code,
    errorMessage: message,
    count: null,
    max: null,
    buckets: null,
    dropTotal: null,
    earlyDropTotal: null,
    insertFailedTotal: null,
    dropDelta: null,
    earlyDropDelta: null,
    insertFailedDelta: null,
    bootTime: null,
  });
}

/**
 * Stores one successful read. Returns whether the host is hot enough to read its kernel log now, and
 * the drop counter's increment since the previous read (null when unknown: no counters, first read).
 * `statFresh` is false when the read carried an earlier `conntrack -S` result forward.
 */
export function recordReading(
  store: SampleSink,
  thresholds: Thresholds,
  slot: HostSlot,
  started: number,
  ts: number,
  reading: HostReading,
  statFresh = true,
  maxGapMs = Infinity,
): { hot: boolean; dropDelta: number | null } {
  const live = slot.live;
  const name = slot.config.name;
  const facts = reading.facts;
  const uptimeMs = facts.uptimeSeconds === null ? null : Math.round(facts.uptimeSeconds * 1000);
  const bootTime = uptimeMs === null ? null : ts - uptimeMs;
  slot.bootTimeMs = bootTime;
  live.kernel = facts.kernel;
  live.lastPollAt = ts;
  live.lastPollMs = ts - started;
  store.upsertFacts(name, ts, {
    kernel: facts.kernel,
    cores: facts.cores,
    memTotalBytes: facts.memTotalBytes,
    module: reading.kind === "conntrack" ? reading.module : null,
  });

  if (reading.kind === "no-conntrack") {
    live.status = "no-conntrack";
    live.error = { code: "no-conntrack", message: "nf_conntrack module not loaded: connection tracking is not in use" };
    live.count = live.max = live.buckets = live.drops = null;
    live.lastOkAt = ts;
    store.insertSample({
      host: name, ts, status: live.status, errorCode: null, errorMessage: null, count: null, max: null, buckets: null,
      dropTotal: null, earlyDropTotal: null, insertFailedTotal: null, dropDelta: null, earlyDropDelta: null,
      insertFailedDelta: null, bootTime,
    });
    return { hot: false, dropDelta: null };
  }

  let deltas = null;
  if (reading.stat) {
    const snap: CounterSnapshot = {
      ts,
      uptimeMs,
      drop: reading.stat.drop,
      earlyDrop: reading.stat.earlyDrop,
      insertFailed: reading.stat.insertFailed,
    };
    deltas = counterDeltas(slot.counters, snap);
    slot.counters = snap;
    if (deltas && deltas.drop > 0) slot.recentDrops.push({ ts, delta: deltas.drop });
    if (statFresh) slot.dropActivity = nextDropActivity(slot.dropActivity, ts, deltas?.drop ?? null, maxGapMs);
  }
  const utilization = utilizationOf(reading.count, reading.max);
  // nf_conntrack_max = 0 means "no limit" to the kernel: nothing to fill up.
  live.status = utilization === null ? "ok" : statusOfUtilization(utilization, thresholds);
  live.error = null;
  live.count = reading.count;
  live.max = reading.max;
  live.buckets = reading.buckets;
  live.drops = reading.stat ? reading.stat.drop : null;
  live.lastOkAt = ts;
  store.insertSample({
    host: name,
    ts,
    status: live.status,
    errorCode: null,
    errorMessage: null,
    count: reading.count,
    max: reading.max,
    buckets: reading.buckets,
    dropTotal: reading.stat?.drop ?? null,
    earlyDropTotal: reading.stat?.earlyDrop ?? null,
    insertFailedTotal: reading.stat?.insertFailed ?? null,
    dropDelta: deltas?.drop ?? null,
    earlyDropDelta: deltas?.earlyDrop ?? null,
    insertFailedDelta: deltas?.insertFailed ?? null,
    bootTime,
  });
  const moved = deltas !== null && (deltas.drop > 0 || deltas.insertFailed > 0);
  return { hot: live.status === "warn" || live.status === "critical" || moved, dropDelta: deltas?.drop ?? null };
}

/** When the host booted, from the uptime a read reported at `ts` (null when it reported none). */
export function bootTimeOf(facts: { uptimeSeconds: number | null }, ts: number): number | null {
  return facts.uptimeSeconds === null ? null : ts - Math.round(facts.uptimeSeconds * 1000);
}

export function emptyLive(host: HostConfig): HostLive {
  return {
    name: host.name,
    address: host.address,
    tags: host.tags,
    status: "pending",
    error: null,
    count: null,
    max: null,
    buckets: null,
    drops: null,
    kernel: null,
    lastPollAt: null,
    lastOkAt: null,
    lastPollMs: null,
  };
}

export function commandFailure(exitCode: number): SshError {
  // Raw stderr stays on the server: it can carry paths and environment details.
  const hint = exitCode === 127 ? " (a required command is missing on the host)" : exitCode === 126 ? " (permission denied)" : "";
  return new SshError("command", `poll command exited with status ${exitCode}${hint}`);
}
