import "server-only";
import { SessionStore } from "@/lib/auth/session-store";
import { TokenStore } from "@/lib/auth/token-store";
import { FleetStore } from "./fleet-store";
import type { Store } from "./ports";
import { openDatabase } from "./sqlite";

export type { SessionLimits, Store } from "./ports";

/**
 * The store the dashboard, its CLIs and its benchmarks run on: PostgreSQL when a database URL is
 * given (several replicas share it), else the SQLite file in `dataDir`. The PostgreSQL engine is
 * loaded only when asked for, so a SQLite installation never loads `pg`.
 */
export async function openStore(opts: { dataDir: string; databaseUrl?: string | null }): Promise<Store> {
  if (opts.databaseUrl) {
    const { openPgStore } = await import("./pg/open-pg-store");
    return openPgStore(opts.databaseUrl);
  }
  return openSqliteStore(opts.dataDir);
}

export function openSqliteStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  const fleet = new FleetStore(db);
  const tokens = new TokenStore(db);
  return {
    engine: "sqlite",
    fleet,
    tokens,
    sessions: (limits) => new SessionStore(db, limits),
    close: async () => {
      db.close();
    },
  };
}
