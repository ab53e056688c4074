"use client";

import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface UplotChartProps {
  /**
   * Builds the chart's options for a width. Read on mount and whenever `rebuildKey` changes
   * (colour scheme, time zone), never per data update: data goes through `setData`.
   */
  options: (width: number, height: number) => uPlot.Options;
  rebuildKey: string;
  data: uPlot.AlignedData;
  /** The x window in Unix seconds. The chart always shows exactly this, whatever the data covers. */
  xRange: readonly [number, number];
  height: number;
  /** Lets the owner reach the instance (e.g. to redraw overlays when they change). */
  chartRef?: RefObject<uPlot | null>;
  className?: string;
}

/**
 * uPlot owns the canvas: created once, fed with `setData`/`setScale`, resized by a
 * ResizeObserver, destroyed on unmount. React never re-renders per point or per mouse move.
 */
export function UplotChart({ options, rebuildKey, data, xRange, height, chartRef, className }: UplotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ options, data, xRange, height });
  useLayoutEffect(() => {
    latest.current = { options, data, xRange, height };
  });

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const { options: build, data: initial, height: h } = latest.current;
    const opts = build(Math.max(200, Math.floor(el.clientWidth)), h);
    const xScale = opts.scales?.x ?? {};
    // The x range is controlled from outside: every reset (setData, setScale) comes back to it.
    opts.scales = {
      ...opts.scales,
      x: { ...xScale, range: () => [latest.current.xRange[0], latest.current.xRange[1]] },
    };
    const u = new uPlot(opts, initial, el);
    plot.current = u;
    if (chartRef) chartRef.current = u;

    const ro = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width > 0 && width !== u.width) u.setSize({ width, height: latest.current.height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
      if (chartRef) chartRef.current = null;
    };
  }, [rebuildKey, chartRef]);

  useEffect(() => {
    const u = plot.current;
    if (u && u.data !== data) u.setData(data);
  }, [data]);

  const [xMin, xMax] = xRange;
  useEffect(() => {
    plot.current?.setScale("x", { min: xMin, max: xMax });
  }, [xMin, xMax]);

  useEffect(() => {
    const u = plot.current;
    if (u && u.height !== height) u.setSize({ width: u.width, height });
  }, [height]);

  return <div ref={container} className={className} style={{ minHeight: height }} />;
}
