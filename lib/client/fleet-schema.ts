import { z } from "zod";

/**
 * The browser's view of `GET /api/hosts`. One schema, one inferred type: the server owns the
 * shape, so this checks it at the boundary instead of trusting a cast.
 */
export const HOST_STATUSES = [
  "critical",
  "warn",
  "ok",
  "unreachable",
  "hostkey",
  "no-conntrack",
  "pending",
] as const;

export const hostStatusSchema = z.enum(HOST_STATUSES);
export type HostStatus = z.infer<typeof hostStatusSchema>;

const isoOrNull = z.string().nullable();
const countOrNull = z.number().finite().nonnegative().nullable();

export const hostErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});

export const fleetHostSchema = z.object({
  name: z.string().min(1),
  address: z.string(),
  tags: z.array(z.string()).default([]),
  status: hostStatusSchema,
  count: countOrNull,
  max: countOrNull,
  utilization: countOrNull,
  buckets: countOrNull.default(null),
  drops: countOrNull.default(null),
  dropsLastHour: countOrNull.default(null),
  droppingNow: z.boolean().default(false),
  lastPollAt: isoOrNull,
  lastOkAt: isoOrNull,
  kernel: z.string().nullable().default(null),
  error: hostErrorSchema.nullable().default(null),
});
export type FleetHost = z.infer<typeof fleetHostSchema>;

export const fleetSnapshotSchema = z.object({
  generatedAt: z.string(),
  pollIntervalSeconds: z.number().positive(),
  thresholds: z.object({ warn: z.number(), critical: z.number() }),
  hosts: z.array(fleetHostSchema),
});
export type FleetSnapshot = z.infer<typeof fleetSnapshotSchema>;
export type Thresholds = FleetSnapshot["thresholds"];

/** Statuses where the last attempt failed: count/max shown are from `lastOkAt`. */
export const FAILED_STATUSES: readonly HostStatus[] = ["unreachable", "hostkey"];

export function isFailedStatus(status: HostStatus): boolean {
  return FAILED_STATUSES.includes(status);
}
