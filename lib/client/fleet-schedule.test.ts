import { describe, expect, it } from "vitest";
import { describeNextPoll, overdueAt } from "./fleet-schedule";
import type { FleetHost } from "./fleet-schema";

const T = Date.parse("2026-11-25T18:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const ctx = { pollIntervalMs: 5_000, timeoutMs: 10_000, refetchMs: 5_000 };
type Sched = Pick<FleetHost, "nextPollAt" | "connection" | "lastPollAt">;
const host = (over: Partial<Sched>): Sched => ({ nextPollAt: null, connection: "connected", lastPollAt: iso(T), ...over });

describe("overdueAt", () => {
  it.each<[string, Sched, number | null]>([
    ["due poll: due + timeout + one refresh", host({ nextPollAt: iso(T + 5_000) }), T + 20_000],
    // The case the old rule got wrong: last polled 50 s ago, next reconnect in 10 s.
    ["backoff waits for its reconnect", host({ connection: "backoff", lastPollAt: iso(T - 50_000), nextPollAt: iso(T + 10_000) }), T + 25_000],
    ["connection reported, nothing scheduled", host({ connection: "idle", lastPollAt: null }), null],
    ["connected but no due time", host({ nextPollAt: null }), null],
    ["older server: three intervals after the last poll", host({ connection: null }), T + 15_000],
    ["older server, never polled", host({ connection: null, lastPollAt: null }), null],
    ["unparsable due time falls back like an older server", host({ connection: null, nextPollAt: "soon" }), T + 15_000],
  ])("%s", (_label, h, expected) => {
    expect(overdueAt(h, ctx)).toBe(expected);
  });

  it("a backed-off host 59 s past its last poll is not overdue; 16 s past its due reconnect it is", () => {
    const h = host({ connection: "backoff", lastPollAt: iso(T - 59_000), nextPollAt: iso(T + 1_000) });
    expect(T < overdueAt(h, ctx)!).toBe(true);
    expect(T + 17_000 > overdueAt(h, ctx)!).toBe(true);
  });
});

describe("describeNextPoll", () => {
  it.each<[Partial<Sched>, string | null]>([
    [{ nextPollAt: iso(T + 4_000) }, "next poll in 4s"],
    [{ nextPollAt: iso(T) }, "next poll now"],
    [{ nextPollAt: iso(T - 12_000) }, "next poll 12s ago"],
    [{ connection: "backoff", nextPollAt: iso(T + 42_000) }, "reconnect attempt in 42s (backing off after a failure)"],
    [{ connection: "backoff", nextPollAt: iso(T + 120_000) }, "reconnect attempt in 2m (backing off after a failure)"],
    [{ connection: "connecting", nextPollAt: iso(T + 1_000) }, "connecting, due in 1s"],
    [{ connection: "idle" }, "not tried yet"],
    [{ connection: null }, null],
  ])("%o → %s", (over, expected) => {
    expect(describeNextPoll(host(over), T)).toBe(expected);
  });
});
