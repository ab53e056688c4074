import { afterAll, beforeAll, expect, it } from "vitest";
import { sample } from "@/lib/store/contract/fixture";
import { openPgStore, type PgStore } from "@/lib/store/pg/open-pg-store";
import { freshPgDatabase } from "@/lib/testing/pg-test-db";
import { LeaseStore } from "./lease-store";

let db: Awaited<ReturnType<typeof freshPgDatabase>>;
let a: PgStore;
let b: PgStore;

beforeAll(async () => {
  db = await freshPgDatabase("fencing");
  a = await openPgStore(db.url, { poolSize: 2 });
  b = await openPgStore(db.url, { poolSize: 2 });
  for (const s of [a, b]) await s.fleet.syncHosts([{ name: "web-1", address: "10.0.0.1" }, { name: "web-2", address: "10.0.0.2" }]);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

it("writes samples and facts only for the hosts the writing replica holds the lease of", async () => {
  const leases = new LeaseStore(a.pool);
  expect(await leases.acquire("r-a", ["web-1"], 60_000)).toEqual(["web-1"]);
  expect(await leases.acquire("r-b", ["web-1", "web-2"], 60_000)).toEqual(["web-2"]);
  a.fleet.fenceWrites("r-a");
  b.fleet.fenceWrites("r-b");
  const t = Date.now();
  const facts = { kernel: "5.10.0", cores: 4, memTotalBytes: 8e9, module: "nf_conntrack" };
  // r-b still believes it polls web-1 (it stalled past its lease): its increment must not land.
  await b.fleet.writeBatch([sample("web-1", t, { dropDelta: 500 }), sample("web-2", t, { dropDelta: 7 })], [{ host: "web-1", ts: t, facts }]);
  await a.fleet.writeBatch([sample("web-1", t + 1, { dropDelta: 3 })], []);
  expect((await a.fleet.lastSample("web-1"))?.dropDelta).toBe(3);
  expect((await a.fleet.lastSample("web-2"))?.dropDelta).toBe(7);
  expect(await a.fleet.dropsSince(t - 1)).toEqual([
    { host: "web-2", ts: t, dropDelta: 7 },
    { host: "web-1", ts: t + 1, dropDelta: 3 },
  ]);
  expect(await a.fleet.facts("web-1")).toBeNull();
  const drops1h = await a.fleet.history.series(a.fleet.idOf("web-1"), t - 3_600_000, t + 3_600_000, "1h");
  expect(drops1h.map((p) => p.drops)).toEqual([3]);
});
