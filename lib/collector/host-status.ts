/** The statuses the API and the UI speak. Failures of every kind but a host key show as `unreachable`. */
export type HostStatus = "ok" | "warn" | "critical" | "unreachable" | "hostkey" | "no-conntrack" | "pending";

export type FailureCode = "unreachable" | "auth" | "hostkey" | "timeout" | "command";

export interface Thresholds {
  warn: number;
  critical: number;
}

export function utilizationOf(count: number | null, max: number | null): number | null {
  if (count === null || max === null || max <= 0) return null;
  return count / max;
}

export function statusOfUtilization(utilization: number, t: Thresholds): "ok" | "warn" | "critical" {
  if (utilization >= t.critical) return "critical";
  if (utilization >= t.warn) return "warn";
  return "ok";
}

export function statusOfFailure(code: FailureCode): HostStatus {
  return code === "hostkey" ? "hostkey" : "unreachable";
}

const REBOOT_SLACK_MS = 5 * 60_000;

export interface CounterSnapshot {
  ts: number;
  /** Host uptime in ms at `ts`; null when /proc/uptime was not readable. */
  uptimeMs: number | null;
  drop: number;
  earlyDrop: number;
  insertFailed: number;
}

export interface CounterDeltas {
  drop: number;
  earlyDrop: number;
  insertFailed: number;
  reset: boolean;
}

/**
 * Increments of the kernel's cumulative counters between two reads. Counters restart at zero on
 * reboot (or module reload): then everything the counter shows happened since the reset, so the
 * current value is the increment. Never negative, never double-counted; null when unknown (no
 * previous read, or a "reboot" that would have happened before the previous read).
 */
export function counterDeltas(prev: CounterSnapshot | null, cur: CounterSnapshot): CounterDeltas | null {
  if (!prev) return null;
  // Uptime went back, yet the host says it booted well before our previous read, when it told us a
  // different boot time: not one machine rebooting but another answering at this address, or a VM
  // restored from a snapshot. Its counters cover time we already accounted for, or none of ours:
  // the increment is unknown, and the next read counts from this one.
  if (
    prev.uptimeMs !== null &&
    cur.uptimeMs !== null &&
    cur.uptimeMs < prev.uptimeMs &&
    cur.uptimeMs > cur.ts - prev.ts + REBOOT_SLACK_MS
  ) {
    return null;
  }
  // Uptime is the host's own monotonic clock. It went backwards, or the host has been up for less
  // time than has passed since the previous read: it booted in between. The slack absorbs a
  // wall-clock step on the dashboard; a frozen uptime (never seen on a real host) is not a reboot.
  const rebooted =
    prev.uptimeMs !== null &&
    cur.uptimeMs !== null &&
    (cur.uptimeMs < prev.uptimeMs || cur.uptimeMs + REBOOT_SLACK_MS < cur.ts - prev.ts);
  const step = (a: number, b: number) => (rebooted || b < a ? b : b - a);
  const deltas = {
    drop: step(prev.drop, cur.drop),
    earlyDrop: step(prev.earlyDrop, cur.earlyDrop),
    insertFailed: step(prev.insertFailed, cur.insertFailed),
  };
  const reset = rebooted || cur.drop < prev.drop || cur.earlyDrop < prev.earlyDrop || cur.insertFailed < prev.insertFailed;
  return { ...deltas, reset };
}
