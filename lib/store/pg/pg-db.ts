import "server-only";
import pg from "pg";

/**
 * The pool and the few conventions every pg module shares. Times and counters are bigint columns
 * (epoch ms; kernel counters exceed 2^31); node-pg hands int8 and numeric back as strings, so this
 * pool parses them to numbers (all fit in 2^53).
 */

const { types } = pg;
const toNumber = (v: string) => Number(v);

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return toNumber;
    return types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: typeParsers, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (server restart) must not crash the process; the next
  // query gets a fresh connection.
  pool.on("error", (err) => console.error(`[store] idle PostgreSQL connection failed: ${err.message}`));
  return pool;
}

/** Runs `fn` in one transaction on one client; rolled back on error. */
export async function tx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * PostgreSQL text cannot hold NUL (SQLite can): a kernel log with a run of zero bytes (a crash
 * mid-write) or odd stderr must not make a write fail, so NUL is stored as U+FFFD.
 */
export function text<T extends string | null | undefined>(s: T): T {
  return (typeof s === "string" && s.includes("\u0000") ? s.replaceAll("\u0000", "\uFFFD") : s) as T;
}

/**
 * Advisory-lock keys of the store's own housekeeping: the two-int form, whose key space does not
 * overlap the bigint keys `advisoryLock(name)` hashes to.
 */
export const LOCK_CLASS = 0x636f6e74; // "cont"
export const LOCKS = { migrate: 1, partitions: 2, prune: 3 } as const;

export const DAY_MS = 86_400_000;
