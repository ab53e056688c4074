import "server-only";
import type pg from "pg";
import { DAY_MS, LOCK_CLASS, LOCKS, tx } from "./pg-db";

/**
 * Day partitions of the time-series tables (UTC days, bounds in epoch ms). Made ahead (today and
 * the next days, at open and whenever a write reaches a day whose next day has none yet) and on
 * demand before a write batch that needs one; dropped whole by retention.
 *
 * A day is made as a plain table and then attached: ATTACH PARTITION takes only a SHARE UPDATE
 * EXCLUSIVE lock on the parent, so readers and writers go on (CREATE TABLE … PARTITION OF would take
 * ACCESS EXCLUSIVE and queue every query behind any long read). Two replicas making the same day
 * queue on an advisory lock and the second finds it made.
 */

export const PARTITIONED = ["samples", "samples_1m"] as const;
export type PartitionedTable = (typeof PARTITIONED)[number];

/** Days made ahead of the newest day written (and of today at open). */
const AHEAD_DAYS = 2;

export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

export function partitionName(table: PartitionedTable, day: number): string {
  const d = new Date(day * DAY_MS);
  const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
  return `${table}_p${ymd}`;
}

export interface PartitionInfo {
  table: PartitionedTable;
  name: string;
  from: number;
  to: number;
}

/** The partitions that exist, from the catalog (bounds parsed from their definitions). */
export async function listPartitions(db: Pick<pg.Pool, "query">): Promise<PartitionInfo[]> {
  const { rows } = await db.query<{ parent: PartitionedTable; name: string; bound: string }>(
    `SELECT p.relname AS parent, c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = ANY($1) AND p.relnamespace = current_schema()::regnamespace`,
    [PARTITIONED],
  );
  return rows.flatMap((r) => {
    const m = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/.exec(r.bound);
    return m ? [{ table: r.parent, name: r.name, from: Number(m[1]), to: Number(m[2]) }] : [];
  });
}

/** Which days have every partitioned table's partition; shared by the store's writers. */
export class DayPartitions {
  private readonly ready = new Set<number>();

  constructor(private readonly pool: pg.Pool) {}

  /** Reads what exists (after another replica's prune or make). */
  async refresh(): Promise<void> {
    const parts = await listPartitions(this.pool);
    const perDay = new Map<number, number>();
    for (const p of parts) {
      if (p.to - p.from !== DAY_MS || p.from % DAY_MS !== 0) continue;
      const day = p.from / DAY_MS;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    this.ready.clear();
    for (const [day, n] of perDay) if (n === PARTITIONED.length) this.ready.add(day);
  }

  has(day: number): boolean {
    return this.ready.has(day);
  }

  /** Makes sure the days of these times, and the days after the newest, have their partitions. */
  async ensureFor(times: Iterable<number>): Promise<void> {
    const days = new Set<number>();
    let newest = -Infinity;
    for (const t of times) {
      const d = dayOf(t);
      days.add(d);
      if (d > newest) newest = d;
    }
    if (newest === -Infinity) return;
    for (let k = 1; k <= AHEAD_DAYS; k++) days.add(newest + k);
    const missing = [...days].filter((d) => !this.ready.has(d));
    if (missing.length > 0) await this.make(missing);
  }

  forget(day: number): void {
    this.ready.delete(day);
  }

  private async make(days: number[]): Promise<void> {
    await tx(this.pool, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_CLASS, LOCKS.partitions]);
      const existing = new Set((await listPartitions(c)).map((p) => p.name));
      for (const day of days.sort((a, b) => a - b)) {
        for (const table of PARTITIONED) {
          const name = partitionName(table, day);
          if (existing.has(name)) continue;
          // Rollup rows are updated a dozen times after insert: free room keeps those updates HOT.
          const storage = table === "samples_1m" ? " WITH (fillfactor = 80)" : "";
          // The parent's indexes are copied here and matched (not rebuilt) by ATTACH.
          await c.query(`CREATE TABLE ${name} (LIKE ${table} INCLUDING ALL)${storage}`);
          await c.query(`ALTER TABLE ${table} ATTACH PARTITION ${name} FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`);
        }
      }
    });
    for (const d of days) this.ready.add(d);
  }
}
