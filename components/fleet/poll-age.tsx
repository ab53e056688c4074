"use client";

import { formatAge, formatTimestamp, parseTime } from "@/lib/client/fleet-format";
import { useNow } from "@/lib/client/use-now";

/**
 * "3s ago", ticking every second from the shared clock without refetching. `clockOffsetMs` maps
 * this browser's clock onto the server's, so a skewed laptop clock does not show "-40s ago".
 * Turns amber once the poll is older than `staleAfterMs`.
 */
export function PollAge({
  iso,
  clockOffsetMs,
  staleAfterMs,
}: {
  iso: string | null;
  clockOffsetMs: number;
  staleAfterMs: number;
}) {
  const now = useNow() + clockOffsetMs;
  const then = parseTime(iso);
  const stale = then !== null && now - then > staleAfterMs;
  const tone =
    then === null
      ? "text-zinc-400 dark:text-zinc-600"
      : stale
        ? "font-medium text-amber-700 dark:text-amber-400"
        : "text-zinc-500 dark:text-zinc-400";
  return (
    <time
      dateTime={iso ?? undefined}
      title={then === null ? "never polled" : `last poll ${formatTimestamp(iso)}${stale ? " — overdue" : ""}`}
      className={`num ${tone}`}
    >
      {formatAge(then, now)}
    </time>
  );
}
