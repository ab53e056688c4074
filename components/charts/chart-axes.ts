import uPlot from "uplot";
import type { ChartTheme } from "./chart-theme";

/** Both charts reserve the same y-axis width so their plotting areas line up. */
export const Y_AXIS_SIZE = 60;

export type ChartZone = "utc" | "local";

/** Time axis labels in the zone the page shows (UTC by default, as SREs compare across hosts). */
export function tzDateFor(zone: ChartZone): ((ts: number) => Date) | undefined {
  if (zone === "local") return undefined;
  return (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC");
}

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * 24-hour clock and year-month-day dates (uPlot's default is US am/pm and M/D/YY, which reads
 * wrong next to the UTC timestamps of the event list). Columns: tick increment, tick format,
 * then the second line when the year / month / day / hour / minute / second changes, then mode.
 */
const TIME_VALUES: uPlot.Axis.TimeValuesConfig = [
  [DAY * 365, "{YYYY}", null, null, null, null, null, null, 1],
  [DAY * 28, "{MMM}", "\n{YYYY}", null, null, null, null, null, 1],
  [DAY, "{MMM} {D}", "\n{YYYY}", null, null, null, null, null, 1],
  [HOUR, "{HH}:{mm}", "\n{YYYY}-{MM}-{DD}", null, "\n{MMM} {D}", null, null, null, 1],
  [MIN, "{HH}:{mm}", "\n{YYYY}-{MM}-{DD}", null, "\n{MMM} {D}", null, null, null, 1],
  [1, "{HH}:{mm}:{ss}", "\n{YYYY}-{MM}-{DD}", null, "\n{MMM} {D}", null, null, null, 1],
];

export function xAxis(theme: ChartTheme): uPlot.Axis {
  return {
    values: TIME_VALUES,
    stroke: theme.axis,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.tick, width: 1, size: 4 },
    space: 64,
  };
}

export function yAxis(theme: ChartTheme, format: (v: number) => string): uPlot.Axis {
  return {
    stroke: theme.axis,
    font: theme.font,
    size: Y_AXIS_SIZE,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.tick, width: 1, size: 4 },
    space: 28,
    values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? "" : format(v))),
  };
}

/** Index of the first value ≥ `target` in an ascending array (binary search). */
export function lowerBound(values: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
