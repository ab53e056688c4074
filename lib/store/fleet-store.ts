import "server-only";
import { SqliteAlertStore } from "./alert-store";
import { AuditStore } from "./audit-store";
import { HistoryStore } from "./history-store";
import type { FactsWithEntry, FleetStorePort } from "./ports";
import type { Db } from "./sqlite";
import { toSample } from "./sample-row";

export interface SampleRow {
  host: string;
  ts: number;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  count: number | null;
  max: number | null;
  buckets: number | null;
  dropTotal: number | null;
  earlyDropTotal: number | null;
  insertFailedTotal: number | null;
  dropDelta: number | null;
  earlyDropDelta: number | null;
  insertFailedDelta: number | null;
  bootTime: number | null;
}

export interface HostFactsRow {
  kernel: string | null;
  cores: number | null;
  memTotalBytes: number | null;
  module: string | null;
}

/**
 * Everything the collector and the API read and write, in the embedded SQLite file (see ports.ts for
 * the verbs a shared PostgreSQL store implements too). better-sqlite3 answers synchronously: each
 * verb does its work, transactions included, before its Promise is returned, so two calls never
 * interleave inside one.
 */
export class FleetStore implements FleetStorePort {
  readonly engine = "sqlite" as const;
  private hostIds = new Map<string, number>();
  private readonly stmts;
  readonly history: HistoryStore;
  readonly audit: AuditStore;
  readonly alerts: SqliteAlertStore;

  constructor(private readonly db: Db) {
    this.history = new HistoryStore(db);
    this.audit = new AuditStore(db);
    this.alerts = new SqliteAlertStore(db);
    this.stmts = {
      upsertHost: db.prepare(
        `INSERT INTO hosts (name, address, created_at) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET address = excluded.address RETURNING id`,
      ),
      insertSample: db.prepare(
        `INSERT OR REPLACE INTO samples (host_id, ts, status, error_code, error_message, count, max, buckets,
           drop_total, early_drop_total, insert_failed_total, drop_delta, early_drop_delta, insert_failed_delta, boot_time)
         VALUES (@hostId, @ts, @status, @errorCode, @errorMessage, @count, @max, @buckets,
           @dropTotal, @earlyDropTotal, @insertFailedTotal, @dropDelta, @earlyDropDelta, @insertFailedDelta, @bootTime)`,
      ),
      upsertFacts: db.prepare(
        `INSERT INTO host_facts (host_id, kernel, cores, mem_total_bytes, module, updated_at)
         VALUES (@hostId, @kernel, @cores, @memTotalBytes, @module, @ts)
         ON CONFLICT(host_id) DO UPDATE SET kernel = excluded.kernel, cores = excluded.cores,
           mem_total_bytes = excluded.mem_total_bytes, module = excluded.module, updated_at = excluded.updated_at`,
      ),
      lastSample: db.prepare(`SELECT * FROM samples WHERE host_id = ? ORDER BY ts DESC LIMIT 1`),
      lastOkSample: db.prepare(`SELECT * FROM samples WHERE host_id = ? AND count IS NOT NULL ORDER BY ts DESC LIMIT 1`),
      lastCounterSample: db.prepare(
        `SELECT * FROM samples WHERE host_id = ? AND drop_total IS NOT NULL ORDER BY ts DESC LIMIT 1`,
      ),
      dropsSince: db.prepare(
        `SELECT h.name AS host, s.ts AS ts, s.drop_delta AS dropDelta FROM samples s JOIN hosts h ON h.id = s.host_id
         WHERE s.ts >= ? AND s.drop_delta > 0 ORDER BY s.ts`,
      ),
      facts: db.prepare(`SELECT kernel, cores, mem_total_bytes AS memTotalBytes, module, entry_bytes AS entryBytes FROM host_facts WHERE host_id = ?`),
      setEntryBytes: db.prepare(`UPDATE host_facts SET entry_bytes = ? WHERE host_id = ?`),
    };
  }

  /** Registers the fleet's hosts (a renamed address is updated; history is keyed by name). */
  async syncHosts(hosts: { name: string; address: string }[]): Promise<void> {
    const now = Date.now();
    this.db.transaction(() => {
      for (const h of hosts) {
        const row = this.stmts.upsertHost.get(h.name, h.address, now) as { id: number };
        this.hostIds.set(h.name, row.id);
      }
    })();
  }

  idOf(host: string): number {
    const id = this.hostIds.get(host);
    if (id === undefined) throw new Error(`host ${host} is not registered in the store`);
    return id;
  }

  /** The raw sample and its rollups in one transaction: the two never disagree. */
  async insertSample(s: SampleRow): Promise<void> {
    this.writeBatchNow([s], []);
  }

  /** Many samples (each with its rollups) and facts in one transaction: the collector's batched write. */
  async writeBatch(samples: readonly SampleRow[], facts: readonly ({ host: string; ts: number; facts: HostFactsRow })[]): Promise<void> {
    this.writeBatchNow(samples, facts);
  }

  private writeBatchNow(samples: readonly SampleRow[], facts: readonly ({ host: string; ts: number; facts: HostFactsRow })[]): void {
    this.db.transaction(() => {
      for (const s of samples) {
        const hostId = this.idOf(s.host);
        this.stmts.insertSample.run({ ...s, hostId });
        this.history.rollupSample({ hostId, ts: s.ts, count: s.count, max: s.max, dropDelta: s.dropDelta, earlyDropDelta: s.earlyDropDelta, insertFailedDelta: s.insertFailedDelta });
      }
      for (const f of facts) this.stmts.upsertFacts.run({ ...f.facts, hostId: this.idOf(f.host), ts: f.ts });
    })();
  }

  /** Host names known to the store, for API lookups (the fleet file is the authority on membership). */
  hasHost(host: string): boolean {
    return this.hostIds.has(host);
  }

  async upsertFacts(host: string, ts: number, f: HostFactsRow): Promise<void> {
    this.stmts.upsertFacts.run({ ...f, hostId: this.idOf(host), ts });
  }

  async facts(host: string): Promise<FactsWithEntry | null> {
    return (this.stmts.facts.get(this.idOf(host)) as FactsWithEntry | undefined) ?? null;
  }

  /** The conntrack slab's object size, learnt by a limit probe (root-only /proc/slabinfo); polls keep it. */
  async setEntryBytes(host: string, bytes: number): Promise<void> {
    this.stmts.setEntryBytes.run(bytes, this.idOf(host));
  }

  async lastSample(host: string): Promise<SampleRow | null> {
    return toSample(host, this.stmts.lastSample.get(this.idOf(host)));
  }

  async lastOkSample(host: string): Promise<SampleRow | null> {
    return toSample(host, this.stmts.lastOkSample.get(this.idOf(host)));
  }

  async lastCounterSample(host: string): Promise<SampleRow | null> {
    return toSample(host, this.stmts.lastCounterSample.get(this.idOf(host)));
  }

  /** Non-zero drop increments since `ts`, oldest first: small even for a large fleet. */
  async dropsSince(ts: number): Promise<{ host: string; ts: number; dropDelta: number }[]> {
    return this.stmts.dropsSince.all(ts) as { host: string; ts: number; dropDelta: number }[];
  }
}
