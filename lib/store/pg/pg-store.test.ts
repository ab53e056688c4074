import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { failure, sample } from "@/lib/store/contract/fixture";
import { freshPgDatabase } from "@/lib/testing/pg-test-db";
import { migrate, SCHEMA_VERSION } from "./migrations";
import { openPgStore, type PgStore } from "./open-pg-store";
import { dayOf, listPartitions, partitionName } from "./partitions";
import { createPool, DAY_MS, LOCK_CLASS, LOCKS } from "./pg-db";

/** What only the PostgreSQL engine has: migrations, day partitions, the one-statement write. */

const T = Date.parse("2026-11-25T18:00:00Z");
const DAY = DAY_MS;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function database() {
  const db = await freshPgDatabase("pg_store");
  cleanups.push(db.drop);
  return db.url;
}
async function open(url: string): Promise<PgStore> {
  const s = await openPgStore(url, { poolSize: 4 });
  cleanups.push(() => s.close());
  return s;
}
function pool(url: string): pg.Pool {
  const p = createPool(url, 2);
  cleanups.push(() => p.end());
  return p;
}
const days = async (p: Pick<pg.Pool, "query">, table: string) =>
  (await listPartitions(p)).filter((x) => x.table === table).map((x) => x.from / DAY_MS).sort((a, b) => a - b);

describe("migrations", () => {
  it("several replicas opening one fresh database at once migrate it exactly once", async () => {
    const url = await database();
    const stores = await Promise.all(Array.from({ length: 5 }, () => open(url)));
    const { rows } = await stores[0]!.pool.query<{ version: number; n: number }>(
      "SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version",
    );
    expect(rows).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1, n: 1 })));
    await Promise.all(stores.map((s) => s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }])));
    expect(new Set(stores.map((s) => s.fleet.idOf("web-01"))).size).toBe(1);
  });

  it("runs each migration once even when they are slow and not idempotent, under concurrent starts", async () => {
    const url = await database();
    const steps = ["CREATE TABLE m (x int); SELECT pg_sleep(0.2);", "INSERT INTO m VALUES (1);", "INSERT INTO m SELECT count(*) + 1 FROM m;"];
    await Promise.all(Array.from({ length: 4 }, () => migrate(pool(url), steps)));
    expect((await pool(url).query("SELECT x FROM m ORDER BY x")).rows).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it("a failing migration leaves no trace of itself, and names its number", async () => {
    const url = await database();
    const p = pool(url);
    await expect(migrate(p, ["CREATE TABLE a (x int);", "CREATE TABLE b (x int); SELECT no_such_function();"])).rejects.toThrow(/migration 2 failed/);
    expect((await p.query("SELECT version FROM schema_migrations")).rows).toEqual([{ version: 1 }]);
    expect((await p.query("SELECT to_regclass('a') IS NOT NULL AS a, to_regclass('b') IS NOT NULL AS b")).rows).toEqual([{ a: true, b: false }]);
    // The lock was released: a later start proceeds.
    await migrate(p, ["CREATE TABLE a (x int);", "CREATE TABLE b (x int);"]);
  });

  it("refuses a database a newer build migrated", async () => {
    const url = await database();
    const s = await open(url);
    await s.pool.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)", [SCHEMA_VERSION + 1]);
    await expect(openPgStore(url)).rejects.toThrow(`PostgreSQL schema version ${SCHEMA_VERSION + 1} is newer than this build knows (${SCHEMA_VERSION})`);
  });
});

