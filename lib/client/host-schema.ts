import { z } from "zod";
import { CONNECTION_STATES, fleetHostSchema } from "./fleet-schema";

/**
 * The browser's view of the host page's three endpoints: `/api/hosts/<name>`,
 * `/api/hosts/<name>/samples` and `/api/events`. Fields the page can live without default to null
 * so an older server (or a host never read) still renders.
 */

const isoOrNull = z.string().nullable().default(null);
const countOrNull = z.number().finite().nonnegative().nullable().default(null);

export const hostFactsSchema = z.object({
  kernel: z.string().nullable().default(null),
  cores: countOrNull,
  memTotalBytes: countOrNull,
  module: z.string().nullable().default(null),
  bootTime: isoOrNull,
  buckets: countOrNull,
  hashsize: countOrNull,
  entryBytes: countOrNull,
  entryBytesSource: z.string().nullable().default(null),
  maxMemoryBytes: countOrNull,
});
export type HostFacts = z.infer<typeof hostFactsSchema>;

export const hostLogSchema = z.object({
  source: z.string().nullable().default(null),
  lastReadAt: isoOrNull,
  error: z.string().nullable().default(null),
});
export type HostLog = z.infer<typeof hostLogSchema>;

/** How the host is polled: its persistent reader, or exec per poll (and why). */
export const hostPollingSchema = z.object({
  mode: z.enum(["reader", "exec"]).nullable().default(null),
  reason: z.string().nullable().default(null),
  readerRestarts: z.number().int().nonnegative().default(0),
  readerKills: z.number().int().nonnegative().default(0),
  /** With several replicas: the one polling this host (null with one process). */
  replica: z.string().nullable().default(null),
});
export type HostPolling = z.infer<typeof hostPollingSchema>;

const EMPTY_FACTS = hostFactsSchema.parse({});
const EMPTY_POLLING = hostPollingSchema.parse({});
const EMPTY_LOG = hostLogSchema.parse({});

export const hostDetailSchema = fleetHostSchema.extend({
  facts: hostFactsSchema.nullable().default(null).transform((f) => f ?? EMPTY_FACTS),
  log: hostLogSchema.nullable().default(null).transform((l) => l ?? EMPTY_LOG),
  polling: hostPollingSchema.nullable().default(null).transform((p) => p ?? EMPTY_POLLING),
  /** The jump hosts the host is reached through, outermost first, each with its shared connection's state. */
  jumpPath: z
    .array(z.object({ name: z.string(), spec: z.string(), address: z.string(), port: z.number(), user: z.string(), connection: z.enum(CONNECTION_STATES) }))
    .default([]),
  /** Where the host is defined: `fleet.yaml:12`, `/root/.ssh/config:40`. */
  source: z.string().nullable().default(null),
  /** Oldest stored sample, when the server says: lets an empty range say since when data exists. */
  firstSampleAt: z.string().nullable().default(null),
});
export type HostDetail = z.infer<typeof hostDetailSchema>;

export const hostResponseSchema = z.object({
  host: hostDetailSchema,
  /** Optional: lets "polled 3s ago" use the server's clock when the server sends it. */
  generatedAt: z.string().optional(),
});
export type HostResponse = z.infer<typeof hostResponseSchema>;

const sampleValue = z.number().finite().nullable().default(null);

export const samplePointSchema = z.object({
  ts: z.string(),
  count: sampleValue,
  countMax: sampleValue,
  max: sampleValue,
  drops: sampleValue,
  dropRate: sampleValue,
  earlyDrops: sampleValue,
  insertFailed: sampleValue,
});
export type SamplePoint = z.infer<typeof samplePointSchema>;

export const samplesResponseSchema = z.object({
  host: z.string(),
  from: z.string(),
  to: z.string(),
  resolution: z.string(),
  stepSeconds: z.number().positive(),
  points: z.array(samplePointSchema),
});
export type SamplesResponse = z.infer<typeof samplesResponseSchema>;

export const hostEventSchema = z.object({
  ts: z.string(),
  host: z.string(),
  kind: z.string(),
  count: z.number().finite().nonnegative().default(1),
  source: z.string(),
  line: z.string().default(""),
});
export type HostEvent = z.infer<typeof hostEventSchema>;

export const eventsResponseSchema = z.object({
  events: z.array(hostEventSchema),
  truncated: z.boolean().default(false),
});
export type EventsResponse = z.infer<typeof eventsResponseSchema>;
