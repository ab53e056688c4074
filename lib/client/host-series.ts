import { parseTime } from "./fleet-format";
import { isGap } from "./series-gaps";
import type { SamplesResponse } from "./host-schema";

/**
 * A samples response reshaped once, when it arrives, into the column arrays uPlot draws from
 * (x in Unix seconds, `null` = gap) plus the figures the page prints about the range.
 */
export interface SamplesView {
  /** The window that was asked for, epoch ms; the charts' x range. */
  fromMs: number;
  toMs: number;
  resolution: string;
  stepSeconds: number;
  x: number[];
  count: (number | null)[];
  /** Highest count in each rolled-up bucket; null columns when the data is raw. */
  countMax: (number | null)[] | null;
  max: (number | null)[];
  dropRate: (number | null)[];
  /** Points that carry a count (a failing host leaves null points). */
  dataPoints: number;
  /** Sum of counter-based drops in the window; null when no point had a drop figure. */
  dropsTotal: number | null;
  earlyDropsTotal: number | null;
  insertFailedTotal: number | null;
  /** Highest count / max seen, using bucket peaks when rolled up. */
  peakUtilization: number | null;
  firstDataMs: number | null;
  lastDataMs: number | null;
}

function addNullable(total: number | null, value: number | null): number | null {
  if (value === null) return total;
  return (total ?? 0) + value;
}

export function buildSeries(res: SamplesResponse, requestedFromMs: number, requestedToMs: number): SamplesView {
  const n = res.points.length;
  const x: number[] = [];
  const count: (number | null)[] = [];
  const countMax: (number | null)[] = [];
  const max: (number | null)[] = [];
  const dropRate: (number | null)[] = [];
  let hasCountMax = false;
  let dataPoints = 0;
  let dropsTotal: number | null = null;
  let earlyDropsTotal: number | null = null;
  let insertFailedTotal: number | null = null;
  let peakUtilization: number | null = null;
  let firstDataMs: number | null = null;
  let lastDataMs: number | null = null;

  const raw = res.resolution === "raw";
  for (let i = 0; i < n; i++) {
    const p = res.points[i]!;
    const ms = parseTime(p.ts);
    if (ms === null) continue;
    const prevX = x.at(-1);
    if (prevX !== undefined && isGap(ms / 1000 - prevX, res.stepSeconds, raw)) {
      x.push(prevX + res.stepSeconds);
      count.push(null);
      countMax.push(null);
      max.push(null);
      dropRate.push(null);
    }
    x.push(ms / 1000);
    count.push(p.count);
    countMax.push(p.countMax);
    max.push(p.max);
    dropRate.push(p.dropRate);
    if (p.countMax !== null && p.countMax !== p.count) hasCountMax = true;
    if (p.count !== null) {
      dataPoints++;
      firstDataMs ??= ms;
      lastDataMs = ms;
    }
    dropsTotal = addNullable(dropsTotal, p.drops);
    earlyDropsTotal = addNullable(earlyDropsTotal, p.earlyDrops);
    insertFailedTotal = addNullable(insertFailedTotal, p.insertFailed);
    const peak = p.countMax ?? p.count;
    if (peak !== null && p.max !== null && p.max > 0) {
      const u = peak / p.max;
      if (peakUtilization === null || u > peakUtilization) peakUtilization = u;
    }
  }

  // Rendering needs ascending x; the API promises it, but a stray out-of-order point would
  // make uPlot draw backwards, so check once (cheap) rather than trust.
  for (let i = 1; i < x.length; i++) {
    if (x[i]! < x[i - 1]!) return buildSeries({ ...res, points: [...res.points].sort(byTs) }, requestedFromMs, requestedToMs);
  }

  return {
    fromMs: requestedFromMs,
    toMs: requestedToMs,
    resolution: res.resolution,
    stepSeconds: res.stepSeconds,
    x,
    count,
    countMax: hasCountMax ? countMax : null,
    max,
    dropRate,
    dataPoints,
    dropsTotal,
    earlyDropsTotal,
    insertFailedTotal,
    peakUtilization,
    firstDataMs,
    lastDataMs,
  };
}

function byTs(a: { ts: string }, b: { ts: string }): number {
  return (parseTime(a.ts) ?? 0) - (parseTime(b.ts) ?? 0);
}

/** `"raw"` + 5 → `"raw · 5 s"`, `"1m"` → `"1-minute buckets"`. */
export function describeResolution(resolution: string, stepSeconds: number): string {
  if (resolution === "raw") return `raw · every ${stepSeconds} s`;
  if (resolution === "1m") return "1-minute buckets";
  if (resolution === "1h") return "1-hour buckets";
  return `${resolution} · ${stepSeconds} s`;
}
