import { afterEach, beforeEach, expect, it } from "vitest";
import type { AlertState } from "@/lib/alerts/evaluate";
import type { NewNotification } from "@/lib/alerts/store-port";
import type { NewAuditEntry } from "@/lib/store/audit-store";
import type { EngineFactory, StoreFixture } from "./fixture";

/** The audit log (lib/store/audit-store.test.ts, hosts-view's raises) and the alert queue (lib/store/alert-store.test.ts). */

const T = Date.parse("2026-11-25T18:00:00.000Z");
const raise = (e: Partial<NewAuditEntry> & Pick<NewAuditEntry, "host" | "ts">): NewAuditEntry => ({
  user: "olivia", role: "operator", action: "raise-limit", mode: "temporary", oldMax: 262144, newMax: 524288, oldHashsize: null, newHashsize: null,
  commands: [], files: [], outcome: "success", error: null, detail: null, ...e,
});

const firing = (host: string, at: number): AlertState => ({ rule: "dropping", host, pendingSince: at, firingSince: at, value: `400 drops since the last read` });
const note = (host: string, status: "firing" | "resolved", at: number, receiver = "ops"): NewNotification => ({
  createdAt: at, host, receiver, status, alerts: [{ rule: "dropping", status }], body: JSON.stringify({ version: 1, host, status }),
});

export function auditContract(engine: EngineFactory): void {
  let fx: StoreFixture;
  beforeEach(async () => {
    fx = await engine.create();
  });
  afterEach(() => fx.dispose());

  it("latest raises: each host's latest successful raise; refusals, failures and attempts without a value do not count", async () => {
    const a = fx.store.fleet.audit;
    await a.append(raise({ host: "web-01", ts: T - 3000 }));
    await a.append(raise({ host: "web-01", ts: T - 2000, mode: "permanent", newMax: 786432, oldMax: 524288 }));
    await a.append(raise({ host: "web-01", ts: T - 1000, outcome: "failed" }));
    await a.append(raise({ host: "db-01", ts: T - 1000, outcome: "refused" }));
    await a.append(raise({ host: "db-01", ts: T - 500, mode: null, newMax: null }));
    expect([...(await a.latestRaises())]).toEqual([["web-01", { ts: T - 2000, user: "olivia", mode: "permanent", oldMax: 524288, newMax: 786432, outcome: "success" }]]);
  });

  it("latest raises see appends through this store and through another store over the same data", async () => {
    const a = fx.store.fleet.audit;
    const other = (await fx.reopen()).fleet.audit;
    await a.append(raise({ host: "web-01", ts: T - 3000 }));
    expect([...(await a.latestRaises()).keys()]).toEqual(["web-01"]);
    await a.append(raise({ host: "lb-01", ts: T - 2000 }));
    expect([...(await a.latestRaises()).keys()].sort()).toEqual(["lb-01", "web-01"]);
    await other.append(raise({ host: "web-01", ts: T - 1000, mode: "permanent" }));
    expect((await a.latestRaises()).get("web-01")?.mode).toBe("permanent");
  });

  it("append caps stored text; query filters, newest first, limited, with commands and files back", async () => {
    const a = fx.store.fleet.audit;
    const id1 = await a.append(raise({ host: "h".repeat(400), ts: T, error: "e".repeat(3000), detail: "d", reason: "r".repeat(500), outcome: "refused" }));
    const id2 = await a.append(raise({ host: "web-01", ts: T + 1000, commands: ["sysctl -w net.netfilter.nf_conntrack_max=524288"], files: ["/etc/sysctl.d/90-conntrack.conf"], user: "victor" }));
    const id3 = await a.append(raise({ host: "web-01", ts: T + 1000, outcome: "failed", error: "exit 1" }));
    expect(id2).toBeGreaterThan(id1);
    expect(id3).toBeGreaterThan(id2);
    const all = await a.query({ from: T, to: T + 1000 });
    expect(all.map((e) => e.id)).toEqual([id3, id2, id1]);
    const capped = all[2]!;
    expect(capped.host).toBe(`${"h".repeat(300)}…`);
    expect(capped.error).toBe(`${"e".repeat(2000)}…`);
    expect(capped.reason).toBe(`${"r".repeat(200)}…`);
    expect(all[1]).toEqual({
      id: id2, ts: T + 1000, user: "victor", role: "operator", host: "web-01", action: "raise-limit", mode: "temporary", oldMax: 262144, newMax: 524288,
      oldHashsize: null, newHashsize: null, commands: ["sysctl -w net.netfilter.nf_conntrack_max=524288"], files: ["/etc/sysctl.d/90-conntrack.conf"],
      outcome: "success", error: null, detail: null, reason: null,
    });
    expect((await a.query({ from: T, to: T + 1000, host: "web-01", outcome: "failed" })).map((e) => e.id)).toEqual([id3]);
    expect((await a.query({ from: T, to: T + 1000, user: "victor" })).map((e) => e.id)).toEqual([id2]);
    expect((await a.query({ from: T, to: T + 1000, limit: 1 })).map((e) => e.id)).toEqual([id3]);
    expect(await a.query({ from: T + 1, to: T + 999 })).toEqual([]);
  });
}

