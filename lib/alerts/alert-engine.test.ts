import { describe, expect, it } from "vitest";
import type { AlertsConfig } from "@/lib/config/alerts-config";
import { AlertEngine } from "./alert-engine";
import type { AlertState } from "./evaluate";
import type { AlertStore, NewNotification } from "./store-port";

/**
 * The order of a host's store writes when the store answers late (as a network store does): the
 * write of a later evaluation must not start before the earlier one is done.
 */

const CONFIG: AlertsConfig = {
  externalUrl: null,
  receivers: [{ name: "ops", kind: "json", url: "http://127.0.0.1:9/hook", timeoutSeconds: 1, maxAttempts: 3, backoffSeconds: 1 }],
  rules: [{ name: "dropping", kind: "drops", forMs: 0, receivers: ["ops"], hosts: null }],
};
const poll = (host: string, dropDelta: number) => ({ source: "poll" as const, host, status: "ok", count: 10, max: 100, dropDelta });

/** Records what was committed; each commit finishes only when the test releases it. */
function lateStore() {
  const started: string[] = [];
  const committed: string[] = [];
  const pending: (() => void)[] = [];
  const store: AlertStore = {
    loadStates: async () => [],
    commitEvaluation: (_states: readonly AlertState[], notifications: readonly NewNotification[]) => {
      const label = notifications.map((n) => `${n.host}:${n.status}`).join(",");
      started.push(label);
      return new Promise<void>((resolve) => pending.push(() => (committed.push(label), resolve())));
    },
    due: async () => [],
    markDelivered: async () => undefined,
    markRetry: async () => undefined,
    markDead: async () => undefined,
    recent: async () => [],
  };
  return { store, started, committed, release: () => pending.shift()?.() };
}

describe("AlertEngine store writes", () => {
  it("of one host go out one at a time, in the order evaluated; other hosts do not wait", async () => {
    const { store, started, committed, release } = lateStore();
    const engine = await AlertEngine.open(CONFIG, store, new Set(["web-01", "db-01"]));
    const firing = engine.observe(poll("web-01", 5), 1_000);
    const resolved = engine.observe(poll("web-01", 0), 2_000);
    const other = engine.observe(poll("db-01", 3), 2_000);
    // The memory has both evaluations at once; the store has web-01's firing in flight, db-01's too.
    expect(engine.firing().map((f) => f.host)).toEqual(["db-01"]);
    expect(started).toEqual(["web-01:firing", "db-01:firing"]);
    release();
    await firing;
    await Promise.resolve();
    expect(started).toEqual(["web-01:firing", "db-01:firing", "web-01:resolved"]);
    release();
    release();
    await Promise.all([resolved, other]);
    expect(committed).toEqual(["web-01:firing", "db-01:firing", "web-01:resolved"]);
  });

  it("a failed write is logged and does not stop the next one", async () => {
    const seen: string[] = [];
    const store: AlertStore = {
      ...lateStore().store,
      commitEvaluation: async (_s, notifications) => {
        seen.push(notifications[0]?.status ?? "");
        if (seen.length === 1) throw new Error("database is gone");
      },
    };
    const engine = await AlertEngine.open(CONFIG, store, new Set(["web-01"]));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await expect(engine.observe(poll("web-01", 5), 1_000)).resolves.toBeUndefined();
      await engine.observe(poll("web-01", 0), 2_000);
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(["firing", "resolved"]);
    expect(String((errors[0] as unknown[])[0])).toContain("web-01: could not store the evaluation");
  });
});

describe("AlertEngine when a host moves between replicas", () => {
  it("reads the host's rule states again: what the other replica fired is not fired twice", async () => {
    const { openSqliteStore } = await import("@/lib/store/open-store");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alerts-move-"));
    const [a, b] = [openSqliteStore(dir), openSqliteStore(dir)];
    try {
      const hosts = new Set(["web-1"]);
      // Both replicas start; web-1 is polled by A, which sees it drop and fires.
      const onA = await AlertEngine.open(CONFIG, a.fleet.alerts, hosts);
      const onB = await AlertEngine.open(CONFIG, b.fleet.alerts, hosts);
      await onA.observe(poll("web-1", 5), 1_000);
      expect((await a.fleet.alerts.recent(10)).map((n) => n.status)).toEqual(["firing"]);
      // A dies; B takes web-1 over and reads its states before evaluating it.
      await onB.reloadHosts(["web-1"]);
      await onB.observe(poll("web-1", 3), 6_000);
      expect((await b.fleet.alerts.recent(10)).map((n) => n.status)).toEqual(["firing"]);
      await onB.observe(poll("web-1", 0), 11_000);
      expect((await b.fleet.alerts.recent(10)).map((n) => n.status).sort()).toEqual(["firing", "resolved"]);
    } finally {
      await a.close();
      await b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