describe("day partitions", () => {
  it("today and the next two days exist from the start; a write to another day makes it and the two after", async () => {
    const url = await database();
    const s = await open(url);
    const today = dayOf(Date.now());
    for (const table of ["samples", "samples_1m"]) expect(await days(s.pool, table)).toEqual([today, today + 1, today + 2]);
    await s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    await s.fleet.writeBatch([sample("web-01", T), sample("web-01", T + 30_000)], []);
    const d = dayOf(T);
    expect((await days(s.pool, "samples")).filter((x) => x < today)).toEqual([d, d + 1, d + 2]);
    const { rows } = await s.pool.query<{ p: string }>("SELECT DISTINCT tableoid::regclass::text AS p FROM samples");
    expect(rows).toEqual([{ p: partitionName("samples", d) }]);
    expect(partitionName("samples", d)).toBe("samples_p20261125");
    // The partitions carry the parent's indexes (the drops index is what the timeline reads).
    const idx = await s.pool.query<{ n: number }>("SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'samples_p20261125'");
    expect(idx.rows[0]!.n).toBe(2);
  });

  it("two replicas writing the first rows of one day at once both succeed", async () => {
    const url = await database();
    const [a, b] = await Promise.all([open(url), open(url)]);
    await Promise.all([a!.fleet.syncHosts([{ name: "web-01", address: "x" }]), b!.fleet.syncHosts([{ name: "web-02", address: "y" }])]);
    await a!.fleet.syncHosts([{ name: "web-02", address: "y" }]);
    await Promise.all([a!.fleet.insertSample(sample("web-01", T)), b!.fleet.insertSample(sample("web-02", T))]);
    expect(await a!.fleet.lastSample("web-02")).toEqual(sample("web-02", T));
    expect((await days(a!.pool, "samples")).filter((x) => x === dayOf(T))).toHaveLength(1);
  });

  it("retention drops the days wholly before the cutoff and deletes the rest of the cutoff's day", async () => {
    const url = await database();
    const s = await open(url);
    await s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    const rows = Array.from({ length: 5 * 24 }, (_, i) => sample("web-01", T - 5 * DAY + i * 3_600_000));
    await s.fleet.writeBatch(rows, []);
    const cutoff = T - 2.5 * DAY; // 2026-11-23T06:00Z
    const counts = await s.fleet.history.prune(T, { samplesMs: T - cutoff, rollupMs: 400 * DAY, eventsMs: 400 * DAY });
    const gone = rows.filter((r) => r.ts < cutoff).length;
    expect(counts).toEqual({ samples: gone, rollups: gone, events: 0 });
    const left = await days(s.pool, "samples");
    expect(left.filter((d) => d < dayOf(cutoff))).toEqual([]);
    expect(left).toContain(dayOf(cutoff));
    expect((await s.pool.query("SELECT min(ts) AS t FROM samples")).rows[0]).toEqual({ t: cutoff });
    expect((await s.pool.query("SELECT count(*) AS n FROM samples")).rows[0]).toEqual({ n: rows.length - gone });
  });

  it("retention deletes rows instead when the parent table stays busy, with the same counts", async () => {
    const url = await database();
    const s = await open(url);
    await s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    await s.fleet.writeBatch([sample("web-01", T - 3 * DAY), sample("web-01", T)], []);
    const reader = new pg.Client(url);
    await reader.connect();
    cleanups.push(() => reader.end());
    await reader.query("BEGIN; SELECT count(*) FROM samples; SELECT count(*) FROM samples_1m");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { pruneHistory } = await import("./prune");
    const { DayPartitions } = await import("./partitions");
    const counts = await pruneHistory(s.pool, new DayPartitions(s.pool), T, { samplesMs: DAY, rollupMs: 400 * DAY, eventsMs: DAY }, 200);
    warn.mockRestore();
    await reader.query("COMMIT");
    expect(counts).toEqual({ samples: 1, rollups: 1, events: 0 });
    expect(await days(s.pool, "samples")).toContain(dayOf(T - 3 * DAY)); // still there, emptied
    expect((await s.pool.query("SELECT count(*) AS n FROM samples")).rows[0]).toEqual({ n: 1 });
  });

  it("one replica prunes at a time: the others skip the round", async () => {
    const url = await database();
    const s = await open(url);
    await s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    await s.fleet.writeBatch([sample("web-01", T - 3 * DAY)], []);
    const other = new pg.Client(url);
    await other.connect();
    cleanups.push(() => other.end());
    await other.query("SELECT pg_advisory_lock($1, $2)", [LOCK_CLASS, LOCKS.prune]);
    const retention = { samplesMs: DAY, rollupMs: DAY, eventsMs: DAY };
    expect(await s.fleet.history.prune(T, retention)).toEqual({ samples: 0, rollups: 0, events: 0 });
    await other.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_CLASS, LOCKS.prune]);
    expect(await s.fleet.history.prune(T, retention)).toEqual({ samples: 1, rollups: 2, events: 0 });
  });

  it("a replica writing to a day another replica's retention dropped makes the day again", async () => {
    const url = await database();
    const [a, b] = await Promise.all([open(url), open(url)]);
    for (const s of [a!, b!]) await s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    await a!.fleet.insertSample(sample("web-01", T - 3 * DAY));
    await b!.fleet.history.prune(T, { samplesMs: DAY, rollupMs: 400 * DAY, eventsMs: DAY });
    expect(await days(a!.pool, "samples")).not.toContain(dayOf(T - 3 * DAY));
    await a!.fleet.insertSample(sample("web-01", T - 3 * DAY + 5_000));
    expect((await a!.fleet.history.series(a!.fleet.idOf("web-01"), T - 4 * DAY, T, "raw")).map((p) => p.ts)).toEqual([T - 3 * DAY + 5_000]);
  });
});

