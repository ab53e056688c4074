import "server-only";
import type pg from "pg";
import type { Store } from "@/lib/store/ports";
import type { SessionPort } from "@/lib/store/ports";
import { withAdvisoryLock } from "./advisory-lock";
import { migrate } from "./migrations";
import { DayPartitions } from "./partitions";
import { PgAlertStore } from "./pg-alerts";
import { PgAudit } from "./pg-audit";
import { PgSessions, PgTokens } from "./pg-auth";
import { createPool } from "./pg-db";
import { PgFleetStore } from "./pg-fleet-store";
import { PgHistory } from "./pg-history";

export interface PgStore extends Store {
  readonly engine: "postgres";
  readonly fleet: PgFleetStore;
  /**
   * Runs `fn` while no other holder of `key`, in this process or another replica, runs: e.g. one
   * limit raise per host at a time across the fleet's dashboards.
   */
  advisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The pool, for maintenance and tests. */
  readonly pool: pg.Pool;
}

/**
 * Opens the shared PostgreSQL store at `url` (DATABASE_URL): migrates it (once, whichever replica
 * gets there first), makes today's and the next days' partitions, and returns the engine's verbs.
 */
export async function openPgStore(url: string, opts: { poolSize?: number } = {}): Promise<PgStore> {
  const pool = createPool(url, opts.poolSize);
  try {
    await migrate(pool);
    const partitions = new DayPartitions(pool);
    await partitions.refresh();
    await partitions.ensureFor([Date.now()]);
    const fleet = new PgFleetStore(pool, partitions, new PgHistory(pool, partitions), new PgAudit(pool), new PgAlertStore(pool));
    const tokens = new PgTokens(pool);
    let closed: Promise<void> | null = null;
    return {
      engine: "postgres",
      fleet,
      tokens,
      pool,
      sessions: (limits: { idleMs: number; absoluteMs: number }): SessionPort => new PgSessions(pool, limits),
      advisoryLock: (key, fn) => withAdvisoryLock({ connectionString: url }, key, fn),
      close: () => (closed ??= pool.end()),
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

