/**
 * `npm run bench:store [-- --write-hosts 10000 --write-rounds 12 --batch 500 --read-hosts 1000 --days 7 --read-interval 60]`
 *
 * Both store engines, side by side:
 *  - writes: samples per second through writeBatch with the collector's batches (N hosts polled
 *    every 5 s, flushed every 500 rows), one writer; for PostgreSQL also two writers at once (two
 *    replicas, half the fleet each) and, for comparison with SQLite's synchronous=NORMAL, with
 *    synchronous_commit=off on that database;
 *  - reads: the host page's 30-day and 7-day history of one host polled every 5 s for 30 days, and
 *    the 7-day timeline's grouped queries over M hosts × D days of samples.
 * PostgreSQL 15 runs in a fresh cluster with its durable defaults (fsync, synchronous_commit,
 * full_page_writes on); the read data set's database is filled with synchronous_commit=off and then
 * VACUUM ANALYZEd (what autovacuum does in steady state). SQLite is the project's store as opened
 * by the dashboard (WAL, synchronous=NORMAL). Wall-clock figures on a shared 2-core machine.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { FleetStore } from "@/lib/store/fleet-store";
import { openPgStore, type PgStore } from "@/lib/store/pg/open-pg-store";
import { openDatabase } from "@/lib/store/sqlite";
import { startPostgres, withDatabase } from "@/lib/testing/postgres";
import { DROP_KINDS, timelineResolution } from "@/lib/timeline/build-timeline";
import { collectorBatches, fillFleet, fillHistoryHost, fleetOf, type BenchFleet } from "./store-bench-data";

const { values } = parseArgs({
  options: {
    "write-hosts": { type: "string", default: "10000" },
    "write-rounds": { type: "string", default: "12" },
    batch: { type: "string", default: "500" },
    "read-hosts": { type: "string", default: "1000" },
    days: { type: "string", default: "7" },
    "read-interval": { type: "string", default: "60" },
    reps: { type: "string", default: "20" },
    port: { type: "string", default: "5492" },
  },
});
const num = (k: keyof typeof values) => {
  const v = Number(values[k]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${k} must be a positive number`);
  return v;
};
const W = { hosts: num("write-hosts"), rounds: num("write-rounds"), batch: num("batch"), intervalMs: 5_000 };
const R = { hosts: num("read-hosts"), days: num("days"), intervalS: num("read-interval"), reps: num("reps") };
const DAY = 86_400_000;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const at = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const msf = (n: number) => (n < 10 ? `${n.toFixed(2)} ms` : `${n.toFixed(1)} ms`);

type OpenStore = BenchFleet & { close(): Promise<void> | void };

interface Engine {
  name: string;
  /** A new, empty store; `open` opens it (again, for a second replica). */
  create(label: string, opts?: { asyncCommit?: boolean }): Promise<{ open(): Promise<OpenStore> }>;
  /** After a bulk fill: what the engine's background maintenance would have done by then. */
  settle?(label: string): Promise<void>;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "store-bench-"));
  const server = await startPostgres({ port: num("port"), settings: "durable" });
  const admin = new pg.Client(server.url);
  try {
    await admin.connect();
    const engines: Engine[] = [
      {
        name: "sqlite",
        async create(label) {
          const dir = path.join(work, label);
          return {
            async open() {
              const db = openDatabase(dir);
              return Object.assign(new FleetStore(db), { close: () => void db.close() });
            },
          };
        },
      },
      {
        name: "postgres",
        async create(label, opts = {}) {
          await admin.query(`CREATE DATABASE ${label}`);
          if (opts.asyncCommit) await admin.query(`ALTER DATABASE ${label} SET synchronous_commit = off`);
          return {
            async open() {
              const store = await openPgStore(withDatabase(server.url, label));
              return Object.assign(store.fleet, { close: () => store.close() });
            },
          };
        },
        async settle(label) {
          const c = new pg.Client(withDatabase(server.url, label));
          await c.connect();
          await c.query("VACUUM ANALYZE");
          await c.end();
        },
      },
    ];
    console.log(`PostgreSQL ${(await admin.query("SHOW server_version")).rows[0].server_version}: fsync ${(await admin.query("SHOW fsync")).rows[0].fsync}, synchronous_commit ${(await admin.query("SHOW synchronous_commit")).rows[0].synchronous_commit}, data in ${server.dir}`);
    console.log(`writes: ${fmt(W.hosts)} hosts every ${W.intervalMs / 1000} s in batches of ${W.batch}, ${W.rounds} rounds (the first is warm-up, not timed)`);
    const writes: string[][] = [];
    for (const e of engines) {
      writes.push([e.name, "1 writer", ...(await measureWrites(e, `${e.name}_w1`, 1))]);
      if (e.name === "postgres") {
        writes.push([e.name, "2 writers (replicas, half the fleet each)", ...(await measureWrites(e, `${e.name}_w2`, 2))]);
        writes.push([e.name, "1 writer, synchronous_commit=off", ...(await measureWrites(e, `${e.name}_wa`, 1, true))]);
      }
    }
    printTable(["engine", "writeBatch", "samples/s", "batch p50", "batch p99"], writes);

    console.log(`\nreads: ${fmt(R.hosts)} hosts × ${R.days} d at ${R.intervalS} s, and one host × 30 d at 5 s; ${R.reps} runs each`);
    const reads: string[][] = [];
    for (const e of engines) reads.push(...(await measureReads(e)));
    printTable(["engine", "query", "rows", "median", "worst"], reads);
  } finally {
    await admin.end().catch(() => undefined);
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Samples/s over the timed rounds, and each batch's latency. */
async function measureWrites(e: Engine, label: string, writers: number, asyncCommit = false): Promise<string[]> {
  const made = await e.create(label, { asyncCommit });
  const stores: OpenStore[] = [];
  for (let i = 0; i < writers; i++) stores.push(await made.open());
  try {
    for (const s of stores) await s.syncHosts(fleetOf(W.hosts));
    const per = Math.floor(W.hosts / writers);
    const warmBatches = Math.ceil(per / W.batch);
    const t0 = Date.now() - W.rounds * W.intervalMs;
    const latencies: number[] = [];
    let samples = 0;
    let start = Infinity;
    let end = 0;
    await Promise.all(
      stores.map(async (s, w) => {
        let k = 0;
        for (const batch of collectorBatches(per, W.intervalMs, W.rounds, W.batch, t0, w * per)) {
          const t = performance.now();
          await s.writeBatch(batch, []);
          const done = performance.now();
          if (k++ < warmBatches) continue;
          start = Math.min(start, t);
          end = Math.max(end, done);
          latencies.push(done - t);
          samples += batch.length;
        }
      }),
    );
    return [fmt((samples * 1000) / (end - start)), msf(at(latencies, 0.5)), msf(at(latencies, 0.99))];
  } finally {
    for (const s of stores) await s.close();
  }
}

async function measureReads(e: Engine): Promise<string[][]> {
  const label = `${e.name}_read`;
  const made = await e.create(label, { asyncCommit: true });
  const s = await made.open();
  try {
    await s.syncHosts([...fleetOf(R.hosts), { name: "hist-01", address: "10.255.255.1" }]);
    const now = Date.now();
    const t = performance.now();
    const fill = await fillFleet(s, R.hosts, R.days, R.intervalS, now, 5_000);
    const hist = await fillHistoryHost(s, "hist-01", 30, 5, now, 5_000);
    console.log(`  ${e.name}: filled ${fmt(fill.samples + hist)} samples and ${fmt(fill.events)} events in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    await e.settle?.(label);
    const h = s.history;
    const hid = s.idOf("hist-01");
    const from = now - 7 * DAY;
    const { table, stepMs } = timelineResolution(from, now);
    const candidates = async () => {
      const ids = new Set(await h.hostsWithDrops(from, now));
      for (const ev of await h.timelineEvents(stepMs, from, now)) if (DROP_KINDS.has(ev.kind)) ids.add(ev.hostId);
      return [...ids];
    };
    const ids = await candidates();
    const queries: [string, () => Promise<unknown[]>][] = [
      ["host history 30 d (1h)", async () => h.series(hid, now - 30 * DAY, now, "1h")],
      ["host history 7 d (1m)", async () => h.series(hid, now - 7 * DAY, now, "1m")],
      ["timeline 7 d: hostsWithDrops", async () => h.hostsWithDrops(from, now)],
      ["timeline 7 d: timelineEvents", async () => h.timelineEvents(stepMs, from, now)],
      [`timeline 7 d: timelineBuckets (${ids.length} hosts)`, async () => h.timelineBuckets(table, stepMs, from, now, ids)],
      ["timeline 7 d: dropSpans", async () => h.dropSpans(from, now)],
      [
        "timeline 7 d: all four, in order",
        async () => {
          const c = await candidates();
          return [...(await h.timelineBuckets(table, stepMs, from, now, c)), ...(await h.dropSpans(from, now))];
        },
      ],
    ];
    const out: string[][] = [];
    for (const [name, run] of queries) {
      const times: number[] = [];
      let rows = 0;
      for (let k = 0; k < R.reps; k++) {
        const t1 = performance.now();
        rows = (await run()).length;
        times.push(performance.now() - t1);
      }
      out.push([e.name, name, fmt(rows), msf(at(times, 0.5)), msf(Math.max(...times))]);
    }
    return out;
  } finally {
    await s.close();
  }
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
