import { afterEach, beforeEach, expect, it } from "vitest";
import type { SampleRow } from "@/lib/store/fleet-store";
import type { FleetStorePort } from "@/lib/store/ports";
import { failure, sample, type EngineFactory, type StoreFixture } from "./fixture";

/** Samples, rollups and the reads over them: the same answers from every engine. */

const T = Date.parse("2026-11-25T18:00:00Z");
const DAY = 86_400_000;

export function historyContract(engine: EngineFactory): void {
  let fx: StoreFixture;
  let fleet: FleetStorePort;
  let web: number;

  beforeEach(async () => {
    fx = await engine.create();
    fleet = fx.store.fleet;
    await fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }, { name: "db-01", address: "10.0.0.2" }]);
    web = fleet.idOf("web-01");
  });
  afterEach(() => fx.dispose());

  it("rolls up as SQLite does: rounded mean, peak, the last sample's max (NULL too), sums that skip NULL deltas", async () => {
    await fleet.insertSample(sample("web-01", T, { count: 100, max: 1000, dropDelta: 5, earlyDropDelta: null }));
    // One batch holding two samples of one minute bucket, a failure, and a reset (NULL delta).
    await fleet.writeBatch(
      [
        sample("web-01", T + 10_000, { count: 201, max: 2000, dropDelta: null, earlyDropDelta: null }),
        failure("web-01", T + 20_000),
        sample("web-01", T + 30_000, { count: 50, max: null, dropDelta: 7, earlyDropDelta: null }),
        sample("web-01", T + 60_000, { count: 1, dropDelta: 0, earlyDropDelta: 3 }),
        sample("web-01", T + 70_000, { count: 2, dropDelta: 0, earlyDropDelta: null }),
      ],
      [],
    );
    const minutes = await fleet.history.series(web, T, T + 120_000, "1m");
    expect(minutes).toEqual([
      { ts: T, count: 117, countMax: 201, max: null, drops: 12, earlyDrops: null, insertFailed: 0, spanSeconds: 60 },
      // 1.5 rounds half away from zero, as SQLite's round() does.
      { ts: T + 60_000, count: 2, countMax: 2, max: 262_144, drops: 0, earlyDrops: 3, insertFailed: 0, spanSeconds: 60 },
    ]);
    expect(await fleet.history.series(web, T + 1_000, T + 3_600_000, "1h")).toEqual([
      { ts: T, count: 71, countMax: 201, max: 262_144, drops: 12, earlyDrops: 3, insertFailed: 0, spanSeconds: 3600 },
    ]);
  });

  it("a (host, time) written twice keeps the last row; both count in the rollups", async () => {
    await fleet.writeBatch([sample("web-01", T, { count: 10 }), sample("web-01", T, { count: 30, dropDelta: 2 })], []);
    await fleet.insertSample(sample("web-01", T, { count: 50, dropDelta: 1 }));
    expect((await fleet.lastSample("web-01"))?.count).toBe(50);
    expect(await fleet.history.series(web, T, T, "raw")).toHaveLength(1);
    expect((await fleet.history.series(web, T, T, "1m"))[0]).toMatchObject({ count: 30, countMax: 50, drops: 3 });
  });

  it("raw series: each point spans from the sample before it, even one before the window", async () => {
    await fleet.writeBatch([0, 5_000, 15_000, 45_000].map((d) => sample("web-01", T + d, { count: d, dropDelta: d === 15_000 ? 4 : 0 })), []);
    expect(await fleet.history.series(web, T + 5_000, T + 15_000, "raw")).toEqual([
      { ts: T + 5_000, count: 5_000, countMax: 5_000, max: 262_144, drops: 0, earlyDrops: 0, insertFailed: 0, spanSeconds: 5 },
      { ts: T + 15_000, count: 15_000, countMax: 15_000, max: 262_144, drops: 4, earlyDrops: 0, insertFailed: 0, spanSeconds: 10 },
    ]);
    expect((await fleet.history.series(web, T - 60_000, T + 60_000, "raw")).map((p) => p.spanSeconds)).toEqual([0, 5, 10, 30]);
    expect(await fleet.history.series(fleet.idOf("db-01"), T - 60_000, T + 60_000, "raw")).toEqual([]);
  });

  it("last sample, last with a count, last with counters; full rows back", async () => {
    const counters = sample("web-01", T, { dropTotal: 77, dropDelta: 2, bootTime: T - DAY });
    const noCounters = sample("web-01", T + 5_000, { count: 10, dropTotal: null, earlyDropTotal: null, insertFailedTotal: null, dropDelta: null });
    await fleet.writeBatch([counters, noCounters, failure("web-01", T + 10_000)], []);
    expect(await fleet.lastSample("web-01")).toEqual(failure("web-01", T + 10_000));
    expect(await fleet.lastOkSample("web-01")).toEqual(noCounters);
    expect(await fleet.lastCounterSample("web-01")).toEqual(counters);
    expect(await fleet.lastSample("db-01")).toBeNull();
  });

  it("drops since a time: non-zero increments only, oldest first, by host name", async () => {
    await fleet.writeBatch(
      [
        sample("web-01", T - 10_000, { dropDelta: 9 }),
        sample("web-01", T, { dropDelta: 0 }),
        sample("db-01", T + 5_000, { dropDelta: 3 }),
        sample("web-01", T + 5_000, { dropDelta: 1 }),
        failure("db-01", T + 6_000),
      ],
      [],
    );
    const got = await fleet.dropsSince(T);
    expect(got.map((d) => [d.host, d.ts, d.dropDelta]).sort()).toEqual([["db-01", T + 5_000, 3], ["web-01", T + 5_000, 1]]);
    expect((await fleet.dropsSince(T - 60_000))[0]).toEqual({ host: "web-01", ts: T - 10_000, dropDelta: 9 });
  });

  it("hosts: an address change keeps the id (history is keyed by name); unknown names are refused", async () => {
    await fleet.syncHosts([{ name: "web-01", address: "10.9.9.9" }, { name: "new-01", address: "10.0.0.3" }]);
    expect(fleet.idOf("web-01")).toBe(web);
    expect(fleet.hasHost("new-01")).toBe(true);
    expect(new Set([fleet.idOf("web-01"), fleet.idOf("db-01"), fleet.idOf("new-01")]).size).toBe(3);
    expect(fleet.hasHost("gone-01")).toBe(false);
    expect(() => fleet.idOf("gone-01")).toThrow(/not registered/);
    // A second store over the same data maps the names to the same ids.
    const other = (await fx.reopen()).fleet;
    await other.syncHosts([{ name: "new-01", address: "10.0.0.3" }, { name: "web-01", address: "10.9.9.9" }]);
    expect(other.idOf("web-01")).toBe(web);
    expect(other.idOf("new-01")).toBe(fleet.idOf("new-01"));
  });

  it("facts: upserted by batch or alone; the entry size a probe learnt survives later polls", async () => {
    expect(await fleet.facts("web-01")).toBeNull();
    const f = { kernel: "6.1.0-13-amd64", cores: 8, memTotalBytes: 16_000_000_000, module: "nf_conntrack" };
    await fleet.writeBatch([sample("web-01", T)], [{ host: "web-01", ts: T, facts: { ...f, cores: 4 } }, { host: "web-01", ts: T, facts: f }]);
    expect(await fleet.facts("web-01")).toEqual({ ...f, entryBytes: null });
    await fleet.setEntryBytes("web-01", 320);
    await fleet.upsertFacts("web-01", T + 5_000, { ...f, kernel: "6.1.0-14-amd64" });
    expect(await fleet.facts("web-01")).toEqual({ ...f, kernel: "6.1.0-14-amd64", entryBytes: 320 });
  });

  it("peaks and the host page's extent", async () => {
    await fleet.writeBatch(
      [
        sample("web-01", T - 2 * 3_600_000, { count: 9_000, dropDelta: 600 }),
        sample("web-01", T, { count: 5_000, dropDelta: 120 }),
        sample("web-01", T + 30_000, { count: 7_000, dropDelta: 60 }),
        sample("web-01", T + 3 * 60_000, { count: 100, dropDelta: 0 }),
      ],
      [],
    );
    await fleet.history.insertEvents(web, [
      { ts: T + 90_000, kind: "table_full", count: 1, source: "kern.log", line: "table full", key: "k1" },
      { ts: T + 95_000, kind: "early_drop_unrelated", count: 1, source: "kern.log", line: "other", key: "k2" },
    ]);
    expect(await fleet.history.peakCount(web, T)).toBe(7_000);
    expect(await fleet.history.peakCount(web, T - DAY)).toBe(9_000);
    expect(await fleet.history.peakCount(fleet.idOf("db-01"), T)).toBeNull();
    expect(await fleet.history.peakDropRate(web, T)).toBe(3);
    expect(await fleet.history.peakDropRate(fleet.idOf("db-01"), T)).toBeNull();
    expect(await fleet.history.hostExtent(web, T - 60_000)).toEqual({ firstSampleMs: T - 2 * 3_600_000, dropTimesDesc: [T + 90_000, T] });
    expect(await fleet.history.hostExtent(web, T - DAY, 1)).toEqual({ firstSampleMs: T - 2 * 3_600_000, dropTimesDesc: [T + 90_000, T] });
    expect(await fleet.history.hostExtent(fleet.idOf("db-01"), T)).toEqual({ firstSampleMs: null, dropTimesDesc: [] });
  });

  it("log state round-trips per host", async () => {
    expect(await fleet.history.logState(web)).toBeNull();
    await fleet.history.putLogState(web, { source: "journal", cursor: "s=abc;i=1" });
    await fleet.history.putLogState(web, { source: "journal", cursor: "s=abc;i=2" });
    expect(await fleet.history.logState(web)).toEqual({ source: "journal", cursor: "s=abc;i=2" });
    expect(await fleet.history.logState(fleet.idOf("db-01"))).toBeNull();
  });

  it("retention: removes what is older than each cutoff and counts the rows", async () => {
    // Every 6 h for 10 days, both hosts; raw and minute rows share a cutoff, hourly rows have theirs.
    const rows: SampleRow[] = [];
    for (let t = T - 10 * DAY; t < T; t += 6 * 3_600_000) rows.push(sample("web-01", t), sample("db-01", t + 60_000));
    await fleet.writeBatch(rows, []);
    await fleet.history.insertEvents(web, [
      { ts: T - 9 * DAY, kind: "table_full", count: 1, source: "kern.log", line: "old", key: "old" },
      { ts: T - DAY, kind: "table_full", count: 1, source: "kern.log", line: "new", key: "new" },
    ]);
    const now = T;
    // Cutoffs fall mid-day: whole days go, and part of the boundary day.
    const retention = { samplesMs: 4.5 * DAY, rollupMs: 7.25 * DAY, eventsMs: 5 * DAY };
    const older = (cut: number) => rows.filter((r) => r.ts < now - cut).length;
    const expected = { samples: older(retention.samplesMs), rollups: older(retention.samplesMs) + older(retention.rollupMs), events: 1 };
    expect(await fleet.history.prune(now, retention)).toEqual(expected);
    expect(await fleet.history.prune(now, retention)).toEqual({ samples: 0, rollups: 0, events: 0 });
    const raw = await fleet.history.series(web, T - 20 * DAY, T, "raw");
    expect(raw[0]!.ts).toBeGreaterThanOrEqual(now - retention.samplesMs);
    expect(raw).toHaveLength(rows.filter((r) => r.host === "web-01" && r.ts >= now - retention.samplesMs).length);
    expect((await fleet.history.series(web, T - 20 * DAY, T, "1h"))[0]!.ts).toBeGreaterThanOrEqual(now - retention.rollupMs);
    expect((await fleet.history.events({ hostId: null, fromMs: 0, toMs: T, limit: 10 })).map((e) => e.key)).toEqual(["new"]);
    // Writes to the days that remain (and new ones) still work after the drop.
    await fleet.insertSample(sample("web-01", T + 1_000));
    await fleet.insertSample(sample("web-01", now - retention.samplesMs + 1_000, { count: 4 }));
    expect((await fleet.history.series(web, T - 20 * DAY, T + DAY, "raw")).at(-1)?.ts).toBe(T + 1_000);
  });
}
