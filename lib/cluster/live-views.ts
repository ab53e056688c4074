import "server-only";
import type { Pool } from "pg";
import { DB_NOW_MS } from "./lease-store";

/**
 * The overview's per-host views shared between replicas: the replica polling a host writes its
 * view after each poll; the others read what changed since their last read (by a sequence, not by
 * time, so no write is missed whatever the clocks say) and serve it beside their own hosts'.
 */
export class LiveViewStore {
  private lastSeq = 0;
  private readonly views = new Map<string, { replica: string; view: unknown; updatedAt: number }>();

  constructor(private readonly pool: Pool) {}

  /** Writes this replica's views; a host whose lease moved elsewhere is not overwritten. */
  async put(replica: string, views: readonly { host: string; view: unknown }[]): Promise<void> {
    if (views.length === 0) return;
    await this.pool.query(
      `INSERT INTO host_live (host, replica, view, updated_at)
       SELECT v.host, $1, v.view, ${DB_NOW_MS}
       FROM unnest($2::text[], $3::jsonb[]) AS v(host, view)
       JOIN host_leases l ON l.host = v.host AND l.replica = $1
       ON CONFLICT (host) DO UPDATE SET replica = excluded.replica, view = excluded.view, updated_at = excluded.updated_at, seq = nextval('host_live_seq')`,
      [replica, views.map((v) => v.host), views.map((v) => JSON.stringify(v.view))],
    );
  }

  /** Reads what changed since the last call; returns every host's latest view known here. */
  async refresh(): Promise<ReadonlyMap<string, { replica: string; view: unknown; updatedAt: number }>> {
    const { rows } = await this.pool.query<{ host: string; replica: string; view: unknown; updated_at: string; seq: string }>(
      `SELECT host, replica, view, updated_at, seq FROM host_live WHERE seq > $1 ORDER BY seq`,
      [this.lastSeq],
    );
    for (const r of rows) {
      this.views.set(r.host, { replica: r.replica, view: r.view, updatedAt: Number(r.updated_at) });
      this.lastSeq = Math.max(this.lastSeq, Number(r.seq));
    }
    return this.views;
  }
}
