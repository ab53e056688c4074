import "server-only";
import type pg from "pg";
import type { AlertStore } from "@/lib/alerts/store-port";
import type { HostFactsRow, SampleRow } from "@/lib/store/fleet-store";
import { toSample } from "@/lib/store/sample-row";
import type { AuditPort, FactsWithEntry, FleetStorePort, HistoryPort } from "@/lib/store/ports";
import type { DayPartitions } from "./partitions";
import { text } from "./pg-db";
import { FENCED_WRITE_BATCH_SQL, WRITE_BATCH_SQL, writeBatchParams } from "./write-batch";

const SAMPLE_COLUMNS = `ts, status, error_code, error_message, count, max, buckets, drop_total, early_drop_total,
  insert_failed_total, drop_delta, early_drop_delta, insert_failed_delta, boot_time`;

/** The collector's and the API's verbs over a shared PostgreSQL (see lib/store/ports.ts). */
export class PgFleetStore implements FleetStorePort {
  readonly engine = "postgres" as const;
  private hostIds = new Map<string, number>();
  /** The replica whose host leases gate sample writes (cluster mode); null: writes are not fenced. */
  private fence: string | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly partitions: DayPartitions,
    readonly history: HistoryPort,
    readonly audit: AuditPort,
    readonly alerts: AlertStore,
  ) {}

  async syncHosts(hosts: { name: string; address: string }[]): Promise<void> {
    const byName = new Map(hosts.map((h) => [h.name, h.address]));
    const names = [...byName.keys()];
    const addresses = [...byName.values()];
    // Existing hosts are only updated when their address changed, and new ones inserted without
    // touching the identity sequence for the others (an upsert would burn an id per host per reload).
    await this.pool.query(
      `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(name, address, ord)),
       upd AS (UPDATE hosts h SET address = u.address FROM u WHERE h.name = u.name AND h.address <> u.address RETURNING 1)
       INSERT INTO hosts (name, address, created_at)
       SELECT name, address, $3 FROM u WHERE NOT EXISTS (SELECT 1 FROM hosts h WHERE h.name = u.name) ORDER BY ord
       ON CONFLICT (name) DO NOTHING`,
      [names, addresses, Date.now()],
    );
    const { rows } = await this.pool.query<{ id: number; name: string }>(`SELECT id, name FROM hosts WHERE name = ANY($1::text[])`, [names]);
    for (const r of rows) this.hostIds.set(r.name, r.id);
  }

  /**
   * From now on, samples and facts are written only for hosts this replica holds the lease of:
   * rows for any other host are dropped by the database in the same statement.
   */
  fenceWrites(replica: string): void {
    this.fence = replica;
  }

  idOf(host: string): number {
    const id = this.hostIds.get(host);
    if (id === undefined) throw new Error(`host ${host} is not registered in the store`);
    return id;
  }

  hasHost(host: string): boolean {
    return this.hostIds.has(host);
  }

  insertSample(s: SampleRow): Promise<void> {
    return this.writeBatch([s], []);
  }

  async writeBatch(samples: readonly SampleRow[], facts: readonly { host: string; ts: number; facts: HostFactsRow }[]): Promise<void> {
    if (samples.length === 0 && facts.length === 0) return;
    const rows = samples.map((s) => ({ ...s, hostId: this.idOf(s.host) }));
    const factRows = facts.map((f) => ({ hostId: this.idOf(f.host), ts: f.ts, facts: f.facts }));
    await this.partitions.ensureFor(rows.map((s) => s.ts));
    const values = writeBatchParams(rows, factRows);
    const query = this.fence
      ? { name: "write-batch-fenced", text: FENCED_WRITE_BATCH_SQL, values: [...values, this.fence] }
      : { name: "write-batch", text: WRITE_BATCH_SQL, values };
    try {
      await this.pool.query(query);
    } catch (err) {
      // 23514: no partition for a row. Another replica's retention dropped a day this one still
      // believed present (a sample older than the retention): re-read the catalog and try once more.
      if ((err as { code?: string }).code !== "23514") throw err;
      await this.partitions.refresh();
      await this.partitions.ensureFor(rows.map((s) => s.ts));
      await this.pool.query(query);
    }
  }

  async upsertFacts(host: string, ts: number, f: HostFactsRow): Promise<void> {
    await this.writeBatch([], [{ host, ts, facts: f }]);
  }

  async facts(host: string): Promise<FactsWithEntry | null> {
    const { rows } = await this.pool.query<FactsWithEntry>(
      `SELECT kernel, cores, mem_total_bytes AS "memTotalBytes", module, entry_bytes AS "entryBytes" FROM host_facts WHERE host_id = $1`,
      [this.idOf(host)],
    );
    return rows[0] ?? null;
  }

  async setEntryBytes(host: string, bytes: number): Promise<void> {
    await this.pool.query(`UPDATE host_facts SET entry_bytes = $1 WHERE host_id = $2`, [bytes, this.idOf(host)]);
  }

  lastSample(host: string): Promise<SampleRow | null> {
    return this.lastWhere(host, "TRUE");
  }

  lastOkSample(host: string): Promise<SampleRow | null> {
    return this.lastWhere(host, "count IS NOT NULL");
  }

  lastCounterSample(host: string): Promise<SampleRow | null> {
    return this.lastWhere(host, "drop_total IS NOT NULL");
  }

  async dropsSince(ts: number): Promise<{ host: string; ts: number; dropDelta: number }[]> {
    const { rows } = await this.pool.query<{ host: string; ts: number; dropDelta: number }>(
      `SELECT h.name AS host, s.ts, s.drop_delta AS "dropDelta" FROM samples s JOIN hosts h ON h.id = s.host_id
       WHERE s.ts >= $1 AND s.drop_delta > 0 ORDER BY s.ts, s.host_id`,
      [ts],
    );
    return rows;
  }

  private async lastWhere(host: string, cond: string): Promise<SampleRow | null> {
    const { rows } = await this.pool.query<Record<string, number | string | null>>(
      `SELECT ${SAMPLE_COLUMNS} FROM samples WHERE host_id = $1 AND ${cond} ORDER BY ts DESC LIMIT 1`,
      [this.idOf(host)],
    );
    return toSample(host, rows[0]);
  }
}
