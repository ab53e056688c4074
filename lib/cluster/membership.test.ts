import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPgDatabase } from "@/lib/testing/pg-test-db";
import { openPgStore, type PgStore } from "@/lib/store/pg/open-pg-store";
import { LeaseStore } from "./lease-store";
import { Membership } from "./membership";
import { ownerOf } from "./rendezvous";

const HOSTS = Array.from({ length: 300 }, (_, i) => `host-${String(i).padStart(3, "0")}`);
const LEASE_MS = 800;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Awaited<ReturnType<typeof freshPgDatabase>>;
let store: PgStore;
let pool: pg.Pool;

beforeAll(async () => {
  db = await freshPgDatabase("cluster");
  store = await openPgStore(db.url, { poolSize: 8 });
  pool = store.pool;
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

/** Replicas under test, and a check that no host is ever handed to two pollers at once. */
function cluster() {
  const polling = new Map<string, string>();
  const owned = new Map<string, ReadonlySet<string>>();
  /** How many times each replica's share changed (apply calls). */
  const applied = new Map<string, number>();
  const violations: string[] = [];
  const make = (id: string, leases = new LeaseStore(pool)) =>
    new Membership(leases, {
      id,
      url: null,
      leaseMs: LEASE_MS,
      hosts: () => HOSTS,
      apply: (set) => {
        applied.set(id, (applied.get(id) ?? 0) + 1);
        for (const [h, r] of polling) if (r === id && !set.has(h)) polling.delete(h);
        for (const h of set) {
          const other = polling.get(h);
          if (other && other !== id) violations.push(`${h}: ${id} while ${other} polls it`);
          polling.set(h, id);
        }
        owned.set(id, set);
      },
    });
  return { make, polling, owned, applied, violations };
}

describe("fleet split between replicas (real PostgreSQL)", () => {
  it("splits the fleet by rendezvous hashing, each host to exactly one replica", async () => {
    await pool.query("TRUNCATE host_leases, replicas");
    const c = cluster();
    const ms = ["r-a", "r-b", "r-c"].map((id) => c.make(id));
    // First beats see only the replicas that beat before them; a second round settles the split.
    for (let round = 0; round < 3; round++) for (const m of ms) await m.tick();
    expect(c.violations).toEqual([]);
    expect(c.polling.size).toBe(HOSTS.length);
    for (const h of HOSTS) expect(c.polling.get(h)).toBe(ownerOf(h, ["r-a", "r-b", "r-c"]));
    for (const m of ms) expect(m.state().live).toEqual(["r-a", "r-b", "r-c"]);
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM host_leases");
    expect(Number(rows[0]!.n)).toBe(HOSTS.length);
    for (const m of ms) await m.stop();
  });

  it("gives a dead replica's hosts to the others once its leases run out, not before", async () => {
    await pool.query("TRUNCATE host_leases, replicas");
    const c = cluster();
    const [a, b, dead] = ["r-a", "r-b", "r-dead"].map((id) => c.make(id));
    for (let round = 0; round < 3; round++) for (const m of [a!, b!, dead!]) await m.tick();
    const orphaned = HOSTS.filter((h) => c.polling.get(h) === "r-dead");
    expect(orphaned.length).toBeGreaterThan(50);
    // r-dead stops beating without a word (SIGKILL): a dead process polls nothing.
    for (const h of orphaned) c.polling.delete(h);
    // Within its lease nobody may take its hosts.
    await a!.tick();
    await b!.tick();
    for (const h of orphaned) expect(c.polling.has(h)).toBe(false);
    // The living go on beating (a third of a lease apart) until the dead one's leases run out.
    const deadline = Date.now() + LEASE_MS + 100;
    while (Date.now() < deadline) {
      await a!.tick();
      await b!.tick();
      await sleep(LEASE_MS / 4);
    }
    await a!.tick();
    await b!.tick();
    for (const h of orphaned) expect(c.polling.get(h)).toBe(ownerOf(h, ["r-a", "r-b"]));
    expect(c.polling.size).toBe(HOSTS.length);
    expect(c.violations).toEqual([]);
    expect(a!.state().live).toEqual(["r-a", "r-b"]);
    await a!.stop();
    await b!.stop();
  });

  it("hands a stopping replica's hosts over at once, and moves few hosts when one joins", async () => {
    await pool.query("TRUNCATE host_leases, replicas");
    const c = cluster();
    const [a, b] = ["r-a", "r-b"].map((id) => c.make(id));
    for (let round = 0; round < 2; round++) for (const m of [a!, b!]) await m.tick();
    const before = new Map(c.polling);
    const joiner = c.make("r-c");
    await joiner.tick(); // sees three live replicas, but the others still hold its share
    await a!.tick();
    await b!.tick(); // they let go of what moved to r-c
    await joiner.tick(); // and it takes them
    expect(c.violations).toEqual([]);
    const moved = HOSTS.filter((h) => before.get(h) !== c.polling.get(h));
    for (const h of moved) expect(c.polling.get(h)).toBe("r-c");
    expect(moved.length).toBeGreaterThan(60);
    expect(moved.length).toBeLessThan(140);
    expect(c.polling.size).toBe(HOSTS.length);

    await b!.stop(); // a clean stop frees its leases now
    await a!.tick();
    await joiner.tick();
    expect(c.violations).toEqual([]);
    expect(new Set(c.polling.values())).toEqual(new Set(["r-a", "r-c"]));
    expect(c.polling.size).toBe(HOSTS.length);
    await a!.stop();
    await joiner.stop();
  });

  it("replicas started together take their final share at once, without taking and handing back the fleet", async () => {
    await pool.query("TRUNCATE host_leases, replicas");
    const c = cluster();
    const ms = ["r-a", "r-b", "r-c"].map((id) => c.make(id));
    await Promise.all(ms.map((m) => m.start()));
    expect(c.violations).toEqual([]);
    expect(c.polling.size).toBe(HOSTS.length);
    for (const h of HOSTS) expect(c.polling.get(h)).toBe(ownerOf(h, ["r-a", "r-b", "r-c"]));
    expect(Object.fromEntries(c.applied)).toEqual({ "r-a": 1, "r-b": 1, "r-c": 1 });
    for (const m of ms) await m.stop();
  });

  it("stops polling everything when it cannot renew its leases for most of a lease", async () => {
    await pool.query("TRUNCATE host_leases, replicas");
    const broken = new pg.Pool({ connectionString: db.url, max: 2 });
    const c = cluster();
    const m = c.make("r-lonely", new LeaseStore(broken));
    await m.tick();
    expect(c.owned.get("r-lonely")?.size).toBe(HOSTS.length);
    await broken.end(); // the store is gone for this replica
    await m.tick();
    expect(c.owned.get("r-lonely")?.size).toBe(HOSTS.length); // one missed beat is not a lost lease
    await sleep(0.8 * LEASE_MS + 50);
    await m.tick();
    expect(c.owned.get("r-lonely")?.size).toBe(0);
    expect(m.state().lastError).toBeTruthy();
  });
});
