import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlertEngine } from "@/lib/alerts/alert-engine";
import type { AlertsConfig } from "@/lib/config/alerts-config";
import { FleetStore } from "./fleet-store";
import { openDatabase, type Db } from "./sqlite";

/** The alert state and the notification queue against a real SQLite file, closed and reopened. */

const CONFIG: AlertsConfig = {
  externalUrl: null,
  receivers: [{ name: "ops", kind: "json", url: "http://127.0.0.1:9/hook", timeoutSeconds: 1, maxAttempts: 3, backoffSeconds: 1 }],
  rules: [{ name: "dropping", kind: "drops", forMs: 0, receivers: ["ops"], hosts: null }],
};
const HOSTS = new Set(["web-01", "db-01"]);
const poll = (host: string, dropDelta: number) => ({ source: "poll" as const, host, status: "ok", count: 10, max: 100, dropDelta });

let dir: string;
let db: Db;

function open(): FleetStore {
  db = openDatabase(dir);
  return new FleetStore(db);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "alert-store-test-"));
});
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("alert store", () => {
  it("keeps pending notifications and what fires since when across a reopen; no second firing after it", async () => {
    const store = open();
    const engine = await AlertEngine.open(CONFIG, store.alerts, HOSTS);
    await engine.observe(poll("web-01", 400), 1_000);
    await engine.observe(poll("web-01", 12), 2_000);
    await engine.observe(poll("db-01", 0), 2_000);
    expect((await store.alerts.due(2_000, 10)).map((n) => [n.host, n.status, n.attempts])).toEqual([["web-01", "firing", 0]]);
    await store.alerts.markRetry((await store.alerts.due(2_000, 10))[0]!.id, 1, 5_000, "HTTP 500 Internal Server Error");
    db.close();

    const reopened = open();
    const again = await AlertEngine.open(CONFIG, reopened.alerts, HOSTS);
    expect(again.firing()).toEqual([{ rule: "dropping", kind: "drops", host: "web-01", since: 1_000, value: "400 drops since the last read" }]);
    // Not due before its retry time; due after, with its attempt count and error kept.
    expect(await reopened.alerts.due(4_999, 10)).toEqual([]);
    const [pending] = await reopened.alerts.due(5_000, 10);
    expect(pending).toMatchObject({ host: "web-01", receiver: "ops", status: "firing", state: "pending", attempts: 1, lastError: "HTTP 500 Internal Server Error" });
    expect(JSON.parse(pending!.body)).toMatchObject({ version: 1, host: "web-01", status: "firing" });

    // Still dropping after the restart: already notified, so nothing new; then one resolved.
    await again.observe(poll("web-01", 3), 6_000);
    expect(await reopened.alerts.recent(10)).toHaveLength(1);
    await again.observe(poll("web-01", 0), 7_000);
    expect((await reopened.alerts.recent(10)).map((n) => [n.status, n.alerts])).toEqual([
      ["resolved", [{ rule: "dropping", status: "resolved" }]],
      ["firing", [{ rule: "dropping", status: "firing" }]],
    ]);
    expect(again.firing()).toEqual([]);
  });

  it("holds a later notification to the same receiver and host until the earlier one is delivered or dead", async () => {
    const store = open();
    const engine = await AlertEngine.open(CONFIG, store.alerts, HOSTS);
    await engine.observe(poll("web-01", 5), 1_000);
    await engine.observe(poll("web-01", 0), 2_000);
    await engine.observe(poll("db-01", 5), 2_000);
    const [first, other] = await store.alerts.due(2_000, 10);
    expect([first?.host, first?.status, other?.host]).toEqual(["web-01", "firing", "db-01"]);
    await store.alerts.markRetry(first!.id, 1, 3_000, "HTTP 500");
    // The resolved is due too, but must not overtake the firing being retried.
    expect((await store.alerts.due(2_500, 10)).map((n) => n.host)).toEqual(["db-01"]);
    await store.alerts.markDead(first!.id, 2, "HTTP 500", 3_000);
    expect((await store.alerts.due(3_000, 10)).map((n) => [n.host, n.status])).toEqual([["web-01", "resolved"], ["db-01", "firing"]]);
  });

  it("forgets states of rules no longer in the fleet file", async () => {
    const store = open();
    await (await AlertEngine.open(CONFIG, store.alerts, HOSTS)).observe(poll("web-01", 1), 1_000);
    db.close();
    const reopened = open();
    expect((await AlertEngine.open({ ...CONFIG, rules: [] }, reopened.alerts, HOSTS)).firing()).toEqual([]);
  });
});
