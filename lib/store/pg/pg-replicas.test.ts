import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewNotification } from "@/lib/alerts/store-port";
import { freshPgDatabase } from "@/lib/testing/pg-test-db";
import { CLAIM_MS } from "./pg-alerts";
import { openPgStore, type PgStore } from "./open-pg-store";

/** Several replicas over one database: named locks and the notification queue's claims. */

let drop: () => Promise<void>;
let a: PgStore;
let b: PgStore;

beforeAll(async () => {
  const db = await freshPgDatabase("replicas");
  drop = db.drop;
  [a, b] = await Promise.all([openPgStore(db.url, { poolSize: 4 }), openPgStore(db.url, { poolSize: 4 })]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await drop?.();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("advisoryLock", () => {
  it("two holders of one key, in one replica or two, run one after the other", async () => {
    const spans: [number, number][] = [];
    const hold = async () => {
      const start = performance.now();
      await sleep(150);
      spans.push([start, performance.now()]);
    };
    await Promise.all([a.advisoryLock("raise:web-01", hold), b.advisoryLock("raise:web-01", hold), a.advisoryLock("raise:web-01", hold)]);
    spans.sort((x, y) => x[0] - y[0]);
    expect(spans).toHaveLength(3);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it("different keys run at the same time", async () => {
    // Each holder waits until both are inside: serialised, the first would wait out its deadline.
    let inside = 0;
    const meet = async () => {
      inside++;
      const deadline = Date.now() + 5_000;
      while (inside < 2) {
        if (Date.now() > deadline) throw new Error("the other key's holder never got in");
        await sleep(10);
      }
      return "met";
    };
    expect(await Promise.all([a.advisoryLock("raise:web-01", meet), b.advisoryLock("raise:web-02", meet)])).toEqual(["met", "met"]);
  });

  it("is released when the holder throws, and the error reaches the caller", async () => {
    await expect(a.advisoryLock("raise:db-01", async () => Promise.reject(new Error("ssh failed")))).rejects.toThrow("ssh failed");
    const t = performance.now();
    expect(await b.advisoryLock("raise:db-01", async () => "next")).toBe("next");
    expect(performance.now() - t).toBeLessThan(2_000);
    const { rows } = await a.pool.query<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1");
    expect(rows[0]!.n).toBe(0);
  });
});

describe("notification claims", () => {
  const note = (host: string, at: number): NewNotification => ({
    createdAt: at, host, receiver: "ops", status: "firing", alerts: [{ rule: "dropping", status: "firing" }], body: "{}",
  });

  it("a row one replica is sending is not due for another until the claim expires or the row is settled", async () => {
    await a.fleet.alerts.commitEvaluation([], [note("web-01", 1_000), note("web-02", 1_000)], 1_000);
    const mine = await a.fleet.alerts.due(2_000, 10);
    expect(mine.map((n) => n.host)).toEqual(["web-01", "web-02"]);
    expect(await b.fleet.alerts.due(2_000, 10)).toEqual([]);
    // The claimant itself still sees them (one process, as with SQLite).
    expect((await a.fleet.alerts.due(2_500, 10)).map((n) => n.host)).toEqual(["web-01", "web-02"]);
    await a.fleet.alerts.markDelivered(mine[0]!.id, 1, 2_600);
    // A replica that died mid-send: its claim runs out and another picks the row up.
    expect(await b.fleet.alerts.due(2_000 + CLAIM_MS - 1, 10)).toEqual([]);
    const taken = await b.fleet.alerts.due(2_500 + CLAIM_MS, 10);
    expect(taken.map((n) => n.host)).toEqual(["web-02"]);
    expect(await a.fleet.alerts.due(2_600 + CLAIM_MS, 10)).toEqual([]);
    await b.fleet.alerts.markDelivered(taken[0]!.id, 1, 3_000 + CLAIM_MS);
  });

  it("replicas asking at the same moment share the due rows without overlap", async () => {
    const hosts = Array.from({ length: 30 }, (_, i) => `host-${String(i).padStart(2, "0")}`);
    await a.fleet.alerts.commitEvaluation([], hosts.map((h) => note(h, 10_000)), 10_000);
    const now = 10_000 + 10 * CLAIM_MS; // past every earlier claim
    const got = await Promise.all([a, b, a, b].map((s) => s.fleet.alerts.due(now, 30)));
    expect(new Set(got.flat().map((n) => n.host))).toEqual(new Set(hosts));
    // Rows claimed by one replica never reach the other (a replica asked twice may see its own claims again).
    const byA = new Set([...got[0]!, ...got[2]!].map((n) => n.id));
    expect([...got[1]!, ...got[3]!].filter((n) => byA.has(n.id))).toEqual([]);
  });
});
