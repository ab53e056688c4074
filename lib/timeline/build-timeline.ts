import type { Timeline, TimelineChange, TimelineLane } from "@/lib/client/timeline-schema";

/**
 * Turns the grouped rows of the timeline queries into the `/api/timeline` document. Pure, so the
 * rules (who gets a lane, what "first drop" means) are tested without a database.
 */

export interface TimelineHost {
  id: number;
  name: string;
  tags: string[];
  status: string;
}

/** One rollup step of one host: counter increments and the highest count/max within it. */
export interface BucketRow {
  hostId: number;
  ts: number;
  drops: number | null;
  util: number | null;
}

/** Kernel-log events of one host and kind grouped per step; `ts` is the group's first event. */
export interface EventRow {
  hostId: number;
  ts: number;
  kind: string;
  count: number;
}

/** First and last raw sample whose drop counter moved: exact to the poll, where buckets are not. */
export interface DropSpanRow {
  hostId: number;
  first: number;
  last: number;
}

export interface ChangeRow {
  ts: number;
  host: string;
  user: string;
  mode: string | null;
  oldMax: number | null;
  newMax: number | null;
  oldHashsize: number | null;
  newHashsize: number | null;
  outcome: string;
}

export interface TimelineInput {
  fromMs: number;
  toMs: number;
  stepMs: number;
  resolution: string;
  hosts: TimelineHost[];
  buckets: BucketRow[];
  events: EventRow[];
  dropSpans: DropSpanRow[];
  changes: ChangeRow[];
}

/** "Still dropping at the end" looks at the range's last step, and never at less than its last two minutes. */
const END_SLACK_MS = 2 * 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Kinds that stand for dropped packets; `expect_full` is shown but is not a drop. */
export const DROP_KINDS: ReadonlySet<string> = new Set(["table_full", "suppressed"]);

function groupBy<T extends { hostId: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.hostId);
    if (list) list.push(r);
    else out.set(r.hostId, [r]);
  }
  return out;
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function shapeChange(c: ChangeRow): TimelineChange {
  return {
    ts: new Date(c.ts).toISOString(),
    host: c.host,
    user: c.user,
    mode: c.mode,
    oldMax: c.oldMax,
    newMax: c.newMax,
    oldHashsize: c.oldHashsize,
    newHashsize: c.newHashsize,
    outcome: c.outcome,
  };
}

interface LaneDraft {
  lane: TimelineLane;
  firstMs: number | null;
  lastMs: number | null;
}

function buildLane(input: TimelineInput, host: TimelineHost, buckets: BucketRow[], events: EventRow[], span: DropSpanRow | undefined): LaneDraft | null {
  const { fromMs, toMs, stepMs } = input;
  let drops = 0;
  let peak: number | null = null;
  let bucketFirst: number | null = null;
  let bucketLast: number | null = null;
  for (const b of buckets) {
    if (b.util !== null) peak = peak === null ? b.util : Math.max(peak, b.util);
    if (b.drops !== null && b.drops > 0) {
      drops += b.drops;
      bucketFirst ??= Math.max(b.ts, fromMs);
      bucketLast = Math.min(b.ts + stepMs, toMs);
    }
  }
  let logLines = 0;
  let suppressed = 0;
  let eventFirst: number | null = null;
  let eventLast: number | null = null;
  for (const e of events) {
    if (e.kind === "table_full") logLines += e.count;
    else if (e.kind === "suppressed") suppressed += e.count;
    if (DROP_KINDS.has(e.kind)) {
      eventFirst ??= e.ts;
      eventLast = e.ts;
    }
  }
  if (drops <= 0 && logLines <= 0 && suppressed <= 0) return null;
  // The raw samples say to the poll when the counter moved; buckets only when raw is pruned.
  const firstMs = minOf(span?.first ?? bucketFirst, eventFirst);
  const lastMs = maxOf(span?.last ?? bucketLast, eventLast);
  // Two polls of slack would be enough for raw spans, but a bucket's last drop is only known to its step.
  const droppingAtEnd = lastMs !== null && lastMs >= toMs - Math.max(stepMs, END_SLACK_MS);
  return {
    firstMs,
    lastMs,
    lane: {
      host: host.name,
      tags: host.tags,
      status: host.status,
      firstDropAt: iso(firstMs),
      lastDropAt: iso(lastMs),
      drops,
      logLines,
      suppressed,
      peakUtilization: peak,
      droppingAtEnd,
      series: buckets.map((b) => ({ ts: new Date(b.ts).toISOString(), drops: b.drops, utilization: b.util })),
      events: events.map((e) => ({ ts: new Date(e.ts).toISOString(), kind: e.kind, count: e.count })),
      changes: input.changes.filter((c) => c.host === host.name).map(shapeChange),
    },
  };
}

