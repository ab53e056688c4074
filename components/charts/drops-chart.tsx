"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import { formatCount } from "@/lib/client/fleet-format";
import { formatEventTime, type EventMarks } from "@/lib/client/host-events";
import { formatCompact, formatRate } from "@/lib/client/host-format";
import type { SamplesView } from "@/lib/client/host-series";
import { tzDateFor, xAxis, yAxis, type ChartZone } from "./chart-axes";
import { cursorOptions, zoomHooks, type ZoomHandlers } from "./chart-interaction";
import { READOUT_MUTED, READOUT_VALUE, writeReadout, type ReadoutPart } from "./chart-readout";
import type { ChartTheme } from "./chart-theme";
import { drawEventMarks, marksNear } from "./event-marks";
import { ReadoutChart } from "./readout-chart";

export interface DropsChartProps {
  view: SamplesView;
  marks: EventMarks;
  xRange: readonly [number, number];
  theme: ChartTheme;
  zone: ChartZone;
  syncKey: string;
  handlers: { current: ZoomHandlers };
  idleText: string;
  height?: number;
}

/** How close (CSS px) the cursor must be to an event marker for the read-out to name it. */
const MARK_HOVER_PX = 6;

export function buildDropsData(view: SamplesView, xRange: readonly [number, number]): uPlot.AlignedData {
  if (view.x.length === 0) return [[xRange[0], xRange[1]], [null, null]];
  return [view.x, view.dropRate];
}

/** Head-room above the tallest bar so the event lane (MARK_LANE_PX at the top) stays clear. */
const HEADROOM = 1.3;

const RED = "font-semibold text-red-700 dark:text-red-400";

export function DropsChart(p: DropsChartProps) {
  const { view, marks, xRange, theme, zone, syncKey, handlers, idleText } = p;
  const height = p.height ?? 150;
  const readout = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const data = useMemo(() => buildDropsData(view, xRange), [view, xRange]);
  const ctx = useRef({ idleText, zone, marks, theme });
  useLayoutEffect(() => {
    ctx.current = { idleText, zone, marks, theme };
  });

  const showReadout = useCallback((u: uPlot) => {
    const idx = u.cursor.idx;
    const { idleText: idle, zone: z, marks: m } = ctx.current;
    if (idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
      return writeReadout(readout.current, [{ text: idle, className: READOUT_MUTED }]);
    }
    const xSec = u.posToVal(u.cursor.left, "x");
    const x = u.data[0][idx] ?? xSec;
    const rate = (u.data[1]?.[idx] ?? null) as number | null;
    const parts: ReadoutPart[] = [{ text: `${formatEventTime(new Date(x * 1000).toISOString(), z)}  `, className: READOUT_MUTED }];
    parts.push(
      { text: "drop rate ", className: READOUT_MUTED },
      { text: formatRate(rate), className: rate ? RED : READOUT_VALUE },
    );
    const near = marksNear(u, m, xSec, MARK_HOVER_PX);
    if (near.hi > near.lo) {
      const first = near.lo;
      const kind = m.kind[first] ?? "event";
      const more = near.hi - near.lo - 1;
      parts.push(
        { text: "  ·  ", className: READOUT_MUTED },
        { text: `${kind} ×${formatCount(m.count[first] ?? 1)}`, className: RED },
        { text: ` at ${formatEventTime(new Date((m.x[first] ?? 0) * 1000).toISOString(), z).slice(11)}`, className: READOUT_MUTED },
      );
      if (more > 0) parts.push({ text: `  +${more} more nearby`, className: READOUT_MUTED });
    }
    writeReadout(readout.current, parts);
  }, []);

  const options = useCallback(
    (width: number, h: number): uPlot.Options => ({
      width,
      height: h,
      legend: { show: false },
      tzDate: tzDateFor(zone),
      cursor: cursorOptions(syncKey, handlers, [1]),
      scales: {
        x: { time: true },
        // Head-room above the tallest bar keeps the event lane clear.
        y: { range: (_u, _min, max) => [0, max > 0 ? max * HEADROOM : 1] },
      },
      axes: [xAxis(theme), yAxis(theme, (v) => `${formatCompact(v)}/s`)],
      series: [
        {},
        {
          label: "drops/s",
          stroke: theme.drops,
          fill: theme.dropsFill,
          width: 1,
          paths: uPlot.paths.stepped!({ align: -1 }),
          points: { show: false },
        },
      ],
      hooks: {
        ...zoomHooks(handlers, theme.select),
        draw: [(u) => drawEventMarks(u, ctx.current.marks, ctx.current.theme)],
        setLegend: [showReadout],
        ready: [showReadout],
      },
    }),
    [theme, zone, syncKey, handlers, showReadout],
  );

  // New events: repaint the overlay only (cached paths, no data pass).
  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [marks]);

  useEffect(() => {
    if (chart.current) showReadout(chart.current);
  }, [idleText, showReadout]);

  return <ReadoutChart readoutRef={readout} options={options} data={data} xRange={xRange} height={height} chartRef={chart} dark={theme.dark} zone={zone} />;
}
