"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import { AUDIT_READOUT, auditMarksNear, drawAuditMarks } from "@/components/audit/audit-chart-marks";
import { lowerBound, tzDateFor, xAxis, yAxis, type ChartZone } from "@/components/charts/chart-axes";
import { cursorOptions, zoomHooks, type ZoomHandlers } from "@/components/charts/chart-interaction";
import { READOUT_MUTED, READOUT_VALUE, writeReadout, type ReadoutPart } from "@/components/charts/chart-readout";
import type { ChartTheme } from "@/components/charts/chart-theme";
import { drawEventMarks, marksNear } from "@/components/charts/event-marks";
import { ReadoutChart } from "@/components/charts/readout-chart";
import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import { formatCompact, formatRate } from "@/lib/client/host-format";
import type { AuditMarks } from "@/lib/client/audit-format";
import type { EventMarks } from "@/lib/client/host-events";
import type { LaneColumns } from "@/lib/client/timeline-chart-data";

export interface LaneChartProps {
  columns: LaneColumns;
  marks: EventMarks;
  audit: AuditMarks;
  xRange: readonly [number, number];
  theme: ChartTheme;
  zone: ChartZone;
  handlers: { current: ZoomHandlers };
  /** A click (not a drag, not a double-click) at this instant, snapped to a drop mark under the pointer. */
  onPick?: (atMs: number) => void;
  height?: number;
}

const HOVER_PX = 6;
const RED = "font-semibold text-red-700 dark:text-red-400";
const IDLE = "hover for exact values · click to open the host's log lines at that moment · drag to zoom · double-click to zoom out";
/** A second click within this long is a double-click (zoom out), not a pick. */
const DBLCLICK_MS = 250;
const CLICK_SLOP_PX = 5;

/**
 * One host's lane: drop rate as bars (left axis), utilization against max as a line (right axis,
 * 0–100 %), kernel-log events in the mark lane on top and limit changes as full-height rules.
 * Every lane shares one cursor sync key, so the crosshair lines up across hosts.
 */
export function LaneChart(p: LaneChartProps) {
  const { columns, marks, audit, xRange, theme, zone, handlers } = p;
  const height = p.height ?? 120;
  const readout = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const data = useMemo<uPlot.AlignedData>(
    () => (columns.x.length === 0 ? [[xRange[0], xRange[1]], [null, null], [null, null]] : [columns.x, columns.dropRate, columns.utilization]),
    [columns, xRange],
  );
  const ctx = useRef({ zone, marks, audit, theme, columns, onPick: p.onPick });
  useLayoutEffect(() => {
    ctx.current = { zone, marks, audit, theme, columns, onPick: p.onPick };
  });

  const bindPick = useCallback((u: uPlot) => {
    let downX = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    u.over.style.cursor = "pointer";
    u.over.addEventListener("mousedown", (e) => {
      downX = e.clientX;
    });
    u.over.addEventListener("click", (e) => {
      clearTimeout(timer);
      if (e.detail > 1 || Math.abs(e.clientX - downX) >= CLICK_SLOP_PX) return;
      const xSec = u.posToVal(e.clientX - u.over.getBoundingClientRect().left, "x");
      const near = marksNear(u, ctx.current.marks, xSec, HOVER_PX);
      const at = near.hi > near.lo ? (ctx.current.marks.x[near.lo] ?? xSec) : xSec;
      timer = setTimeout(() => ctx.current.onPick?.(Math.round(at * 1000)), DBLCLICK_MS);
    });
    u.over.addEventListener("dblclick", () => clearTimeout(timer));
  }, []);

  const showReadout = useCallback((u: uPlot) => {
    const { zone: z, marks: m, audit: a, columns: c } = ctx.current;
    const left = u.cursor.left;
    if (left === undefined || left < 0 || c.x.length === 0) return writeReadout(readout.current, [{ text: IDLE, className: READOUT_MUTED }]);
    const xSec = u.posToVal(left, "x");
    // The step the cursor is in, not the nearest point: a bar covers [ts, ts + step).
    const idx = Math.max(0, lowerBound(c.x, xSec + 1e-9) - 1);
    const parts: ReadoutPart[] = [{ text: `${formatEventTime(new Date((c.x[idx] ?? xSec) * 1000).toISOString(), z)}  `, className: READOUT_MUTED }];
    const drops = c.drops[idx] ?? null;
    parts.push(
      { text: "drops ", className: READOUT_MUTED },
      { text: formatCount(drops), className: drops ? RED : READOUT_VALUE },
      { text: ` (${formatRate(c.dropRate[idx] ?? null)})  util `, className: READOUT_MUTED },
      { text: formatPercent(c.utilization[idx] ?? null), className: READOUT_VALUE },
    );
    const near = marksNear(u, m, xSec, HOVER_PX);
    if (near.hi > near.lo) {
      const i = near.lo;
      parts.push(
        { text: "  ·  ", className: READOUT_MUTED },
        { text: `${m.kind[i] ?? "event"} ×${formatCount(m.count[i] ?? 1)}`, className: RED },
        { text: ` at ${formatEventTime(new Date((m.x[i] ?? 0) * 1000).toISOString(), z).slice(11)}`, className: READOUT_MUTED },
      );
    }
    const changes = auditMarksNear(u, a, xSec, HOVER_PX);
    if (changes.length > 0) {
      const i = changes[0]!;
      parts.push({ text: "  ·  ", className: READOUT_MUTED }, { text: a.label[i]!, className: AUDIT_READOUT[a.outcome[i]!] });
      parts.push({ text: ` at ${formatEventTime(new Date(a.x[i]! * 1000).toISOString(), z).slice(11)}`, className: READOUT_MUTED });
    }
    writeReadout(readout.current, parts);
  }, []);

  const options = useCallback(
    (width: number, h: number): uPlot.Options => ({
      width,
      height: h,
      legend: { show: false },
      tzDate: tzDateFor(zone),
      cursor: cursorOptions("timeline", handlers, [2]),
      scales: {
        x: { time: true },
        // Head-room keeps the event lane at the top clear of the tallest bar.
        rate: { range: (_u, _min, max) => [0, max > 0 ? max * 1.3 : 1] },
        util: { range: [0, 1.15] },
      },
      axes: [
        xAxis(theme),
        { ...yAxis(theme, (v) => `${formatCompact(v)}/s`), scale: "rate" },
        { ...yAxis(theme, (v) => (v <= 1 ? `${Math.round(v * 100)}%` : "")), scale: "util", side: 1, grid: { show: false } },
      ],
      series: [
        {},
        { label: "drops/s", scale: "rate", stroke: theme.drops, fill: theme.dropsFill, width: 1, paths: uPlot.paths.bars!({ size: [1, Infinity], align: 1 }), points: { show: false } },
        { label: "utilization", scale: "util", stroke: theme.count, width: 1.25, points: { show: false } },
      ],
      hooks: {
        ...zoomHooks(handlers, theme.select),
        init: [...zoomHooks(handlers, theme.select).init, bindPick],
        draw: [
          (u) => {
            drawEventMarks(u, ctx.current.marks, ctx.current.theme);
            drawAuditMarks(u, ctx.current.audit, ctx.current.theme.dark);
          },
        ],
        setCursor: [showReadout],
        ready: [showReadout],
      },
    }),
    [theme, zone, handlers, showReadout, bindPick],
  );

  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [marks, audit]);

  return <ReadoutChart readoutRef={readout} options={options} data={data} xRange={xRange} height={height} chartRef={chart} dark={theme.dark} zone={zone} />;
}
