import { parseTime } from "./fleet-format";
import type { FleetHost } from "./fleet-schema";

/** What the page knows of the collector's cadence, from the snapshot. */
export interface ScheduleContext {
  pollIntervalMs: number;
  /** The SSH/command timeout: a due poll may take this long to finish (or fail). */
  timeoutMs: number;
  /** How often the page refreshes: a finished poll reaches the screen up to this much later. */
  refetchMs: number;
}

/** Servers that do not report schedules: overdue after this many poll intervals (the old rule). */
const LEGACY_OVERDUE_INTERVALS = 3;

/**
 * The moment (server clock, epoch ms) after which the host counts as overdue, or null when it
 * cannot be: overdue against the host's own schedule, backoff included. A host is due at
 * `nextPollAt` (its next poll, or its next reconnect attempt while in backoff); that poll may take
 * up to the timeout, and its result reaches the page within one refresh. Past all of that without
 * a newer schedule, something is wrong. A host in a 60 s backoff is therefore not overdue while it
 * waits, however old its last poll.
 */
export function overdueAt(host: Pick<FleetHost, "nextPollAt" | "connection" | "lastPollAt">, ctx: ScheduleContext): number | null {
  const due = parseTime(host.nextPollAt);
  if (due !== null) return due + ctx.timeoutMs + ctx.refetchMs;
  // A server that reports connections but no due time has nothing scheduled for the host.
  if (host.connection !== null) return null;
  const last = parseTime(host.lastPollAt);
  return last === null ? null : last + ctx.pollIntervalMs * LEGACY_OVERDUE_INTERVALS;
}

/** `"in 4s"`, `"now"`, `"12s ago"`: the due time as read beside a poll age. */
function relative(ms: number, nowMs: number): string {
  const sec = Math.round((ms - nowMs) / 1000);
  if (sec === 0) return "now";
  const abs = Math.abs(sec);
  const text = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.round(abs / 60)}m` : `${Math.round(abs / 3600)}h`;
  return sec > 0 ? `in ${text}` : `${text} ago`;
}

/** One line for the age's title: when the next attempt is due and what kind of attempt it is. */
export function describeNextPoll(host: Pick<FleetHost, "nextPollAt" | "connection">, nowMs: number): string | null {
  const due = parseTime(host.nextPollAt);
  if (due === null) return host.connection === "idle" ? "not tried yet" : null;
  if (host.connection === "backoff") return `reconnect attempt ${relative(due, nowMs)} (backing off after a failure)`;
  if (host.connection === "connecting") return `connecting, due ${relative(due, nowMs)}`;
  return `next poll ${relative(due, nowMs)}`;
}
