import { z } from "zod";

/**
 * The `/api/timeline` document: one schema for the browser's parse, the server's shaping (which
 * is typed against `Timeline`) and the exports (the JSON export is this document verbatim).
 */

const iso = z.string();
const isoOrNull = z.string().nullable();
const num = z.number().finite();

export const timelineChangeSchema = z.object({
  ts: iso,
  host: z.string(),
  user: z.string(),
  mode: z.string().nullable(),
  oldMax: num.nullable(),
  newMax: num.nullable(),
  oldHashsize: num.nullable(),
  newHashsize: num.nullable(),
  outcome: z.string(),
});
export type TimelineChange = z.infer<typeof timelineChangeSchema>;

export const timelinePointSchema = z.object({
  ts: iso,
  /** Counter increments within the step (null: no counter reading in it). */
  drops: num.nullable(),
  /** Highest count / max within the step, 0..1 (null: no reading or no limit). */
  utilization: num.nullable(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

export const timelineEventSchema = z.object({
  /** The first event of the group. */
  ts: iso,
  kind: z.string(),
  /** Sum of the events' counts (lines for table_full, suppressed lines for suppressed). */
  count: num,
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const timelineLaneSchema = z.object({
  host: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  firstDropAt: isoOrNull,
  lastDropAt: isoOrNull,
  drops: num,
  logLines: num,
  suppressed: num,
  peakUtilization: num.nullable(),
  /** The host was still dropping in the range's last step (at least its last two minutes): the incident was not over at `to`. */
  droppingAtEnd: z.boolean(),
  series: z.array(timelinePointSchema),
  events: z.array(timelineEventSchema),
  changes: z.array(timelineChangeSchema),
});
export type TimelineLane = z.infer<typeof timelineLaneSchema>;

export const timelineSummarySchema = z.object({
  hostsAffected: num,
  firstDropAt: isoOrNull,
  lastDropAt: isoOrNull,
  totalDrops: num,
  totalLogLines: num,
  totalSuppressed: num,
  peakUtilizationByHost: z.record(z.string(), num.nullable()),
  changes: z.array(timelineChangeSchema),
});
export type TimelineSummary = z.infer<typeof timelineSummarySchema>;

export const timelineSchema = z.object({
  from: iso,
  to: iso,
  resolution: z.string(),
  stepSeconds: num.positive(),
  lanes: z.array(timelineLaneSchema),
  summary: timelineSummarySchema,
});
export type Timeline = z.infer<typeof timelineSchema>;
