"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ZoomHandlers } from "@/components/charts/chart-interaction";
import { useChartTheme } from "@/components/charts/chart-theme";
import { HOST_AUDIT_REFETCH_MS, hostAuditQuery } from "@/lib/client/audit-api";
import { auditMarks } from "@/lib/client/audit-format";
import { describeError, MIN_REFETCH_MS } from "@/lib/client/fleet-api";
import { parseTime } from "@/lib/client/fleet-format";
import type { Thresholds } from "@/lib/client/fleet-schema";
import { eventsQuery, hostQuery, isNotFound, samplesQuery } from "@/lib/client/host-api";
import { eventMarks, newestFirst } from "@/lib/client/host-events";
import { rangeKey, resolveWindow, samplesRefetchMs, type HostRange } from "@/lib/client/host-range";
import { useHostRange } from "@/lib/client/host-range-state";
import { EventsPanel } from "./events-panel";
import { HostCharts } from "./host-charts";
import { HostFacts } from "./host-facts";
import { HostHeader } from "./host-header";
import { HostKeyPanel } from "./host-key-panel";
import { HostLoadError, HostNotFound, HostPageSkeleton } from "./host-states";
import { RangePicker } from "./range-picker";
import { RangeStatus } from "./range-status";
import { samplesEmptyReason } from "./samples-empty-reason";

/** A host's poll is overdue once it is this many poll intervals old (as on the overview). */
export interface HostDetailProps {
  name: string;
  pollIntervalSeconds: number;
  /** The SSH/command timeout: how late a due poll may finish (the overdue rule, see overdueAt). */
  timeoutSeconds: number;
  thresholds: Thresholds;
  /** The range when the URL names none (the server's pick: last choice, or one that fits the data). */
  openingRange?: HostRange;
}

/** The one component of the host page that talks to the API and the URL; the rest is presentational. */
export function HostDetail({ name, pollIntervalSeconds, timeoutSeconds, thresholds, openingRange }: HostDetailProps) {
  const pollMs = Math.max(MIN_REFETCH_MS, pollIntervalSeconds * 1000);
  const { range, zoomed, setRange, zoomTo, resetZoom, atMs } = useHostRange(openingRange);
  const [zone, setZone] = useState<"utc" | "local">("utc");
  const theme = useChartTheme();
  const live = range.kind === "relative";

  const hostQ = useQuery({
    ...hostQuery(name),
    refetchInterval: (q) => (isNotFound(q.state.error) ? false : pollMs),
  });
  const samplesQ = useQuery({
    ...samplesQuery(name, range),
    refetchInterval: (q) => samplesRefetchMs(range, pollMs, q.state.data?.stepSeconds ?? null),
    placeholderData: keepPreviousData,
  });
  const eventsQ = useQuery({
    ...eventsQuery(name, range),
    refetchInterval: live ? pollMs : false,
    placeholderData: keepPreviousData,
  });

  const auditQ = useQuery({
    ...hostAuditQuery(name, range),
    refetchInterval: live ? HOST_AUDIT_REFETCH_MS : false,
    placeholderData: keepPreviousData,
  });

  const handlers = useRef<ZoomHandlers>({ onZoom: zoomTo, onReset: resetZoom });
  useLayoutEffect(() => {
    handlers.current = { onZoom: zoomTo, onReset: resetZoom };
  });

  // While a new range loads, the charts already show its window over the previous data. Keyed
  // on the range (not the render) so the pending window does not creep with every re-render.
  const key = rangeKey(range);
  const pendingWindow = useMemo(() => resolveWindow(range, Date.now()), [key]);
  const view = samplesQ.data;
  const fresh = view !== undefined && !samplesQ.isPlaceholderData;
  const win = range.kind === "absolute" ? range : fresh ? view : pendingWindow;
  const xRange = useMemo(() => [win.fromMs / 1000, win.toMs / 1000] as const, [win.fromMs, win.toMs]);

  const events = useMemo(() => (eventsQ.data ? newestFirst(eventsQ.data.events) : undefined), [eventsQ.data]);
  const marks = useMemo(() => eventMarks(eventsQ.data?.events ?? []), [eventsQ.data]);
  const audit = useMemo(() => auditMarks(auditQ.data?.entries ?? []), [auditQ.data]);

  const response = hostQ.data;
  if (!response) {
    if (isNotFound(hostQ.error)) return <HostNotFound name={name} />;
    if (hostQ.isError) return <HostLoadError name={name} reason={describeError(hostQ.error)} onRetry={() => void hostQ.refetch()} />;
    return <HostPageSkeleton name={name} />;
  }
  const host = response.host;
  const generatedAt = parseTime(response.generatedAt);
  const clockOffsetMs =
    generatedAt !== null && hostQ.dataUpdatedAt ? Math.round((generatedAt - hostQ.dataUpdatedAt) / 1000) * 1000 : 0;
  const refresh = {
    updatedAt: hostQ.dataUpdatedAt,
    failure: hostQ.isError ? describeError(hostQ.error) : null,
    refetchMs: pollMs,
  };
  const refreshMs = samplesRefetchMs(range, pollMs, view?.stepSeconds ?? null);

  return (
    <div className="space-y-3">
      <HostHeader
        host={host}
        thresholds={thresholds}
        clockOffsetMs={clockOffsetMs}
        schedule={{ pollIntervalMs: pollIntervalSeconds * 1000, timeoutMs: timeoutSeconds * 1000, refetchMs: pollMs }}
        refresh={refresh}
      />
      <HostKeyPanel error={host.error} />
      <HostFacts host={host} clockOffsetMs={clockOffsetMs} />
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <RangePicker range={range} onChange={setRange} />
        <RangeStatus
          range={range}
          points={fresh ? view.dataPoints : null}
          refreshSeconds={refreshMs === false ? null : Math.round(refreshMs / 1000)}
          loading={samplesQ.isFetching && !fresh}
          zoomed={zoomed}
          onResetZoom={resetZoom}
        />
      </div>
      <HostCharts
        view={view}
        marks={marks}
        audit={audit}
        xRange={xRange}
        thresholds={thresholds}
        theme={theme}
        zone={zone}
        syncKey={`host:${name}`}
        handlers={handlers}
        emptyReason={samplesEmptyReason(host)}
        failure={samplesQ.isError ? describeError(samplesQ.error) : null}
        switching={samplesQ.isPlaceholderData}
        onRetry={() => void samplesQ.refetch()}
      />
      <EventsPanel
        key={key}
        events={events}
        truncated={eventsQ.data?.truncated ?? false}
        failure={eventsQ.isError ? describeError(eventsQ.error) : null}
        logProblem={host.log.source === null ? host.log.error : null}
        zone={zone}
        onZone={setZone}
        onRetry={() => void eventsQ.refetch()}
        atMs={atMs}
      />
    </div>
  );
}
