import "server-only";
import type pg from "pg";
import { DAY_MS, LOCK_CLASS, LOCKS } from "./pg-db";
import { listPartitions, type DayPartitions, type PartitionedTable } from "./partitions";

type Counts = { samples: number; rollups: number; events: number };

/**
 * Retention. Whole days older than the cutoff go by dropping their partitions (no row-by-row
 * delete, no bloat, no vacuum); the day the cutoff falls in, and the unpartitioned tables, lose
 * their old rows by DELETE. Counts are rows, as SQLite's prune reports them.
 *
 * One replica prunes at a time (a try-lock: the others skip this round and report nothing). Each
 * step is its own short transaction; dropping a partition waits at most a few seconds for the
 * parent table's lock (readers and writers hold it), and when it cannot have it the rows are
 * deleted instead, so the counts and the result are the same, only slower.
 */
export async function pruneHistory(
  pool: pg.Pool,
  partitions: DayPartitions,
  now: number,
  retention: { samplesMs: number; rollupMs: number; eventsMs: number },
  /** How long dropping a day may wait for the parent table's lock. */
  lockTimeoutMs = 2_000,
): Promise<Counts> {
  const client = await pool.connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [LOCK_CLASS, LOCKS.prune]);
    if (!rows[0]?.ok) return { samples: 0, rollups: 0, events: 0 };
    try {
      const rawCutoff = now - retention.samplesMs;
      const samples = (await dropDays(client, partitions, "samples", rawCutoff, lockTimeoutMs)) + (await deleteOlder(client, "samples", "ts", rawCutoff));
      const minute = (await dropDays(client, partitions, "samples_1m", rawCutoff, lockTimeoutMs)) + (await deleteOlder(client, "samples_1m", "bucket", rawCutoff));
      const hour = await deleteOlder(client, "samples_1h", "bucket", now - retention.rollupMs);
      const events = await deleteOlder(client, "events", "ts", now - retention.eventsMs);
      return { samples, rollups: minute + hour, events };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_CLASS, LOCKS.prune]).catch(() => {
        broken = true;
      });
    }
  } finally {
    client.release(broken);
  }
}

async function deleteOlder(client: pg.PoolClient, table: string, column: string, cutoff: number): Promise<number> {
  const res = await client.query(`DELETE FROM ${table} WHERE ${column} < $1`, [cutoff]);
  return res.rowCount ?? 0;
}

/** Drops the partitions of `table` whose whole day is older than `cutoff`; returns the rows they held. */
async function dropDays(client: pg.PoolClient, partitions: DayPartitions, table: PartitionedTable, cutoff: number, lockTimeoutMs: number): Promise<number> {
  const old = (await listPartitions(client)).filter((p) => p.table === table && p.to <= cutoff).sort((a, b) => a.from - b.from);
  let rows = 0;
  for (const p of old) {
    try {
      await client.query("BEGIN");
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
      // Nobody writes a day past retention, but a straggler could: SHARE keeps the count exact.
      await client.query(`LOCK TABLE ${p.name} IN SHARE MODE`);
      const { rows: n } = await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${p.name}`);
      await client.query(`DROP TABLE ${p.name}`);
      await client.query("COMMIT");
      rows += n[0]?.n ?? 0;
      partitions.forget(p.from / DAY_MS);
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      // 55P03: lock_timeout. The DELETE after this deletes the day's rows instead.
      if ((err as { code?: string }).code !== "55P03") throw err;
      console.warn(`[retention] ${p.name}: parent table busy, deleting its rows instead of dropping it`);
    }
  }
  return rows;
}