export function alertsContract(engine: EngineFactory): void {
  let fx: StoreFixture;
  beforeEach(async () => {
    fx = await engine.create();
  });
  afterEach(() => fx.dispose());

  it("keeps states and pending notifications across a reopen; a retry waits for its time with its attempts and error", async () => {
    const alerts = fx.store.fleet.alerts;
    await alerts.commitEvaluation([firing("web-01", 1_000)], [note("web-01", "firing", 1_000)], 1_000);
    const [first] = await alerts.due(2_000, 10);
    expect(first).toMatchObject({ host: "web-01", receiver: "ops", status: "firing", state: "pending", attempts: 0, nextAttemptAt: 1_000, lastError: null, doneAt: null });
    await alerts.markRetry(first!.id, 1, 5_000, "HTTP 500 Internal Server Error");

    const reopened = (await fx.reopen()).fleet.alerts;
    expect(await reopened.loadStates()).toEqual([firing("web-01", 1_000)]);
    expect(await reopened.due(4_999, 10)).toEqual([]);
    const [pending] = await reopened.due(5_000, 10);
    expect(pending).toMatchObject({ id: first!.id, host: "web-01", status: "firing", state: "pending", attempts: 1, nextAttemptAt: 5_000, lastError: "HTTP 500 Internal Server Error" });
    expect(JSON.parse(pending!.body)).toEqual({ version: 1, host: "web-01", status: "firing" });
    expect(pending!.alerts).toEqual([{ rule: "dropping", status: "firing" }]);
    await reopened.markDelivered(pending!.id, 2, 5_100);
    expect(await reopened.due(10_000, 10)).toEqual([]);
    await reopened.commitEvaluation([{ ...firing("web-01", 1_000), pendingSince: null, firingSince: null }], [note("web-01", "resolved", 7_000)], 7_000);
    expect((await alerts.recent(10)).map((n) => [n.status, n.state, n.attempts, n.doneAt, n.nextAttemptAt])).toEqual([
      ["resolved", "pending", 0, null, 7_000],
      ["firing", "delivered", 2, 5_100, null],
    ]);
    expect(await alerts.recent(1)).toHaveLength(1);
    // A rule that neither holds nor fires is forgotten.
    expect(await alerts.loadStates()).toEqual([]);
  });

  it("holds a later notification to the same receiver and host until the earlier one is delivered or dead", async () => {
    const alerts = fx.store.fleet.alerts;
    await alerts.commitEvaluation([firing("web-01", 1_000)], [note("web-01", "firing", 1_000)], 1_000);
    await alerts.commitEvaluation([], [note("web-01", "resolved", 2_000), note("db-01", "firing", 2_000), note("web-01", "firing", 2_000, "pager")], 2_000);
    const due = await alerts.due(2_000, 10);
    expect(due.map((n) => [n.host, n.status, n.receiver])).toEqual([["web-01", "firing", "ops"], ["db-01", "firing", "ops"], ["web-01", "firing", "pager"]]);
    await alerts.markRetry(due[0]!.id, 1, 3_000, "HTTP 500");
    // The resolved is due too, but must not overtake the firing being retried; other receivers and hosts go on.
    expect((await alerts.due(2_500, 10)).map((n) => [n.host, n.receiver])).toEqual([["db-01", "ops"], ["web-01", "pager"]]);
    expect((await alerts.due(2_500, 1)).map((n) => n.host)).toEqual(["db-01"]);
    await alerts.markDead(due[0]!.id, 2, "HTTP 500", 3_000);
    expect((await alerts.due(3_000, 10)).map((n) => [n.host, n.status, n.receiver])).toEqual([
      ["web-01", "resolved", "ops"], ["db-01", "firing", "ops"], ["web-01", "firing", "pager"],
    ]);
    expect((await alerts.recent(10)).find((n) => n.id === due[0]!.id)).toMatchObject({ state: "dead", attempts: 2, lastError: "HTTP 500", doneAt: 3_000, nextAttemptAt: null });
  });

  it("states: written and replaced per rule and host, forgotten when neither pending nor firing", async () => {
    const alerts = fx.store.fleet.alerts;
    await alerts.commitEvaluation([firing("web-01", 1_000), { rule: "full", host: "db-01", pendingSince: 900, firingSince: null, value: "91%" }], [], 1_000);
    await alerts.commitEvaluation([{ rule: "full", host: "db-01", pendingSince: 900, firingSince: 1_500, value: "95%" }], [], 1_500);
    const states = await alerts.loadStates();
    expect(states.sort((a, b) => a.rule.localeCompare(b.rule))).toEqual([
      firing("web-01", 1_000),
      { rule: "full", host: "db-01", pendingSince: 900, firingSince: 1_500, value: "95%" },
    ].sort((a, b) => a.rule.localeCompare(b.rule)));
    await alerts.commitEvaluation([{ rule: "dropping", host: "web-01", pendingSince: null, firingSince: null, value: null }], [], 2_000);
    expect((await alerts.loadStates()).map((s) => s.rule)).toEqual(["full"]);
  });
}
