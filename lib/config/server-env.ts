import "server-only";
import path from "node:path";
import { z } from "zod";

/** Only the scheme is checked and named: the rest of the URL usually carries a password, and never appears in a message. */
const databaseUrl = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? null : s.trim()))
  .refine((s) => s === null || isPostgresUrl(s), { message: "must be a postgres:// or postgresql:// URL (or unset, for the SQLite store in DATA_DIR)" });

const envSchema = z.object({
  FLEET_CONFIG: z.string().min(1).default("./fleet.yaml"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: databaseUrl,
  // A replica's name among several sharing DATABASE_URL (shown on the cluster page); default: host-pid-random.
  REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'")
    .optional(),
  // Where this replica is reached directly (shown to operators next to the hosts it polls).
  REPLICA_URL: z.string().url("must be a URL").optional(),
});

export interface ServerEnv {
  fleetConfig: string;
  dataDir: string;
  /** A shared PostgreSQL store; null: the SQLite file in dataDir. */
  databaseUrl: string | null;
  replicaId: string | null;
  replicaUrl: string | null;
}

function isPostgresUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "postgres:" || u.protocol === "postgresql:";
  } catch {
    return false;
  }
}

export function readServerEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return {
    fleetConfig: path.resolve(parsed.data.FLEET_CONFIG),
    dataDir: path.resolve(parsed.data.DATA_DIR),
    databaseUrl: parsed.data.DATABASE_URL,
    replicaId: parsed.data.REPLICA_ID ?? null,
    replicaUrl: parsed.data.REPLICA_URL ?? null,
  };
}
