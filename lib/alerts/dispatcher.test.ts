import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertsConfig } from "@/lib/config/alerts-config";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase, type Db } from "@/lib/store/sqlite";
import { AlertEngine } from "./alert-engine";
import { backoffMs, NotificationDispatcher } from "./dispatcher";

/** A real HTTP receiver on 127.0.0.1:3410 (run under the test lock) and a real SQLite file. */
const PORT = 3410;
let server: http.Server;
const received: { path: string; body: unknown }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const route = (req.url ?? "").split("?")[0];
      if (route === "/flaky" && failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end("boom");
        return;
      }
      if (route === "/slow") return; // never answers
      received.push({ path: req.url ?? "", body: JSON.parse(text) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(PORT, "127.0.0.1", r));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const receiver = (name: string, p: string, extra: object = {}) => ({
  name, kind: "json" as const, url: `http://127.0.0.1:${PORT}${p}?token=s3cret`, timeoutSeconds: 0.5, maxAttempts: 3, backoffSeconds: 1, ...extra,
});

async function setup(config: AlertsConfig): Promise<{ db: Db; store: FleetStore; engine: AlertEngine; dispatcher: NotificationDispatcher }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dispatcher-test-"));
  const db = openDatabase(dir);
  const store = new FleetStore(db);
  return { db, store, engine: await AlertEngine.open(config, store.alerts, new Set(["web-01"])), dispatcher: new NotificationDispatcher(config, store.alerts) };
}

const dropping = (dropDelta: number) => ({ source: "poll" as const, host: "web-01", status: "ok", count: 1, max: 10, dropDelta });

describe("AlertEngine after a fleet re-read", () => {
  it("evaluates a host added by the reload and forgets one removed", async () => {
    const { db, store, engine } = await setup({
      externalUrl: null,
      receivers: [receiver("r", "/r")],
      rules: [{ name: "dropping", kind: "drops", forMs: 0, receivers: ["r"], hosts: null }],
    });
    const t = Date.now();
    await engine.observe({ ...dropping(5), host: "web-02" }, t);
    expect(await store.alerts.recent(10)).toHaveLength(0);
    engine.setHosts(new Set(["web-02"]));
    await engine.observe({ ...dropping(5), host: "web-02" }, t + 1000);
    await engine.observe(dropping(5), t + 1000);
    expect((await store.alerts.recent(10)).map((n) => [n.host, n.status])).toEqual([["web-02", "firing"]]);
    db.close();
  });
});

describe("NotificationDispatcher", () => {
  it("doubles the wait after each failure, capped at ten minutes", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs({ backoffSeconds: 2 }, n))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs({ backoffSeconds: 60 }, 20)).toBe(600_000);
  });

  it("retries a receiver answering 500 with backoff and delivers on the third attempt", async () => {
    const { db, store, engine, dispatcher } = await setup({
      externalUrl: null,
      receivers: [receiver("flaky", "/flaky")],
      rules: [{ name: "dropping", kind: "drops", forMs: 0, receivers: ["flaky"], hosts: null }],
    });
    failuresLeft = 2;
    received.length = 0;
    const t0 = Date.now();
    await engine.observe(dropping(5), t0);
    await dispatcher.tick(t0);
    expect((await store.alerts.recent(1))[0]).toMatchObject({ state: "pending", attempts: 1, lastError: "HTTP 500 Internal Server Error" });
    const retryAt = (await store.alerts.recent(1))[0]!.nextAttemptAt!;
    expect(retryAt - t0).toBeGreaterThanOrEqual(1000);
    await dispatcher.tick(retryAt - 1);
    expect((await store.alerts.recent(1))[0]!.attempts).toBe(1);
    await dispatcher.tick(retryAt);
    const second = (await store.alerts.recent(1))[0]!;
    expect(second).toMatchObject({ state: "pending", attempts: 2 });
    expect(second.nextAttemptAt! - retryAt).toBeGreaterThanOrEqual(2000);
    await dispatcher.tick(second.nextAttemptAt!);
    expect((await store.alerts.recent(1))[0]).toMatchObject({ state: "delivered", attempts: 3 });
    expect(received).toEqual([{ path: "/flaky?token=s3cret", body: expect.objectContaining({ version: 1, host: "web-01", status: "firing" }) }]);
    db.close();
  });

  it("turns a notification into a dead letter after maxAttempts, with the last error and no URL in it", async () => {
    const { db, store, engine, dispatcher } = await setup({
      externalUrl: null,
      receivers: [receiver("slow", "/slow", { maxAttempts: 2 }), receiver("closed", "/x", { url: "http://127.0.0.1:3411/secret-path", maxAttempts: 1 })],
      rules: [{ name: "dropping", kind: "drops", forMs: 0, receivers: ["slow", "closed"], hosts: null }],
    });
    await engine.observe(dropping(5), Date.now());
    await dispatcher.tick(Date.now());
    await dispatcher.tick(Date.now() + 60_000);
    const rows = (await store.alerts.recent(2)).sort((a, b) => a.receiver.localeCompare(b.receiver));
    expect(rows.map((r) => [r.receiver, r.state, r.attempts, r.lastError])).toEqual([
      ["closed", "dead", 1, "connection failed (ECONNREFUSED)"],
      ["slow", "dead", 2, "no answer within 0.5s"],
    ]);
    db.close();
  });
});
