import type { HeatTone } from "@/lib/client/fleet-heatmap";

/**
 * One class per tone, the same palette as the table: utilization from pale to deep green below
 * warn, amber, red, a deep red when full; failures violet with a light core (never read as "cool"), hosts
 * without conntrack grey, hosts not polled yet an empty dashed square.
 */
export const TONE_CLASS: Record<HeatTone, string> = {
  u0: "bg-emerald-100 dark:bg-emerald-950",
  u1: "bg-emerald-200 dark:bg-emerald-900",
  u2: "bg-emerald-400 dark:bg-emerald-700",
  warn: "bg-amber-400 dark:bg-amber-500",
  critical: "bg-red-500 dark:bg-red-500",
  full: "bg-red-800 dark:bg-red-700",
  unknown: "bg-zinc-300 dark:bg-zinc-600",
  // Solid with a light inner ring rather than stripes: a gradient per cell is costly to paint
  // when thousands of hosts fail at once (a cold start, a network partition).
  failing: "bg-violet-600 ring-2 ring-violet-200 ring-inset dark:bg-violet-500 dark:ring-violet-950",
  "no-conntrack": "bg-zinc-200 ring-1 ring-zinc-300 ring-inset dark:bg-zinc-800 dark:ring-zinc-700",
  pending: "border border-dashed border-zinc-400 dark:border-zinc-600",
};

/** Dropping now: a white dot in the cell, whatever its colour. */
export const DROPPING_MARK = "after:absolute after:inset-[3.5px] after:rounded-full after:bg-white";

export const CELL_PX = 12;
export const GAP_PX = 2;

export const CELL_CLASS =
  "relative block h-3 w-3 rounded-[2px] outline-offset-1 hover:outline-2 hover:outline-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:outline-zinc-100";
