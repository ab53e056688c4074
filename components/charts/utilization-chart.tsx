"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import { AUDIT_READOUT, auditMarksNear, drawAuditMarks } from "@/components/audit/audit-chart-marks";
import { NO_AUDIT_MARKS, type AuditMarks } from "@/lib/client/audit-format";
import type { Thresholds } from "@/lib/client/fleet-schema";
import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import { formatCompact } from "@/lib/client/host-format";
import type { SamplesView } from "@/lib/client/host-series";
import { tzDateFor, xAxis, yAxis, type ChartZone } from "./chart-axes";
import { cursorOptions, zoomHooks, type ZoomHandlers } from "./chart-interaction";
import { READOUT_MUTED, READOUT_VALUE, writeReadout, type ReadoutPart } from "./chart-readout";
import type { ChartTheme } from "./chart-theme";
import { ReadoutChart } from "./readout-chart";

export interface UtilizationChartProps {
  view: SamplesView;
  xRange: readonly [number, number];
  thresholds: Thresholds;
  theme: ChartTheme;
  zone: ChartZone;
  syncKey: string;
  handlers: { current: ZoomHandlers };
  idleText: string;
  /** Limit changes on this host, drawn as vertical rules with their label in the hover read-out. */
  audit?: AuditMarks;
  height?: number;
}

/** How close (CSS px) the cursor must be to a limit-change rule for its label to show. */
const AUDIT_HOVER_PX = 6;

const nulls = (n: number) => new Array<number | null>(n).fill(null);
const scaled = (col: readonly (number | null)[], f: number) => col.map((v) => (v === null ? null : v * f));

/** count (area), bucket peaks when rolled up, max (step) and the warn/critical lines, which follow max. */
export function buildUtilizationData(view: SamplesView, xRange: readonly [number, number], t: Thresholds): uPlot.AlignedData {
  if (view.x.length === 0) {
    // Two empty points at the edges keep the axes and grid of the window visible.
    const edge = [xRange[0], xRange[1]];
    return [edge, nulls(2), nulls(2), nulls(2), nulls(2), nulls(2)];
  }
  return [
    view.x,
    view.count,
    view.countMax ?? nulls(view.x.length),
    view.max,
    scaled(view.max, t.warn),
    scaled(view.max, t.critical),
  ];
}

export function UtilizationChart(p: UtilizationChartProps) {
  const { view, xRange, thresholds, theme, zone, syncKey, handlers, idleText } = p;
  const height = p.height ?? 220;
  const readout = useRef<HTMLDivElement>(null);
  const data = useMemo(() => buildUtilizationData(view, xRange, thresholds), [view, xRange, thresholds]);
  const chart = useRef<uPlot | null>(null);
  const audit = p.audit ?? NO_AUDIT_MARKS;
  const ctx = useRef({ idleText, zone, thresholds, audit, dark: theme.dark });
  useLayoutEffect(() => {
    ctx.current = { idleText, zone, thresholds, audit, dark: theme.dark };
  });

  const showReadout = useCallback((u: uPlot) => {
    const idx = u.cursor.idx;
    const { idleText: idle, zone: z, thresholds: t, audit: a } = ctx.current;
    if (idx === null || idx === undefined) return writeReadout(readout.current, [{ text: idle, className: READOUT_MUTED }]);
    const [x, count, peak, max] = [0, 1, 2, 3].map((i) => u.data[i]?.[idx] ?? null) as (number | null)[];
    const parts: ReadoutPart[] = [{ text: `${formatEventTime(new Date((x ?? 0) * 1000).toISOString(), z)}  `, className: READOUT_MUTED }];
    // A limit change under the cursor is what the operator is pointing at: its label comes first.
    const near = u.cursor.left !== undefined && u.cursor.left >= 0 ? auditMarksNear(u, a, u.posToVal(u.cursor.left, "x"), AUDIT_HOVER_PX) : [];
    if (near.length > 0) {
      const i = near[0]!;
      const outcome = a.outcome[i]!;
      parts.push({ text: a.label[i]!, className: AUDIT_READOUT[outcome] });
      parts.push({ text: ` at ${formatEventTime(new Date(a.x[i]! * 1000).toISOString(), z).slice(11)}`, className: READOUT_MUTED });
      if (near.length > 1) parts.push({ text: ` +${near.length - 1} more nearby`, className: READOUT_MUTED });
      parts.push({ text: "  ·  ", className: READOUT_MUTED });
    }
    if (count === null || count === undefined) {
      parts.push({ text: "no sample", className: READOUT_MUTED });
    } else {
      const util = max ? (peak ?? count) / max : null;
      const tone = util === null ? READOUT_VALUE : util >= t.critical ? "font-semibold text-red-700 dark:text-red-400" : util >= t.warn ? "font-medium text-amber-700 dark:text-amber-400" : READOUT_VALUE;
      parts.push({ text: "count ", className: READOUT_MUTED }, { text: formatCount(count), className: READOUT_VALUE });
      if (peak !== null && peak !== count) parts.push({ text: "  peak ", className: READOUT_MUTED }, { text: formatCount(peak), className: READOUT_VALUE });
      parts.push({ text: "  max ", className: READOUT_MUTED }, { text: formatCount(max), className: READOUT_VALUE });
      parts.push({ text: "  ", className: READOUT_MUTED }, { text: formatPercent(util), className: tone });
    }
    writeReadout(readout.current, parts);
  }, []);

  const options = useCallback(
    (width: number, h: number): uPlot.Options => ({
      width,
      height: h,
      legend: { show: false },
      tzDate: tzDateFor(zone),
      cursor: cursorOptions(syncKey, handlers, [1, 2]),
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.06 : 10] },
      },
      axes: [xAxis(theme), yAxis(theme, formatCompact)],
      series: [
        {},
        { label: "count", stroke: theme.count, fill: theme.countFill, width: 1.5, points: { show: false } },
        { label: "peak", stroke: theme.countPeak, width: 1, points: { show: false } },
        { label: "max", stroke: theme.max, width: 1.25, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
        { label: "warn", stroke: theme.warn, width: 1, dash: [4, 4], paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
        { label: "critical", stroke: theme.critical, width: 1, dash: [4, 4], paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
      ],
      hooks: {
        ...zoomHooks(handlers, theme.select),
        draw: [(u) => drawAuditMarks(u, ctx.current.audit, ctx.current.dark)],
        setLegend: [showReadout],
        ready: [showReadout],
      },
    }),
    [theme, zone, syncKey, handlers, showReadout],
  );

  // New limit changes: repaint the overlay only (cached paths, no data pass).
  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [audit]);

  // The idle line (shown while the mouse is elsewhere) changes with the data; refresh it.
  useEffect(() => {
    if (chart.current) showReadout(chart.current);
  }, [idleText, showReadout]);

  return <ReadoutChart readoutRef={readout} options={options} data={data} xRange={xRange} height={height} chartRef={chart} dark={theme.dark} zone={zone} />;
}
