import Link from "next/link";
import { memo } from "react";
import { isFailedStatus, type FleetHost, type Thresholds } from "@/lib/client/fleet-schema";
import { formatCount, formatTimestamp } from "@/lib/client/fleet-format";
import { overdueAt, type ScheduleContext } from "@/lib/client/fleet-schedule";
import { RowRaiseButton } from "@/components/limits/raise-button";
import { PollAge } from "./poll-age";
import { DropBadge, droppingTitle } from "./drop-badge";
import { StatusCell } from "./status-cell";
import { UtilizationBar } from "./utilization-bar";

export interface HostRowProps {
  host: FleetHost;
  thresholds: Thresholds;
  clockOffsetMs: number;
  schedule: ScheduleContext;
  activeTag: string;
  onTagClick: (tag: string) => void;
  /** Position in the virtual list: the virtualizer measures the row by it. */
  index: number;
  /** 1-based row number in the whole table (header row = 1), for assistive tech. */
  rowIndex: number;
  measureRef: (el: HTMLTableRowElement | null) => void;
}

/**
 * Below md (a phone) the same row is a card: a grid instead of table cells, read top to bottom as
 * name and poll age, status and reason, utilization, the numbers with their labels, tags. One DOM for both, so
 * the virtualised list, the server-rendered first rows and every test id stay as they are.
 */
const cell = "px-3 py-1.5 align-middle max-md:min-w-0 max-md:p-0";
const card =
  "max-md:grid max-md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,2fr)] max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-3 max-md:py-2.5";
/** The column header a card has no room for, above its number. */
function CardLabel({ children }: { children: string }) {
  return <span className="block text-[10px] font-medium tracking-wide text-zinc-500 uppercase md:hidden dark:text-zinc-400">{children}</span>;
}

/**
 * Memoised on props: react-query keeps unchanged hosts referentially equal between polls, so only
 * rows whose data moved re-render; the ticking age re-renders itself, not the row.
 */
export const HostRow = memo(function HostRow({
  host,
  thresholds,
  clockOffsetMs,
  schedule,
  activeTag,
  onTagClick,
  index,
  rowIndex,
  measureRef,
}: HostRowProps) {
  const failed = isFailedStatus(host.status);
  const hasNumbers = host.count !== null || host.max !== null;
  const staleTitle = failed && hasNumbers ? `last known value, read ${formatTimestamp(host.lastOkAt)}` : undefined;
  const numTone = failed ? "text-zinc-400 dark:text-zinc-500" : "text-zinc-800 dark:text-zinc-200";
  const drops = host.dropsLastHour;

  return (
    <tr
      ref={measureRef}
      data-index={index}
      aria-rowindex={rowIndex}
      data-testid={`host-row-${host.name}`}
      data-status={host.status}
      className={`group border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-800/40 ${card}`}
    >
      <td className={`${cell} max-md:order-1 max-md:col-span-2`}>
        <div className="flex items-center gap-2">
          <div className="min-w-0 flex-1 truncate font-medium text-zinc-900 dark:text-zinc-100" title={host.name}>
            <Link
              href={`/hosts/${encodeURIComponent(host.name)}`}
              className="underline-offset-2 hover:text-sky-700 hover:underline dark:hover:text-sky-400"
            >
              {host.name}
            </Link>
          </div>
          <RowRaiseButton host={host} />
        </div>
        <div className="num truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400" title={host.kernel ?? undefined}>
          {host.address}
        </div>
      </td>
      <td className={`${cell} max-md:order-8 max-md:col-span-3`}>
        <div className="flex flex-wrap gap-1">
          {host.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              onClick={() => onTagClick(tag)}
              aria-pressed={tag === activeTag}
              title={tag === activeTag ? `Showing only “${tag}” — click to clear` : `Show only hosts tagged “${tag}”`}
              className={`rounded px-1.5 py-px text-[11px] leading-4 ring-1 ring-inset transition-colors ${
                tag === activeTag
                  ? "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-700"
                  : "bg-zinc-50 text-zinc-600 ring-zinc-200 hover:bg-zinc-100 hover:text-zinc-900 dark:bg-zinc-800/60 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-700"
              }`}
            >
              {tag}
            </button>
          ))}
        </div>
      </td>
      <td className={`${cell} max-md:order-4 max-md:col-span-3`} title={staleTitle}>
        <UtilizationBar ratio={host.utilization} thresholds={thresholds} stale={failed} />
      </td>
      <td className={`${cell} num text-right max-md:order-5 max-md:text-left ${numTone}`} title={staleTitle}>
        <CardLabel>entries</CardLabel>
        <span data-testid="host-count">{formatCount(host.count)}</span>
      </td>
      <td className={`${cell} num text-right max-md:order-6 max-md:text-left ${numTone}`} title={staleTitle}>
        <CardLabel>max</CardLabel>
        <span data-testid="host-max" title={host.max === 0 ? "max 0: the kernel applies no limit" : undefined}>
          {formatCount(host.max)}
        </span>
      </td>
      <td className={`${cell} text-right max-md:order-7`}>
        <CardLabel>drops 1h</CardLabel>
        <div className="flex flex-wrap items-center justify-end gap-1.5">
          <DropBadge host={host} />
          <span
            data-testid="host-drops-hour"
            title={[host.drops !== null ? `${formatCount(host.drops)} drops since boot` : null, host.lastDropAt ? droppingTitle(host) : null].filter(Boolean).join("\n") || undefined}
            className={`num ${
              drops === null
                ? "text-zinc-400 dark:text-zinc-600"
                : drops > 0
                  ? host.droppingNow
                    ? "font-semibold text-red-700 dark:text-red-400"
                    : "font-medium text-zinc-700 dark:text-zinc-300"
                  : "text-zinc-400 dark:text-zinc-500"
            }`}
          >
            {formatCount(drops)}
          </span>
        </div>
      </td>
      <td className={`${cell} max-md:order-3 max-md:col-span-3`}>
        <StatusCell host={host} />
      </td>
      <td className={`${cell} text-right max-md:order-2`}>
        {/* Contained: the label changes every second, and must not lay the whole table out again. */}
        <span className="inline-block h-5 w-full text-right [contain:strict]">
          <PollAge iso={host.lastPollAt} clockOffsetMs={clockOffsetMs} overdueAt={overdueAt(host, schedule)} schedule={host} />
        </span>
      </td>
    </tr>
  );
});
