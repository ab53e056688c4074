import type { AlertStore } from "@/lib/alerts/store-port";
import type { Role, Session } from "@/lib/auth/session-store";
import type { ApiToken, TokenCheck } from "@/lib/auth/token-store";
import type { TokenRole } from "@/lib/auth/api-token";
import type { AuditEntry, AuditOutcome, NewAuditEntry } from "./audit-store";
import type { HostFactsRow, SampleRow } from "./fleet-store";
import type { Resolution, SeriesPoint, StoredEvent } from "./history-store";

/**
 * The verbs the collector, the API and the auth layer use, whatever engine is underneath. SQLite
 * (embedded, one process) and PostgreSQL (shared by several replicas) both implement them. Every
 * verb is async: a network store cannot answer synchronously, and SQLite's answers are simply
 * already resolved.
 *
 * Hosts are addressed by the store's numeric id after `syncHosts` (a per-store mapping of name to
 * id, kept in memory); the fleet file stays the authority on which hosts exist.
 */

export type LatestRaise = Pick<AuditEntry, "ts" | "user" | "mode" | "oldMax" | "newMax" | "outcome">;

export interface HistoryPort {
  series(hostId: number, fromMs: number, toMs: number, resolution: Resolution): Promise<SeriesPoint[]>;
  hostExtent(hostId: number, sinceMs: number, limit?: number): Promise<{ firstSampleMs: number | null; dropTimesDesc: number[] }>;
  peakDropRate(hostId: number, fromMs: number): Promise<number | null>;
  peakCount(hostId: number, fromMs: number): Promise<number | null>;
  /** Stores events not stored yet (by key), in the order given; `onAdded` sees each one actually added. */
  insertEvents(hostId: number, events: Omit<StoredEvent, "host">[], onAdded?: (e: Omit<StoredEvent, "host">) => void): Promise<number>;
  eventTotals(): Promise<{ hostId: number; kind: string; total: number }[]>;
  events(opts: { hostId: number | null; fromMs: number; toMs: number; limit: number }): Promise<StoredEvent[]>;
  logState<T>(hostId: number): Promise<T | null>;
  putLogState(hostId: number, state: unknown): Promise<void>;
  prune(now: number, retention: { samplesMs: number; rollupMs: number; eventsMs: number }): Promise<{ samples: number; rollups: number; events: number }>;
  hostsWithDrops(fromMs: number, toMs: number): Promise<number[]>;
  timelineBuckets(
    table: "1m" | "1h",
    stepMs: number,
    fromMs: number,
    toMs: number,
    hostIds: readonly number[],
  ): Promise<{ hostId: number; ts: number; drops: number | null; util: number | null }[]>;
  dropSpans(fromMs: number, toMs: number): Promise<{ hostId: number; first: number; last: number }[]>;
  timelineEvents(stepMs: number, fromMs: number, toMs: number): Promise<{ hostId: number; ts: number; kind: string; count: number }[]>;
}

export interface AuditPort {
  latestRaises(): Promise<Map<string, LatestRaise>>;
  append(e: NewAuditEntry): Promise<number>;
  query(q: { from: number; to: number; host?: string | null; user?: string | null; outcome?: AuditOutcome | null; limit?: number }): Promise<AuditEntry[]>;
}

export interface SessionPort {
  create(user: string, role: Role, now?: number): Promise<{ id: string; session: Session }>;
  get(id: string | undefined, now?: number): Promise<Session | null>;
  destroy(id: string | undefined): Promise<void>;
}

export interface TokenPort {
  create(t: { name: string; role: TokenRole; createdBy: string; expiresAt: number | null }, now?: number): Promise<{ secret: string; token: ApiToken }>;
  list(): Promise<ApiToken[]>;
  get(id: number): Promise<ApiToken | null>;
  liveByName(name: string): Promise<ApiToken | null>;
  revoke(id: number, by: string, now?: number): Promise<boolean>;
  check(secret: string, now?: number): Promise<TokenCheck>;
}

export type FactsWithEntry = HostFactsRow & { entryBytes: number | null };

export interface FleetStorePort {
  readonly engine: "sqlite" | "postgres";
  readonly history: HistoryPort;
  readonly audit: AuditPort;
  readonly alerts: AlertStore;
  /** Registers the fleet's hosts (a changed address is updated; history is keyed by name). */
  syncHosts(hosts: { name: string; address: string }[]): Promise<void>;
  idOf(host: string): number;
  hasHost(host: string): boolean;
  insertSample(s: SampleRow): Promise<void>;
  /** Samples with their rollups, and facts, in one transaction. */
  writeBatch(samples: readonly SampleRow[], facts: readonly { host: string; ts: number; facts: HostFactsRow }[]): Promise<void>;
  upsertFacts(host: string, ts: number, f: HostFactsRow): Promise<void>;
  facts(host: string): Promise<FactsWithEntry | null>;
  setEntryBytes(host: string, bytes: number): Promise<void>;
  lastSample(host: string): Promise<SampleRow | null>;
  lastOkSample(host: string): Promise<SampleRow | null>;
  lastCounterSample(host: string): Promise<SampleRow | null>;
  dropsSince(ts: number): Promise<{ host: string; ts: number; dropDelta: number }[]>;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** One opened store: what lib/store/open-store.ts returns for SQLite and what the PostgreSQL engine returns. */
export interface Store {
  readonly engine: FleetStorePort["engine"];
  readonly fleet: FleetStorePort;
  /** Sessions with the configuration's timeouts (idle and absolute); call once per process. */
  sessions(limits: SessionLimits): SessionPort;
  readonly tokens: TokenPort;
  /** Releases the file or the connection pool; nothing may use the store afterwards. */
  close(): Promise<void>;
}
