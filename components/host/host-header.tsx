import Link from "next/link";
import { PollAge } from "@/components/fleet/poll-age";
import { RefreshIndicator, type RefreshState } from "@/components/fleet/refresh-indicator";
import { STATUS_DOT, STATUS_HINT, STATUS_TEXT } from "@/components/fleet/status-style";
import { UtilizationBar } from "@/components/fleet/utilization-bar";
import { RaiseLimitButton } from "@/components/limits/raise-button";
import { DropBadge, droppingTitle } from "@/components/fleet/drop-badge";
import { TemporaryBadge } from "@/components/fleet/temporary-badge";
import { formatAge, formatCount, formatTimestamp, parseTime } from "@/lib/client/fleet-format";
import { formatDuration, formatUtc } from "@/lib/client/host-format";
import { useNow } from "@/lib/client/use-now";
import { isFailedStatus, type Thresholds } from "@/lib/client/fleet-schema";
import { overdueAt, type ScheduleContext } from "@/lib/client/fleet-schedule";
import type { HostDetail } from "@/lib/client/host-schema";
import { JumpPath } from "./jump-path";
import { describeHostError } from "@/lib/client/host-key-format";

export function BackToFleet() {
  return (
    <Link
      href="/"
      className="inline-flex items-center gap-1 text-xs font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      <span aria-hidden>←</span> Fleet overview
    </Link>
  );
}

export interface HostHeaderProps {
  host: HostDetail;
  thresholds: Thresholds;
  clockOffsetMs: number;
  /** The collector's cadence: "overdue" is judged against the host's own schedule, backoff included. */
  schedule: ScheduleContext;
  refresh: RefreshState;
}

/** Name, where it is, what state it is in and how fresh that is: the first line an SRE reads. */
export function HostHeader({ host, thresholds, clockOffsetMs, schedule, refresh }: HostHeaderProps) {
  const reason = host.error?.message ?? STATUS_HINT[host.status] ?? null;
  const reasonTitle = describeHostError(host.error) ?? reason ?? undefined;
  return (
    <header className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <BackToFleet />
        <RefreshIndicator {...refresh} />
      </div>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 data-testid="host-title" className="text-lg font-semibold tracking-tight">
          {host.name}
        </h1>
        <span className="num font-mono text-xs text-zinc-500 dark:text-zinc-400" title={host.source ? `defined at ${host.source}` : undefined}>
          {host.address}
        </span>
        <JumpPath path={host.jumpPath} />
        {host.tags.length > 0 && (
          <span className="flex flex-wrap gap-1">
            {host.tags.map((tag) => (
              <Link
                key={tag}
                href={`/?tag=${encodeURIComponent(tag)}`}
                title={`Fleet hosts tagged “${tag}”`}
                className="rounded bg-zinc-50 px-1.5 py-px text-[11px] leading-4 text-zinc-600 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-100 hover:text-zinc-900 dark:bg-zinc-800/60 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-700"
              >
                {tag}
              </Link>
            ))}
          </span>
        )}
        <span className="flex min-w-0 items-baseline gap-2">
          <span className={`inline-flex items-center gap-1.5 self-center font-medium ${STATUS_TEXT[host.status]}`}>
            <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${STATUS_DOT[host.status]}`} />
            <span data-testid="host-status">{host.status}</span>
          </span>
          {reason && (
            <span data-testid="host-reason" title={reasonTitle} className="truncate text-xs text-zinc-500 dark:text-zinc-400">
              {reason}
            </span>
          )}
        </span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          polled <PollAge iso={host.lastPollAt} clockOffsetMs={clockOffsetMs} overdueAt={overdueAt(host, schedule)} schedule={host} />
        </span>
        <span className="ml-auto self-center">
          <RaiseLimitButton host={host} />
        </span>
      </div>
      <NowStrip host={host} thresholds={thresholds} clockOffsetMs={clockOffsetMs} />
    </header>
  );
}

const tile = "rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900";
const label = "text-xs font-medium text-zinc-500 dark:text-zinc-400";

/** Since when the host is dropping, or when it last dropped: the line an on-call engineer reads first. */
function DropState({ host, clockOffsetMs }: { host: HostDetail; clockOffsetMs: number }) {
  const now = useNow() + clockOffsetMs;
  const since = parseTime(host.droppingSince);
  const last = parseTime(host.lastDropAt);
  if (host.droppingNow && since !== null) {
    return (
      <div data-testid="dropping-since" className="mt-0.5 text-[11px] tabular-nums text-red-700 dark:text-red-400" title={droppingTitle(host)}>
        since {formatUtc(since)} ({formatDuration(now - since)})
      </div>
    );
  }
  if (last === null) return null;
  return (
    <div data-testid="last-drop" className="mt-0.5 text-[11px] tabular-nums text-zinc-500 dark:text-zinc-400" title={droppingTitle(host)}>
      not dropping now · last drop {formatAge(last, now)}
    </div>
  );
}

/** The table right now, in the fleet table's own vocabulary (same bar, same thresholds). */
function NowStrip({ host, thresholds, clockOffsetMs }: { host: HostDetail; thresholds: Thresholds; clockOffsetMs: number }) {
  const failed = isFailedStatus(host.status);
  const staleTitle = failed ? `last known value, read ${formatTimestamp(host.lastOkAt)}` : undefined;
  const drops = host.dropsLastHour;
  return (
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4" title={staleTitle}>
      <div className={`${tile} col-span-2 min-w-0`}>
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <span className={label}>Utilization</span>
          <span className="num text-xs text-zinc-500 dark:text-zinc-400">
            <span className="font-semibold text-zinc-800 dark:text-zinc-200">{formatCount(host.count)}</span> of{" "}
            {formatCount(host.max)} entries
            {host.temporaryRaise && <TemporaryBadge raise={host.temporaryRaise} />}
          </span>
        </div>
        <div className="mt-1.5">
          <UtilizationBar ratio={host.utilization} thresholds={thresholds} stale={failed} />
        </div>
      </div>
      <div className={tile} data-testid="drops-now-tile">
        <div className={label}>Drops in the last hour</div>
        <div className="mt-0.5 flex flex-wrap items-center gap-x-2">
          <span
            className={`num text-xl leading-7 font-semibold ${
              drops === null
                ? "text-zinc-300 dark:text-zinc-700"
                : drops > 0
                  ? host.droppingNow
                    ? "text-red-700 dark:text-red-400"
                    : "text-zinc-800 dark:text-zinc-200"
                  : "text-zinc-400 dark:text-zinc-600"
            }`}
          >
            {formatCount(drops)}
          </span>
          <DropBadge host={host} label="dropping now" />
        </div>
        <DropState host={host} clockOffsetMs={clockOffsetMs} />
      </div>
      <div className={tile}>
        <div className={label}>Drops since boot</div>
        <div className="num mt-0.5 text-xl leading-7 font-semibold text-zinc-700 dark:text-zinc-300">{formatCount(host.drops)}</div>
      </div>
    </div>
  );
}
