import "server-only";
import type { Store } from "../ports";

/**
 * PLACEHOLDER, replaced on merge by the PostgreSQL engine (lib/store/pg/, written on its own branch):
 * it exists so that openStore's DATABASE_URL branch type-checks and fails loudly until then.
 */
export async function openPgStore(databaseUrl: string): Promise<Store> {
  void databaseUrl; // never echoed: it usually carries a password
  throw new Error("PostgreSQL engine not built in: DATABASE_URL is set, but this build has only the SQLite store (unset DATABASE_URL to use DATA_DIR)");
}
