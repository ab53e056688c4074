import type { AlertNotification } from "./alerts-api";
import { formatTimestamp, parseTime } from "./fleet-format";

/** One line on a notification's delivery: delivered / retrying (attempt n, next at) / dead (last error). */
export function describeDelivery(n: Pick<AlertNotification, "state" | "attempts" | "nextAttemptAt" | "lastError" | "doneAt">): string {
  if (n.state === "delivered") return `delivered ${formatTimestamp(n.doneAt)}${n.attempts > 1 ? ` (attempt ${n.attempts})` : ""}`;
  if (n.state === "dead") return `dead after ${n.attempts} attempt${n.attempts === 1 ? "" : "s"}: ${n.lastError ?? "unknown error"}`;
  if (n.attempts === 0) return "queued";
  const next = parseTime(n.nextAttemptAt);
  return `retrying: attempt ${n.attempts} failed (${n.lastError ?? "unknown error"}), next at ${next === null ? "?" : formatTimestamp(n.nextAttemptAt)}`;
}
