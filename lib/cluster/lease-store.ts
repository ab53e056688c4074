import "server-only";
import type { Pool } from "pg";

/**
 * Replica heartbeats and host leases in PostgreSQL (tables made by the PostgreSQL store's migration
 * 2). Every time comparison uses the database's clock, never a replica's: replicas' clocks may
 * disagree, the database has one.
 */

/** The database's clock in epoch milliseconds (clock_timestamp: the real time, not the transaction's start). */
export const DB_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

export interface ReplicaRow {
  id: string;
  url: string | null;
  startedAt: number;
  heartbeatAt: number;
  live: boolean;
}

export class LeaseStore {
  constructor(private readonly pool: Pool) {}

  /** Records this replica's heartbeat; returns the replicas alive now (heartbeat within `ttlMs`), itself included. */
  async beat(me: { id: string; url: string | null }, ttlMs: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH me AS (
         INSERT INTO replicas (id, url, started_at, heartbeat_at) VALUES ($1, $2, ${DB_NOW_MS}, ${DB_NOW_MS})
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, url = excluded.url, stopped_at = NULL
         RETURNING id
       )
       SELECT id FROM replicas WHERE stopped_at IS NULL AND heartbeat_at > ${DB_NOW_MS} - $3 AND id <> $1
       UNION SELECT id FROM me`,
      [me.id, me.url, Math.round(ttlMs)],
    );
    return rows.map((r) => r.id).sort();
  }

  /**
   * Renews this replica's leases on `hosts` and takes those that are free or expired, in one
   * statement; returns the hosts it holds afterwards (a host another replica still holds is not among them).
   */
  async acquire(me: string, hosts: readonly string[], ttlMs: number): Promise<string[]> {
    if (hosts.length === 0) return [];
    const { rows } = await this.pool.query<{ host: string }>(
      `INSERT INTO host_leases (host, replica, acquired_at, expires_at)
       SELECT h, $2, ${DB_NOW_MS}, ${DB_NOW_MS} + $3 FROM unnest($1::text[]) AS h
       ON CONFLICT (host) DO UPDATE SET
         replica = excluded.replica,
         expires_at = excluded.expires_at,
         acquired_at = CASE WHEN host_leases.replica = excluded.replica THEN host_leases.acquired_at ELSE excluded.acquired_at END,
         epoch = CASE WHEN host_leases.replica = excluded.replica THEN host_leases.epoch ELSE host_leases.epoch + 1 END
       WHERE host_leases.replica = excluded.replica OR host_leases.expires_at <= ${DB_NOW_MS}
       RETURNING host`,
      [hosts, me, Math.round(ttlMs)],
    );
    return rows.map((r) => r.host);
  }

  /** Gives up every lease of this replica except on `keep` (the hosts it goes on polling). */
  async releaseExcept(me: string, keep: readonly string[]): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM host_leases WHERE replica = $1 AND NOT (host = ANY($2::text[]))`, [me, keep]);
    return rowCount ?? 0;
  }

  /** A clean stop: this replica's hosts are free at once instead of when their leases run out. */
  async leave(me: string): Promise<void> {
    await this.pool.query(`DELETE FROM host_leases WHERE replica = $1`, [me]);
    await this.pool.query(`UPDATE replicas SET stopped_at = ${DB_NOW_MS} WHERE id = $1`, [me]);
  }

  /** Who polls each host now (unexpired leases only). */
  async holders(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ host: string; replica: string }>(`SELECT host, replica FROM host_leases WHERE expires_at > ${DB_NOW_MS}`);
    return new Map(rows.map((r) => [r.host, r.replica]));
  }

  async replicas(ttlMs: number): Promise<ReplicaRow[]> {
    const { rows } = await this.pool.query<{ id: string; url: string | null; started_at: string; heartbeat_at: string; live: boolean }>(
      `SELECT id, url, started_at, heartbeat_at, (stopped_at IS NULL AND heartbeat_at > ${DB_NOW_MS} - $1) AS live FROM replicas ORDER BY id`,
      [Math.round(ttlMs)],
    );
    return rows.map((r) => ({ id: r.id, url: r.url, startedAt: Number(r.started_at), heartbeatAt: Number(r.heartbeat_at), live: r.live }));
  }

  /** Forgets replicas not heard from for a day (each start is a new id, so stopped ones pile up). */
  async prune(): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM replicas WHERE heartbeat_at < ${DB_NOW_MS} - 86400000`);
    return rowCount ?? 0;
  }
}
