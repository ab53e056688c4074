"use client";

import type { RefObject } from "react";
import type uPlot from "uplot";
import type { ChartZone } from "./chart-axes";
import { UplotChart } from "./uplot-chart";

export interface ReadoutChartProps {
  /** The one-line hover read-out above the plot; the chart writes into it (chart-readout.ts). */
  readoutRef: RefObject<HTMLDivElement | null>;
  options: (width: number, height: number) => uPlot.Options;
  data: uPlot.AlignedData;
  xRange: readonly [number, number];
  height: number;
  chartRef: RefObject<uPlot | null>;
  dark: boolean;
  zone: ChartZone;
}

/** A uPlot chart with its read-out line. Colors and time zone are baked into the options: a change rebuilds it. */
export function ReadoutChart({ readoutRef, options, data, xRange, height, chartRef, dark, zone }: ReadoutChartProps) {
  return (
    <div>
      <div ref={readoutRef} aria-hidden className="num mb-1 h-4 truncate text-[11px] leading-4" />
      <UplotChart options={options} rebuildKey={`${dark ? "dark" : "light"}:${zone}`} data={data} xRange={xRange} height={height} chartRef={chartRef} />
    </div>
  );
}
