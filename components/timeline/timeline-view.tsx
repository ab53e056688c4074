"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useLayoutEffect, useMemo, useRef } from "react";
import type { ZoomHandlers } from "@/components/charts/chart-interaction";
import { useChartTheme } from "@/components/charts/chart-theme";
import { describeError } from "@/lib/client/fleet-api";
import { parseTime } from "@/lib/client/fleet-format";
import { describeRange } from "@/lib/client/host-range";
import { TIMELINE_REFETCH_MS, timelineQuery } from "@/lib/client/timeline-api";
import { filterLanesByStatus, hostLink, momentWindow } from "@/lib/client/timeline-url";
import { useTimelineView } from "@/lib/client/timeline-view-state";
import { SummaryPanel } from "./summary-panel";
import { LanesSkeleton, TimelineHeading, TimelineMessage } from "./timeline-states";
import { TimelineLane } from "./timeline-lane";
import { TimelineToolbar } from "./timeline-toolbar";

/** The one component of the timeline page that talks to the API and the URL. */
export function TimelineView() {
  const { view, zoomed, update, setRange, zoomTo, resetZoom } = useTimelineView();
  const theme = useChartTheme();
  const query = useQuery({
    ...timelineQuery(view.range, view),
    refetchInterval: view.range.kind === "relative" ? TIMELINE_REFETCH_MS : false,
    placeholderData: keepPreviousData,
  });

  // Charts hold the handlers by reference: the latest callbacks without rebuilding every lane.
  const handlers = useRef<ZoomHandlers>({ onZoom: zoomTo, onReset: resetZoom });
  useLayoutEffect(() => {
    handlers.current = { onZoom: zoomTo, onReset: resetZoom };
  });

  const router = useRouter();
  // A click on a lane (or one of its marks) opens that host around that moment, its log lines listed.
  const pick = useCallback(
    (host: string, atMs: number, laneWindow: { fromMs: number; toMs: number }) => router.push(hostLink(host, momentWindow(atMs, laneWindow), atMs)),
    [router],
  );

  const data = query.data;
  // Every lane shows the window the server answered for, so lanes and summary always agree.
  const xRange = useMemo<readonly [number, number] | null>(() => {
    const from = data ? parseTime(data.from) : null;
    const to = data ? parseTime(data.to) : null;
    return from === null || to === null ? null : [from / 1000, to / 1000];
  }, [data]);
  const lanes = useMemo(() => (data ? filterLanesByStatus(data.lanes, view.status) : []), [data, view.status]);

  return (
    <div className="space-y-3">
      <TimelineHeading>
        <span className="text-[12px] text-zinc-500 dark:text-zinc-400">
          {describeRange(view.range, view.zone)}
          {data && ` · ${data.resolution} steps`}
          {query.isFetching && " · updating…"}
        </span>
      </TimelineHeading>
      <TimelineToolbar view={view} zoomed={zoomed} onRange={setRange} onResetZoom={resetZoom} onChange={update} />
      {query.isError && !data ? (
        <TimelineMessage testId="timeline-error" title="Could not load the timeline">
          {describeError(query.error)}{" "}
          <button type="button" onClick={() => void query.refetch()} className="text-sky-700 hover:underline dark:text-sky-400">
            retry
          </button>
        </TimelineMessage>
      ) : !data || !xRange ? (
        <LanesSkeleton />
      ) : (
        <>
          {query.isError && (
            <p role="alert" className="text-[12px] text-red-700 dark:text-red-400">
              Refresh failed ({describeError(query.error)}); showing the last answer.
            </p>
          )}
          <SummaryPanel
            timeline={data}
            zone={view.zone}
            view={view}
            refresh={view.range.kind === "relative" ? async () => (await query.refetch()).data : undefined}
          />
          {lanes.length === 0 ? (
            <TimelineMessage testId="timeline-empty" title="No host dropped packets in this range">
              {data.lanes.length > 0 ? "Hosts dropped, but none with the selected status." : "Neither the drop counters nor the kernel logs show drops for the selected hosts."}
            </TimelineMessage>
          ) : (
            <ul className="space-y-2" aria-label="Hosts that dropped, by first drop">
              {lanes.map((l) => (
                <TimelineLane key={l.host} lane={l} stepSeconds={data.stepSeconds} xRange={xRange} theme={theme} zone={view.zone} handlers={handlers} onPick={pick} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
