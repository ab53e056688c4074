"use client";

import Link from "next/link";
import { memo, useCallback, useMemo } from "react";
import type { ChartZone } from "@/components/charts/chart-axes";
import type { ZoomHandlers } from "@/components/charts/chart-interaction";
import type { ChartTheme } from "@/components/charts/chart-theme";
import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import { laneAuditMarks, laneColumns, laneEventMarks } from "@/lib/client/timeline-chart-data";
import type { TimelineLane as Lane } from "@/lib/client/timeline-schema";
import { hostLink, momentWindow } from "@/lib/client/timeline-url";
import { LaneChart } from "./lane-chart";

export interface TimelineLaneProps {
  lane: Lane;
  stepSeconds: number;
  xRange: readonly [number, number];
  theme: ChartTheme;
  zone: ChartZone;
  handlers: { current: ZoomHandlers };
  /** A click on the lane's chart at `atMs` (snapped to a drop mark when one is under the pointer). */
  onPick: (host: string, atMs: number, laneWindow: { fromMs: number; toMs: number }) => void;
}

const stat = "text-[12px] text-zinc-500 dark:text-zinc-400";
const value = "num font-medium text-zinc-800 dark:text-zinc-200";

/** One host: when it dropped, how much (counter beside log lines), and its chart. */
export const TimelineLane = memo(function TimelineLane({ lane, stepSeconds, xRange, theme, zone, handlers, onPick }: TimelineLaneProps) {
  const columns = useMemo(() => laneColumns(lane, stepSeconds), [lane, stepSeconds]);
  const marks = useMemo(() => laneEventMarks(lane), [lane]);
  const audit = useMemo(() => laneAuditMarks(lane.changes), [lane.changes]);
  const time = (iso: string | null) => (iso === null ? "—" : formatEventTime(iso, zone));
  // Host links keep the window on screen; the log-lines link opens it around the first drop.
  const win = { fromMs: xRange[0] * 1000, toMs: xRange[1] * 1000 };
  const firstMs = lane.firstDropAt ? Date.parse(lane.firstDropAt) : null;
  const pick = useCallback((atMs: number) => onPick(lane.host, atMs, { fromMs: xRange[0] * 1000, toMs: xRange[1] * 1000 }), [onPick, lane.host, xRange]);
  return (
    <li data-testid="timeline-lane" data-host={lane.host} className="rounded-md border border-zinc-200 bg-white px-3 pt-2 pb-1.5 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-0.5">
          <Link data-testid="lane-host-link" href={hostLink(lane.host, win)} className="font-medium whitespace-nowrap text-sky-700 hover:underline dark:text-sky-400">
            {lane.host}
          </Link>
          <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{lane.status}</span>
          {lane.droppingAtEnd && (
            <span
              data-testid="lane-dropping-at-end"
              title="the drop counter still moved in the range's last step"
              className="rounded bg-red-50 px-1 text-[11px] font-medium whitespace-nowrap text-red-800 ring-1 ring-red-300 ring-inset dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40"
            >
              still dropping at end
            </span>
          )}
          {lane.tags.map((t) => (
            <span key={t} className="rounded bg-zinc-100 px-1 text-[11px] whitespace-nowrap text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
              {t}
            </span>
          ))}
        </div>
        <div className="flex flex-wrap items-baseline gap-x-3">
          <span className={stat}>
            {time(lane.firstDropAt)} → {time(lane.lastDropAt)}
          </span>
          <span className={stat}>
            drops <span data-testid="lane-drops" className={`${value} text-red-700 dark:text-red-400`}>{formatCount(lane.drops)}</span>
          </span>
          <span className={stat} title="table-full lines the kernel printed; suppressed lines are the ones net_ratelimit swallowed">
            {firstMs !== null ? (
              <Link data-testid="lane-log-link" href={hostLink(lane.host, momentWindow(firstMs, win), firstMs)} className="text-sky-700 hover:underline dark:text-sky-400">
                log lines
              </Link>
            ) : (
              "log lines"
            )}{" "}
            <span data-testid="lane-log-lines" className={value}>{formatCount(lane.logLines)}</span>
            {lane.suppressed > 0 && <span> (+{formatCount(lane.suppressed)} suppressed)</span>}
          </span>
          <span className={stat}>
            peak <span className={value}>{formatPercent(lane.peakUtilization)}</span>
          </span>
          {lane.changes.length > 0 && <span className={stat}>{lane.changes.length} limit change{lane.changes.length === 1 ? "" : "s"}</span>}
        </div>
      </div>
      <LaneChart columns={columns} marks={marks} audit={audit} xRange={xRange} theme={theme} zone={zone} handlers={handlers} onPick={pick} />
    </li>
  );
});
