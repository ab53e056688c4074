"use client";

import { formatAge, formatTimestamp, parseTime } from "@/lib/client/fleet-format";
import type { FleetHost } from "@/lib/client/fleet-schema";
import { describeNextPoll } from "@/lib/client/fleet-schedule";
import { useContext } from "react";
import { RenderedAtContext, clockNow, useHydrated, useTicking } from "@/lib/client/use-now";

/**
 * "3s ago", ticking from the shared clock without refetching, and re-rendering only when its own
 * text changes (never its row). `clockOffsetMs` maps this browser's clock onto the server's, so a
 * skewed laptop clock does not show "-40s ago". Turns amber once overdue: past `overdueAt` (server
 * clock, see overdueAt() — the host's own schedule) when given, else older than `staleAfterMs`.
 */
export function PollAge({
  iso,
  clockOffsetMs,
  staleAfterMs,
  overdueAt,
  schedule,
}: {
  iso: string | null;
  clockOffsetMs: number;
  staleAfterMs?: number;
  overdueAt?: number | null;
  /** The host's next due time, for the title. */
  schedule?: Pick<FleetHost, "nextPollAt" | "connection">;
}) {
  const then = parseTime(iso);
  const limit = overdueAt !== undefined ? overdueAt : then !== null && staleAfterMs !== undefined ? then + staleAfterMs : null;
  // One string so the component re-renders only when the label or the overdue flag changes.
  const renderedAt = useContext(RenderedAtContext);
  const hydrated = useHydrated();
  const key = useTicking((nowMs) => {
    const serverNow = nowMs + clockOffsetMs;
    return `${limit !== null && serverNow > limit ? "!" : " "}${formatAge(then, serverNow)}`;
  }, renderedAt);
  const stale = key[0] === "!";
  const next = schedule ? describeNextPoll(schedule, hydrated ? clockNow() + clockOffsetMs : renderedAt) : null;
  const tone =
    then === null
      ? "text-zinc-400 dark:text-zinc-600"
      : stale
        ? "font-medium text-amber-700 dark:text-amber-400"
        : "text-zinc-500 dark:text-zinc-400";
  const title = [then === null ? "never polled" : `last poll ${formatTimestamp(iso)}`, stale ? "overdue against its schedule" : null, next]
    .filter(Boolean)
    .join(" — ");
  return (
    <time dateTime={iso ?? undefined} title={title} data-overdue={stale || undefined} className={`num ${tone}`}>
      {key.slice(1)}
    </time>
  );
}
