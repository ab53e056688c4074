import { afterEach, beforeEach, expect, it } from "vitest";
import type { Store } from "@/lib/store/ports";
import type { EngineFactory, StoreFixture } from "./fixture";

/** Kernel-log events: dedupe by key, log order within a second, totals (lib/store/history-store.test.ts). */

const T = Date.parse("2026-11-25T20:48:00Z");
const line = (msg: string) => `Nov 25 20:48:00 web-01 kernel: [17304320.480000] ${msg}`;
const FULL = "nf_conntrack: nf_conntrack: table full, dropping packet";
const SUPPRESSED = "net_ratelimit: 245 callbacks suppressed";

export function eventsContract(engine: EngineFactory): void {
  let fx: StoreFixture;

  const open = async (store: Store) => {
    await store.fleet.syncHosts([{ name: "web-01", address: "127.0.0.1" }, { name: "db-01", address: "127.0.0.2" }]);
    return store.fleet;
  };
  const ordered = async (store: Store) =>
    (await store.fleet.history.events({ hostId: store.fleet.idOf("web-01"), fromMs: T - 60_000, toMs: T + 60_000, limit: 100 })).map((e) => e.line);

  beforeEach(async () => {
    fx = await engine.create();
  });
  afterEach(() => fx.dispose());

  it("come back in the order they were logged, not in the order of their keys", async () => {
    const fleet = await open(fx.store);
    // Keys sorting opposite to the log order: "z…" logged first, "a" (the suppressed line) last.
    const burst = [
      ...Array.from({ length: 5 }, (_, i) => ({ ts: T, kind: "table_full", count: 1, source: "kern.log", line: line(FULL), key: `z${9 - i}` })),
      { ts: T, kind: "suppressed", count: 245, source: "kern.log", line: line(SUPPRESSED), key: "a" },
    ];
    expect(await fleet.history.insertEvents(fleet.idOf("web-01"), burst)).toBe(6);
    const lines = await ordered(fx.store);
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).every((l) => l.endsWith(FULL))).toBe(true);
    expect(lines[5]).toBe(line(SUPPRESSED));
    expect((await fleet.history.events({ hostId: fleet.idOf("web-01"), fromMs: T, toMs: T, limit: 100 })).map((e) => e.key)).toEqual([
      "z9", "z8", "z7", "z6", "z5", "a",
    ]);
  });

  it("keep that order across a restart, and a re-read adds nothing and reorders nothing", async () => {
    const fleet = await open(fx.store);
    const id = fleet.idOf("web-01");
    await fleet.history.insertEvents(id, [{ ts: T, kind: "table_full", count: 1, source: "kern.log", line: line(FULL), key: "m" }]);
    const reopened = await fx.reopen();
    await open(reopened);
    const seen: string[] = [];
    // After the restart: the same line again (overlapping read) and a later line of the same second.
    const added = await reopened.fleet.history.insertEvents(
      id,
      [
        { ts: T, kind: "table_full", count: 1, source: "kern.log", line: line(FULL), key: "m" },
        { ts: T, kind: "suppressed", count: 245, source: "kern.log", line: line(SUPPRESSED), key: "b" },
      ],
      (e) => seen.push(e.key),
    );
    expect(added).toBe(1);
    expect(seen).toEqual(["b"]);
    expect(await ordered(reopened)).toEqual([line(FULL), line(SUPPRESSED)]);
  });

  it("a key given twice in one call is stored once (the first); onAdded sees what was added, in order", async () => {
    const fleet = await open(fx.store);
    const seen: string[] = [];
    const n = await fleet.history.insertEvents(
      fleet.idOf("web-01"),
      [
        { ts: T, kind: "table_full", count: 1, source: "journal", line: "first", key: "k" },
        { ts: T + 1000, kind: "table_full", count: 1, source: "journal", line: "second", key: "j" },
        { ts: T, kind: "table_full", count: 1, source: "kern.log", line: "again", key: "k" },
      ],
      (e) => seen.push(e.line),
    );
    expect(n).toBe(2);
    expect(seen).toEqual(["first", "second"]);
    expect(await ordered(fx.store)).toEqual(["first", "second"]);
  });

  it("the same key on two hosts is two events; reads by host or fleet-wide, in time order, limited", async () => {
    const fleet = await open(fx.store);
    const ev = (ts: number, key: string, kind = "table_full", count = 1) => ({ ts, kind, count, source: "kern.log", line: `${kind}@${ts}`, key });
    await fleet.history.insertEvents(fleet.idOf("web-01"), [ev(T + 2000, "x"), ev(T, "y", "suppressed", 40)]);
    await fleet.history.insertEvents(fleet.idOf("db-01"), [ev(T + 1000, "x")]);
    const all = await fleet.history.events({ hostId: null, fromMs: T, toMs: T + 2000, limit: 10 });
    expect(all.map((e) => [e.host, e.ts, e.key])).toEqual([["web-01", T, "y"], ["db-01", T + 1000, "x"], ["web-01", T + 2000, "x"]]);
    expect(all[0]).toEqual({ host: "web-01", ts: T, kind: "suppressed", count: 40, source: "kern.log", line: `suppressed@${T}`, key: "y" });
    expect(await fleet.history.events({ hostId: null, fromMs: T, toMs: T + 2000, limit: 2 })).toHaveLength(2);
    expect((await fleet.history.events({ hostId: fleet.idOf("db-01"), fromMs: 0, toMs: T * 2, limit: 10 })).map((e) => e.host)).toEqual(["db-01"]);
    expect(await fleet.history.events({ hostId: null, fromMs: T + 1, toMs: T + 999, limit: 10 })).toEqual([]);
    const totals = await fleet.history.eventTotals();
    expect(totals.sort((a, b) => a.hostId - b.hostId || a.kind.localeCompare(b.kind))).toEqual(
      [
        { hostId: fleet.idOf("web-01"), kind: "suppressed", total: 40 },
        { hostId: fleet.idOf("web-01"), kind: "table_full", total: 1 },
        { hostId: fleet.idOf("db-01"), kind: "table_full", total: 1 },
      ].sort((a, b) => a.hostId - b.hostId || a.kind.localeCompare(b.kind)),
    );
  });
}
