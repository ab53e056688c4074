/**
 * Where a chart must break its line: the API lists only the samples or buckets it has, so time
 * nobody measured (the host or the dashboard was down) shows up as two points far apart. A line
 * drawn between them would invent data; a null point in between makes uPlot leave a gap.
 * Raw polls jitter (a slow host, a retry), so they get more slack than rollup buckets.
 */
export function isGap(dtSeconds: number, stepSeconds: number, raw: boolean): boolean {
  return stepSeconds > 0 && dtSeconds > (raw ? 3 : 1.5) * stepSeconds;
}
