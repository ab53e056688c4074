"use client";

import { formatAge } from "@/lib/client/fleet-format";
import { useNow } from "@/lib/client/use-now";

export interface RefreshState {
  /** Browser time of the last successful fetch; 0 when none yet. */
  updatedAt: number;
  /** Reason of the latest failed refresh, null when the latest attempt succeeded. */
  failure: string | null;
  refetchMs: number;
}

/** How long without fresh data before the page says so, in refetch intervals. */
const STALE_INTERVALS = 3;

function useStaleness({ updatedAt, refetchMs }: RefreshState) {
  const now = useNow();
  const age = updatedAt ? formatAge(updatedAt, Math.max(now, updatedAt)) : null;
  const stale = updatedAt > 0 && now - updatedAt > refetchMs * STALE_INTERVALS;
  return { age, stale };
}

/** Compact "updated 3s ago" in the page header; turns into the failure reason when polling fails. */
export function RefreshIndicator(props: RefreshState) {
  const { age, stale } = useStaleness(props);
  const seconds = Math.round(props.refetchMs / 1000);
  if (props.failure) {
    return (
      <span
        role="status"
        data-testid="refresh-indicator"
        data-state="failed"
        title={props.failure}
        className="inline-flex max-w-md items-center gap-1.5 truncate text-xs font-medium text-amber-700 dark:text-amber-400"
      >
        <span aria-hidden className="h-1.5 w-1.5 shrink-0 rounded-full bg-amber-500" />
        <span className="truncate">refresh failed: {props.failure}</span>
      </span>
    );
  }
  return (
    <span
      role="status"
      data-testid="refresh-indicator"
      data-state={stale ? "stale" : age ? "fresh" : "loading"}
      className={`num inline-flex items-center gap-1.5 text-xs ${
        stale ? "font-medium text-amber-700 dark:text-amber-400" : "text-zinc-500 dark:text-zinc-400"
      }`}
    >
      <span
        aria-hidden
        className={`h-1.5 w-1.5 rounded-full ${stale ? "bg-amber-500" : age ? "bg-emerald-500" : "bg-zinc-300 dark:bg-zinc-600"}`}
      />
      {age ? `updated ${age}` : "loading…"}
      <span className="text-zinc-400 dark:text-zinc-500">· every {seconds}s</span>
    </span>
  );
}

/** Above the table while the numbers on screen are not current: they are kept, never blanked. */
export function StaleBanner(props: RefreshState) {
  const { age, stale } = useStaleness(props);
  if (!props.failure && !stale) return null;
  return (
    <div
      role="alert"
      data-testid="stale-banner"
      className="flex flex-wrap items-center gap-x-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-[13px] text-amber-900 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <span className="font-semibold">Stale data</span>
      <span>
        showing the fleet as of {age ?? "an earlier poll"}
        {props.failure ? ` — refresh failed: ${props.failure}.` : " — the dashboard server is slow to answer."}
      </span>
      <span className="text-amber-700 dark:text-amber-400">Retrying every {Math.round(props.refetchMs / 1000)}s.</span>
    </div>
  );
}
