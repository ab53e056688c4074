/**
 * Writes days of past history for chosen hosts into a running dashboard's store, through the
 * collector's own insert path (samples with rollups, kernel-log events, audit rows). The e2e suite
 * runs it with `tsx --conditions=react-server` (the store modules are server-only).
 *
 * argv: <dataDir> <json plan>
 */
import path from "node:path";
import { readServerEnv } from "../lib/config/server-env";
import type { SampleRow } from "../lib/store/fleet-store";
import { openStore } from "../lib/store/open-store";

export interface SeedIncident {
  host: string;
  address: string;
  /** Start of the incident, epoch ms; one sample every `stepS` seconds for `samples` samples. */
  start: number;
  stepS: number;
  samples: number;
  max: number;
  /** Counter increments per sample while the table is full. */
  dropsPerSample: number;
  /** table_full log lines written during the incident (one every sample until exhausted). */
  logLines: number;
  change?: { user: string; oldMax: number; newMax: number; oldHashsize?: number; newHashsize?: number };
}

async function main(): Promise<void> {
  const [dataDir, planJson] = process.argv.slice(2);
  if (!dataDir || !planJson) throw new Error("usage: seed-history <dataDir> <json>");
  const plan = JSON.parse(planJson) as SeedIncident[];
  const opened = await openStore({ dataDir: path.resolve(dataDir), databaseUrl: readServerEnv().databaseUrl });
  const store = opened.fleet;
  await store.syncHosts(plan.map((p) => ({ name: p.host, address: p.address })));
  // All samples (with their rollups) in one transaction, as the collector writes them.
  const samples: SampleRow[] = [];
  for (const p of plan) {
    let total = 0;
    for (let i = 0; i < p.samples; i++) {
      const ts = p.start + i * p.stepS * 1000;
      const delta = i === 0 ? 0 : p.dropsPerSample;
      total += delta;
      samples.push({
        host: p.host, ts, status: "critical", errorCode: null, errorMessage: null, count: p.max, max: p.max, buckets: p.max / 4,
        dropTotal: total, earlyDropTotal: 0, insertFailedTotal: 0, dropDelta: i === 0 ? null : delta, earlyDropDelta: 0, insertFailedDelta: 0, bootTime: p.start - 86_400_000,
      });
    }
  }
  await store.writeBatch(samples, []);
  for (const p of plan) {
    const events = Array.from({ length: Math.min(p.logLines, p.samples) }, (_, i) => ({
      key: `seed-${p.host}-${p.start}-${i}`, ts: p.start + i * p.stepS * 1000, kind: "table_full", count: 1, source: "kern.log",
      line: `seeded ${p.host} kernel: nf_conntrack: table full, dropping packet`,
    }));
    await store.history.insertEvents(store.idOf(p.host), events);
    if (p.change) {
      await store.audit.append({
        ts: p.start + Math.floor(p.samples / 2) * p.stepS * 1000, user: p.change.user, role: "operator", host: p.host, action: "raise-limit", mode: "permanent",
        oldMax: p.change.oldMax, newMax: p.change.newMax, oldHashsize: p.change.oldHashsize ?? null, newHashsize: p.change.newHashsize ?? null, commands: [], files: [], outcome: "success", error: null, detail: "seeded",
      });
    }
  }
  await opened.close();
}

main().catch((err: unknown) => {
  console.error(`seed-history failed: ${(err as Error).message}`);
  process.exit(1);
});
