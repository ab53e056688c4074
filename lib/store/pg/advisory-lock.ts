import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";

/** A name → PostgreSQL's bigint advisory-lock key (the first 8 bytes of its SHA-256, signed). */
export function advisoryKey(name: string): string {
  return createHash("sha256").update(`conntrack-fleet:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs `fn` while holding a session-level advisory lock named `name`, across every replica of the
 * database: a second holder of the same name waits; other names do not. The lock lives on a
 * connection of its own, not one of the pool's: waiters must not starve `fn`'s own queries, and
 * the lock is freed with that connection if this process dies. Released in `finally`, whatever `fn` did.
 */
export async function withAdvisoryLock<T>(config: pg.ClientConfig, name: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client(config);
  // A connection lost while waiting or holding: the error surfaces from the pending query.
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [advisoryKey(name)]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [advisoryKey(name)]).catch(() => undefined);
    }
  } finally {
    // Ending the session releases the lock even if the unlock above failed.
    await client.end().catch(() => undefined);
  }
}