export function buildTimeline(input: TimelineInput): Timeline {
  const buckets = groupBy(input.buckets);
  const events = groupBy(input.events);
  const spans = new Map(input.dropSpans.map((s) => [s.hostId, s]));
  const drafts: LaneDraft[] = [];
  for (const h of input.hosts) {
    const d = buildLane(input, h, buckets.get(h.id) ?? [], events.get(h.id) ?? [], spans.get(h.id));
    if (d) drafts.push(d);
  }
  drafts.sort((a, b) => (a.firstMs ?? Infinity) - (b.firstMs ?? Infinity) || a.lane.host.localeCompare(b.lane.host));
  const lanes = drafts.map((d) => d.lane);
  const peakUtilizationByHost: Record<string, number | null> = {};
  for (const l of lanes) peakUtilizationByHost[l.host] = l.peakUtilization;
  return {
    from: new Date(input.fromMs).toISOString(),
    to: new Date(input.toMs).toISOString(),
    resolution: input.resolution,
    stepSeconds: input.stepMs / 1000,
    lanes,
    summary: {
      hostsAffected: lanes.length,
      firstDropAt: iso(drafts.reduce<number | null>((m, d) => minOf(m, d.firstMs), null)),
      lastDropAt: iso(drafts.reduce<number | null>((m, d) => maxOf(m, d.lastMs), null)),
      totalDrops: lanes.reduce((s, l) => s + l.drops, 0),
      totalLogLines: lanes.reduce((s, l) => s + l.logLines, 0),
      totalSuppressed: lanes.reduce((s, l) => s + l.suppressed, 0),
      peakUtilizationByHost,
      changes: input.changes.map(shapeChange),
    },
  };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Display steps, finest first; the first that keeps a lane under MAX_POINTS wins. */
const STEPS_MS = [MIN, 5 * MIN, 15 * MIN, HOUR, 6 * HOUR, 24 * HOUR] as const;
const MAX_POINTS = 400;

/**
 * Minute rollups up to 24 h, hourly beyond; then the finest step that keeps a lane under
 * MAX_POINTS (1 h → 1 min, 24 h → 5 min, 7 d → 1 h). The samples API's rule (minutes up to 7 d)
 * would read two million rows for 200 hosts × 7 d; this reads 33,600 at most.
 */
export function timelineResolution(fromMs: number, toMs: number): { table: "1m" | "1h"; stepMs: number } {
  const span = toMs - fromMs;
  const table = span <= 24 * HOUR ? "1m" : "1h";
  const floor = table === "1m" ? MIN : HOUR;
  const step = STEPS_MS.find((s) => s >= floor && span / s <= MAX_POINTS) ?? STEPS_MS[STEPS_MS.length - 1]!;
  return { table, stepMs: step };
}

/** `60000` → `"1m"`, `3600000` → `"1h"`, `86400000` → `"1d"`. */
export function stepLabel(stepMs: number): string {
  if (stepMs % (24 * HOUR) === 0) return `${stepMs / (24 * HOUR)}d`;
  if (stepMs % HOUR === 0) return `${stepMs / HOUR}h`;
  return `${Math.round(stepMs / MIN)}m`;
}