describe("writes", () => {
  it("a batch of 500 samples with facts is one statement once its days exist", async () => {
    const url = await database();
    const s = await open(url);
    const hosts = Array.from({ length: 500 }, (_, i) => ({ name: `h-${i}`, address: `10.0.${i >> 8}.${i & 255}` }));
    await s.fleet.syncHosts(hosts);
    await s.fleet.insertSample(sample("h-0", T - 60_000));
    const spy = vi.spyOn(s.pool, "query");
    const batch = hosts.map((h, i) => (i % 50 === 0 ? failure(h.name, T + i) : sample(h.name, T + i, { count: i, dropDelta: i % 2 })));
    await s.fleet.writeBatch(batch, [{ host: "h-1", ts: T, facts: { kernel: "6.1.0", cores: 4, memTotalBytes: 8e9, module: "nf_conntrack" } }]);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const { rows } = await s.pool.query<{ n: number; rolled: number; drops: number }>(
      "SELECT (SELECT count(*) FROM samples) AS n, (SELECT sum(n) FROM samples_1m) AS rolled, (SELECT sum(drop_sum) FROM samples_1h) AS drops",
    );
    const ok = batch.filter((b) => b.count !== null);
    expect(rows[0]).toEqual({ n: 501, rolled: ok.length + 1, drops: ok.reduce((t, b) => t + (b.dropDelta ?? 0), 0) });
    expect(await s.fleet.facts("h-1")).toMatchObject({ kernel: "6.1.0", cores: 4 });
  });

  it("stores NUL (which PostgreSQL text cannot hold) as U+FFFD instead of failing the write", async () => {
    const url = await database();
    const s = await open(url);
    await s.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    await s.fleet.insertSample({ ...failure("web-01", T), errorMessage: "bad\u0000output" });
    expect((await s.fleet.lastSample("web-01"))?.errorMessage).toBe("bad\uFFFDoutput");
    const added: string[] = [];
    await s.fleet.history.insertEvents(s.fleet.idOf("web-01"), [{ ts: T, kind: "table_full", count: 1, source: "kern.log", line: "\u0000\u0000table full", key: "k\u0000" }], (e) => added.push(e.key));
    expect(added).toEqual(["k\u0000"]);
    expect((await s.fleet.history.events({ hostId: null, fromMs: T, toMs: T, limit: 1 }))[0]?.line).toBe("\uFFFD\uFFFDtable full");
  });

  it("API tokens: only the SHA-256 of the secret is stored", async () => {
    const url = await database();
    const s = await open(url);
    const { secret, token } = await s.tokens.create({ name: "ci", role: "viewer", createdBy: "olivia", expiresAt: null });
    const { rows } = await s.pool.query("SELECT * FROM api_tokens WHERE id = $1", [token.id]);
    expect(Object.values(rows[0] as object)).not.toContain(secret);
    const { hashToken } = await import("@/lib/auth/api-token");
    expect((rows[0] as { secret_hash: string }).secret_hash).toBe(hashToken(secret));
  });
});
