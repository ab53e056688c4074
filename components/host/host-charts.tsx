"use client";

import type { ReactNode } from "react";
import type { ChartZone } from "@/components/charts/chart-axes";
import type { ZoomHandlers } from "@/components/charts/chart-interaction";
import type { ChartTheme } from "@/components/charts/chart-theme";
import { DropsChart } from "@/components/charts/drops-chart";
import { UtilizationChart } from "@/components/charts/utilization-chart";
import { AUDIT_MARK_COLOR } from "@/components/audit/audit-chart-marks";
import type { AuditMarks } from "@/lib/client/audit-format";
import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import type { Thresholds } from "@/lib/client/fleet-schema";
import type { EventMarks } from "@/lib/client/host-events";
import { describeResolution, type SamplesView } from "@/lib/client/host-series";
import { ChartEmpty, ChartLegend, ChartSkeleton, PanelError } from "./chart-states";

export interface HostChartsProps {
  view: SamplesView | undefined;
  marks: EventMarks;
  /** Limit changes on this host in the window, drawn over the utilization chart. */
  audit: AuditMarks;
  xRange: readonly [number, number];
  thresholds: Thresholds;
  theme: ChartTheme;
  zone: ChartZone;
  syncKey: string;
  handlers: { current: ZoomHandlers };
  /** Why there is nothing to draw, when there is nothing. */
  emptyReason: ReactNode;
  failure: string | null;
  /** Showing the previous range's data while the new one loads. */
  switching: boolean;
  onRetry: () => void;
}

const panel = "rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";
const heading = "text-[13px] font-semibold text-zinc-800 dark:text-zinc-200";
const stat = "num text-xs text-zinc-500 dark:text-zinc-400";

export function HostCharts(p: HostChartsProps) {
  const { view, failure } = p;
  const empty = view !== undefined && view.dataPoints === 0;
  const idle = "drag across a chart to zoom · double-click to reset";

  return (
    <section aria-label="Conntrack history" className={`${panel} relative px-3 pt-2.5 pb-2`}>
      {p.switching && (
        <div aria-hidden className="absolute inset-x-0 top-0 h-0.5 overflow-hidden rounded-t-md">
          <div className="h-full w-1/3 bg-sky-500/70 motion-safe:animate-pulse" />
        </div>
      )}
      <div className="flex flex-wrap items-baseline justify-between gap-x-4">
        <h2 className={heading}>Table size</h2>
        <div className="flex flex-wrap items-baseline gap-x-3">
          {view && view.peakUtilization !== null && (
            <span className={stat}>
              peak <span className="font-medium text-zinc-700 dark:text-zinc-300">{formatPercent(view.peakUtilization)}</span>
            </span>
          )}
          {view && <span className={stat}>{describeResolution(view.resolution, view.stepSeconds)}</span>}
          <span className={stat}>{p.zone === "utc" ? "UTC" : "local time"}</span>
          <ChartLegend
            items={[
              { label: "count", color: p.theme.count },
              ...(view?.countMax ? [{ label: "bucket peak", color: p.theme.countPeak }] : []),
              { label: "max", color: p.theme.max },
              { label: `warn ${Math.round(p.thresholds.warn * 100)}%`, color: p.theme.warn, dashed: true },
              { label: `critical ${Math.round(p.thresholds.critical * 100)}%`, color: p.theme.critical, dashed: true },
              ...(p.audit.x.length > 0
                ? [{ label: "limit change", color: AUDIT_MARK_COLOR[p.theme.dark ? "dark" : "light"].success, mark: "tick" as const }]
                : []),
            ]}
          />
        </div>
      </div>

      <div data-testid="chart-utilization" className="relative mt-1" aria-label="Connection count against nf_conntrack_max">
        {view ? (
          <UtilizationChart
            view={view}
            xRange={p.xRange}
            thresholds={p.thresholds}
            theme={p.theme}
            zone={p.zone}
            syncKey={p.syncKey}
            handlers={p.handlers}
            idleText={idle}
            audit={p.audit}
          />
        ) : (
          <ChartSkeleton height={240} />
        )}
        {!view && failure && <PanelError title="Could not load samples" reason={failure} onRetry={p.onRetry} />}
        {empty && <ChartEmpty>{p.emptyReason}</ChartEmpty>}
      </div>

      <div className="mt-3 flex flex-wrap items-baseline justify-between gap-x-4 border-t border-zinc-100 pt-2 dark:border-zinc-800">
        <h2 className={heading}>
          Drops{" "}
          <span className="font-normal text-zinc-500 dark:text-zinc-400">
            in range:{" "}
            <span
              data-testid="drops-total"
              className={`num font-semibold ${view?.dropsTotal ? "text-red-700 dark:text-red-400" : "text-zinc-700 dark:text-zinc-300"}`}
            >
              {view ? formatCount(view.dropsTotal) : "–"}
            </span>
          </span>
        </h2>
        <div className="flex flex-wrap items-baseline gap-x-3">
          {view && (view.earlyDropsTotal ?? 0) > 0 && (
            <span className={stat} title="early_drop: the kernel evicted a non-assured entry to make room">
              early drops {formatCount(view.earlyDropsTotal)}
            </span>
          )}
          {view && (view.insertFailedTotal ?? 0) > 0 && (
            <span className={stat} title="insert_failed: an entry could not be inserted (often a race on clash)">
              insert failed {formatCount(view.insertFailedTotal)}
            </span>
          )}
          <ChartLegend
            items={[
              { label: "drops/s (counter)", color: p.theme.drops },
              { label: "table full", color: p.theme.mark.full, mark: "tick" },
              { label: "suppressed", color: p.theme.mark.suppressed, mark: "ring" },
              { label: "other log", color: p.theme.mark.other, mark: "tick" },
            ]}
          />
        </div>
      </div>

      <div data-testid="chart-drops" className="relative mt-1" aria-label="Packet drop rate and kernel-log events">
        {view ? (
          <DropsChart
            view={view}
            marks={p.marks}
            xRange={p.xRange}
            theme={p.theme}
            zone={p.zone}
            syncKey={p.syncKey}
            handlers={p.handlers}
            idleText="hover for the drop rate · ticks at the top are kernel-log lines"
          />
        ) : (
          <ChartSkeleton height={170} />
        )}
      </div>
    </section>
  );
}
