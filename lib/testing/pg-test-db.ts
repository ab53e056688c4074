import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { withDatabase } from "./postgres";

/**
 * A new, empty database in the run's shared PostgreSQL (pg-global-setup.ts): files and tests never
 * see each other's rows. Throws the server's start-up error when there is no server, so a machine
 * without PostgreSQL fails these tests instead of skipping them.
 */
export async function freshPgDatabase(label = "t"): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = inject("pgAdminUrl");
  if (!admin) throw new Error(`no test PostgreSQL: ${inject("pgSetupError") ?? "the vitest globalSetup did not run"}`);
  const name = `${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase().slice(0, 30)}_${randomBytes(6).toString("hex")}`;
  await adminQuery(admin, `CREATE DATABASE "${name}"`);
  return { url: withDatabase(admin, name), drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
