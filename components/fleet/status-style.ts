import type { HostStatus } from "@/lib/client/fleet-schema";
import type { StatusGroup } from "@/lib/client/fleet-sort";

/**
 * One palette for the whole page. Severity uses red/amber; failures to read use violet so they
 * never read as "hot"; healthy stays quiet so a healthy fleet is a calm page.
 */
export const STATUS_DOT: Record<HostStatus, string> = {
  critical: "bg-red-600 dark:bg-red-500",
  warn: "bg-amber-500 dark:bg-amber-400",
  ok: "bg-emerald-600 dark:bg-emerald-500",
  unreachable: "bg-violet-600 dark:bg-violet-400",
  hostkey: "bg-violet-600 dark:bg-violet-400",
  "no-conntrack": "bg-zinc-400 dark:bg-zinc-500",
  pending: "bg-zinc-300 dark:bg-zinc-600",
};

export const STATUS_TEXT: Record<HostStatus, string> = {
  critical: "text-red-700 dark:text-red-400",
  warn: "text-amber-700 dark:text-amber-400",
  ok: "text-zinc-700 dark:text-zinc-300",
  unreachable: "text-violet-700 dark:text-violet-300",
  hostkey: "text-violet-700 dark:text-violet-300",
  "no-conntrack": "text-zinc-500 dark:text-zinc-400",
  pending: "text-zinc-500 dark:text-zinc-400",
};

/** What a status means when the host carries no error message of its own. */
export const STATUS_HINT: Partial<Record<HostStatus, string>> = {
  pending: "not polled yet",
  "no-conntrack": "conntrack module not loaded",
  unreachable: "last poll failed",
  hostkey: "host key mismatch",
};

export const GROUP_LABEL: Record<StatusGroup, string> = {
  dropping: "Dropping now",
  critical: "Critical",
  warn: "Warning",
  failing: "Unreachable",
  ok: "OK",
  "no-conntrack": "No conntrack",
  pending: "Pending",
};

export const GROUP_ACCENT: Record<StatusGroup, string> = {
  dropping: "text-red-700 dark:text-red-400",
  critical: "text-red-700 dark:text-red-400",
  warn: "text-amber-700 dark:text-amber-400",
  failing: "text-violet-700 dark:text-violet-300",
  ok: "text-zinc-500 dark:text-zinc-400",
  "no-conntrack": "text-zinc-500 dark:text-zinc-400",
  pending: "text-zinc-500 dark:text-zinc-400",
};
