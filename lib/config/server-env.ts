import "server-only";
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  FLEET_CONFIG: z.string().min(1).default("./fleet.yaml"),
  DATA_DIR: z.string().min(1).default("./data"),
});

export interface ServerEnv {
  fleetConfig: string;
  dataDir: string;
}

export function readServerEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return { fleetConfig: path.resolve(parsed.data.FLEET_CONFIG), dataDir: path.resolve(parsed.data.DATA_DIR) };
}
