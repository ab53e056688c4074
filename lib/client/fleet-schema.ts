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
  /** hostkey: the SHA256 fingerprint of the key the host offered. */
  fingerprint: z.string().optional(),
  /** hostkey, changed key: the known_hosts lines that matched the host, and their keys' fingerprints. */
  expected: z.array(z.object({ type: z.string(), fingerprint: z.string(), file: z.string(), line: z.number().int() })).optional(),
  /** hostkey, changed key: the `ssh-keygen -R` commands that remove those lines (shown, never run). */
  removeCommands: z.array(z.string()).optional(),
});
export type HostError = z.infer<typeof hostErrorSchema>;

/** How the collector polls a host: a persistent builtin-only reader, or one exec per poll. */
export const POLL_MODES = ["reader", "exec"] as const;
/** The host's SSH connection: open, handshake queued or in flight, waiting out a backoff, never tried. */
export const CONNECTION_STATES = ["connected", "connecting", "backoff", "idle"] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

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
  /** The host's last counter read moved, and is recent: dropping as of the last poll. */
  droppingNow: z.boolean().default(false),
  /** Drops per second between the host's last two counter reads. */
  dropRate: countOrNull.default(null),
  /** When the current run of drops was first seen (null when not dropping now). */
  droppingSince: isoOrNull.default(null),
  /** The last poll that saw drops, now or earlier. */
  lastDropAt: isoOrNull.default(null),
  lastPollAt: isoOrNull,
  lastOkAt: isoOrNull,
  kernel: z.string().nullable().default(null),
  error: hostErrorSchema.nullable().default(null),
  // Added with per-host scheduling; older servers leave them out.
  /** When the host is next due: its next poll, or its next reconnect attempt while in backoff. */
  nextPollAt: isoOrNull.default(null),
  /** null from a server that does not report it: the page then cannot tell a schedule from none. */
  connection: z.enum(CONNECTION_STATES).nullable().default(null),
  pollMode: z.enum(POLL_MODES).nullable().default(null),
  readerRestarts: z.number().int().nonnegative().default(0),
  /** The live max was set by a temporary raise (audit log) and a reboot would undo it. */
  temporaryRaise: z
    .object({ at: z.string(), user: z.string(), max: z.number(), before: z.number().nullable() })
    .nullable()
    .default(null),
});
export type FleetHost = z.infer<typeof fleetHostSchema>;

const tally = z.number().int().nonnegative();
export const fleetProgressSchema = z.object({
  total: tally,
  connected: tally,
  connecting: tally,
  failing: tally,
  pending: tally,
});
export type FleetProgress = z.infer<typeof fleetProgressSchema>;

export const fleetSnapshotSchema = z.object({
  generatedAt: z.string(),
  pollIntervalSeconds: z.number().positive(),
  thresholds: z.object({ warn: z.number(), critical: z.number() }),
  /** The SSH handshake and per-command timeout: how late a due poll may legitimately finish. */
  timeoutSeconds: z.number().positive().nullable().default(null),
  /** Connection progress, for cold start; null from older servers. */
  progress: fleetProgressSchema.nullable().default(null),
  /** The running configuration; `error` while a reload of the fleet file was refused. null from older servers. */
  config: z
    .object({ loadedAt: z.string(), error: z.object({ at: z.string(), problems: z.array(z.string()) }).nullable().default(null) })
    .nullable()
    .default(null),
  hosts: z.array(fleetHostSchema),
});
export type FleetSnapshot = z.infer<typeof fleetSnapshotSchema>;
export type Thresholds = FleetSnapshot["thresholds"];

/** Statuses where the last attempt failed: count/max shown are from `lastOkAt`. */
export const FAILED_STATUSES: readonly HostStatus[] = ["unreachable", "hostkey"];

export function isFailedStatus(status: HostStatus): boolean {
  return FAILED_STATUSES.includes(status);
}
