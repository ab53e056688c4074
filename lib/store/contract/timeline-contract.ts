import { afterAll, beforeAll, expect, it } from "vitest";
import type { Timeline } from "@/lib/client/timeline-schema";
import type { SampleRow } from "@/lib/store/fleet-store";
import type { FleetStorePort } from "@/lib/store/ports";
import { buildTimeline, DROP_KINDS, stepLabel, timelineResolution } from "@/lib/timeline/build-timeline";
import { sample, type EngineFactory, type StoreFixture } from "./fixture";

/** The timeline's grouped reads over data written through the collector's path (lib/timeline/timeline-store.test.ts). */

const T0 = Date.parse("2026-11-25T12:00:00Z");
const S = 30_000;
const MIN = 60_000;
const FLEET = [
  { name: "web-01", address: "10.0.0.1", tags: ["web", "eu"], status: "critical" },
  { name: "web-02", address: "10.0.0.2", tags: ["web"], status: "ok" },
  { name: "db-01", address: "10.0.0.3", tags: ["db"], status: "warn" },
];

/** The view's assembly (lib/api/timeline-view.ts) over the port's reads, so lanes can be checked end to end. */
async function timeline(fleet: FleetStorePort, from: number, to: number): Promise<Timeline> {
  const hosts = FLEET.map((h) => ({ id: fleet.idOf(h.name), name: h.name, tags: h.tags, status: h.status }));
  const { table, stepMs } = timelineResolution(from, to);
  const events = await fleet.history.timelineEvents(stepMs, from, to);
  const candidates = new Set(await fleet.history.hostsWithDrops(from, to));
  for (const e of events) if (DROP_KINDS.has(e.kind)) candidates.add(e.hostId);
  const audit = (await fleet.audit.query({ from, to, limit: 5000 })).reverse();
  return buildTimeline({
    fromMs: from, toMs: to, stepMs, resolution: stepLabel(stepMs), hosts, events,
    buckets: await fleet.history.timelineBuckets(table, stepMs, from, to, [...candidates]),
    dropSpans: await fleet.history.dropSpans(from, to),
    changes: audit.map((a) => ({ ts: a.ts, host: a.host, user: a.user, mode: a.mode, oldMax: a.oldMax, newMax: a.newMax, oldHashsize: a.oldHashsize, newHashsize: a.newHashsize, outcome: a.outcome })),
  });
}

export function timelineContract(engine: EngineFactory): void {
  let fx: StoreFixture;
  let fleet: FleetStorePort;
  const rawDrops: Record<string, number> = {};
  const id = (name: string) => fleet.idOf(name);

  beforeAll(async () => {
    fx = await engine.create();
    fleet = fx.store.fleet;
    await fleet.syncHosts(FLEET);
    // web-02 drops from 12:40 to 12:50; web-01 from 13:00 to 13:30 (and is raised at 13:20); db-01 never.
    const dropping: Record<string, [number, number]> = { "web-01": [T0 + 60 * MIN, T0 + 90 * MIN], "web-02": [T0 + 40 * MIN, T0 + 50 * MIN] };
    for (const h of FLEET) {
      let total = 0;
      const rows: SampleRow[] = [];
      for (let ts = T0; ts < T0 + 2 * 3_600_000; ts += S) {
        const w = dropping[h.name];
        const d = w && ts >= w[0] && ts < w[1] ? 10 : 0;
        total += d;
        rawDrops[h.name] = (rawDrops[h.name] ?? 0) + d;
        rows.push(sample(h.name, ts, { count: d ? 262_144 : 100_000, dropTotal: total, dropDelta: d }));
      }
      await fleet.writeBatch(rows, []);
    }
    await fleet.history.insertEvents(id("web-01"), [
      { ts: T0 + 60 * MIN - 5000, kind: "table_full", count: 1, source: "kern.log", line: "table full", key: "a" },
      { ts: T0 + 61 * MIN, kind: "table_full", count: 1, source: "kern.log", line: "table full", key: "b" },
      { ts: T0 + 61 * MIN + 1000, kind: "suppressed", count: 40, source: "kern.log", line: "40 callbacks suppressed", key: "c" },
    ]);
    await fleet.audit.append({
      ts: T0 + 80 * MIN, user: "alice", role: "operator", host: "web-01", action: "raise-limit", mode: "permanent", oldMax: 262_144, newMax: 524_288,
      oldHashsize: 65_536, newHashsize: 131_072, commands: [], files: [], outcome: "success", error: null, detail: null,
    });
  });
  afterAll(() => fx.dispose());

  it("hosts with drops, drop spans exact to the poll, events grouped per step", async () => {
    const to = T0 + 2 * 3_600_000;
    expect(await fleet.history.hostsWithDrops(T0, to)).toEqual([id("web-01"), id("web-02")].sort((a, b) => a - b));
    expect(await fleet.history.hostsWithDrops(T0, T0 + 30 * MIN)).toEqual([id("web-02")]); // its hour bucket overlaps
    const spans = (await fleet.history.dropSpans(T0, to)).sort((a, b) => a.hostId - b.hostId);
    expect(spans).toEqual(
      [
        { hostId: id("web-01"), first: T0 + 60 * MIN, last: T0 + 90 * MIN - S },
        { hostId: id("web-02"), first: T0 + 40 * MIN, last: T0 + 50 * MIN - S },
      ].sort((a, b) => a.hostId - b.hostId),
    );
    expect(await fleet.history.timelineEvents(5 * MIN, T0, to)).toEqual([
      { hostId: id("web-01"), ts: T0 + 60 * MIN - 5000, kind: "table_full", count: 1 },
      { hostId: id("web-01"), ts: T0 + 61 * MIN, kind: "table_full", count: 1 },
      { hostId: id("web-01"), ts: T0 + 61 * MIN + 1000, kind: "suppressed", count: 40 },
    ]);
    expect(await fleet.history.timelineEvents(3_600_000, T0, to)).toEqual([
      { hostId: id("web-01"), ts: T0 + 60 * MIN - 5000, kind: "table_full", count: 1 },
      { hostId: id("web-01"), ts: T0 + 61 * MIN, kind: "table_full", count: 1 },
      { hostId: id("web-01"), ts: T0 + 61 * MIN + 1000, kind: "suppressed", count: 40 },
    ].sort((a, b) => a.ts - b.ts));
  });

  it("rollup steps: the table's own bucket or regrouped, drops adding up to the raw increments", async () => {
    const to = T0 + 2 * 3_600_000;
    const minutes = await fleet.history.timelineBuckets("1m", MIN, T0, to, [id("web-02")]);
    expect(minutes).toHaveLength(120);
    expect(minutes[40]).toEqual({ hostId: id("web-02"), ts: T0 + 40 * MIN, drops: 20, util: 1 });
    expect(minutes[0]).toEqual({ hostId: id("web-02"), ts: T0, drops: 0, util: 100_000 / 262_144 });
    const five = await fleet.history.timelineBuckets("1m", 5 * MIN, T0 + 2 * MIN, to, [id("web-01"), id("web-02")]);
    expect(five.map((b) => b.hostId)).toEqual([...five.map((b) => b.hostId)].sort((a, b) => a - b));
    expect(five.filter((b) => b.hostId === id("web-01")).reduce((s, b) => s + (b.drops ?? 0), 0)).toBe(rawDrops["web-01"]);
    expect(five.find((b) => b.hostId === id("web-02") && b.ts === T0 + 40 * MIN)).toEqual({ hostId: id("web-02"), ts: T0 + 40 * MIN, drops: 100, util: 1 });
    const hours = await fleet.history.timelineBuckets("1h", 3_600_000, T0 - 6 * 86_400_000, T0 + 86_400_000, [id("web-01"), id("db-01")]);
    const hour = (host: string, ts: number, drops: number) => ({ hostId: id(host), ts, drops });
    expect(hours.map(({ hostId, ts, drops }) => ({ hostId, ts, drops }))).toEqual(
      [hour("web-01", T0, 0), hour("web-01", T0 + 60 * MIN, rawDrops["web-01"]!), hour("db-01", T0, 0), hour("db-01", T0 + 60 * MIN, 0)].sort(
        (a, b) => a.hostId - b.hostId || a.ts - b.ts,
      ),
    );
    expect(await fleet.history.timelineBuckets("1h", 3_600_000, T0, to, [])).toEqual([]);
  });

  it("lanes: one per host that dropped, ordered by first drop, with the counter's exact totals", async () => {
    const t = await timeline(fleet, T0, T0 + 2 * 3_600_000);
    expect(t.resolution).toBe("1m");
    expect(t.lanes.map((l) => l.host)).toEqual(["web-02", "web-01"]);
    const [w2, w1] = t.lanes;
    expect(w2).toMatchObject({ drops: rawDrops["web-02"], logLines: 0, firstDropAt: "2026-11-25T12:40:00.000Z", lastDropAt: "2026-11-25T12:49:30.000Z", peakUtilization: 1 });
    expect(w1).toMatchObject({ drops: rawDrops["web-01"], logLines: 2, suppressed: 40, firstDropAt: "2026-11-25T12:59:55.000Z", lastDropAt: "2026-11-25T13:29:30.000Z", status: "critical" });
    expect(w1!.changes).toEqual([{ ts: "2026-11-25T13:20:00.000Z", host: "web-01", user: "alice", mode: "permanent", oldMax: 262_144, newMax: 524_288, oldHashsize: 65_536, newHashsize: 131_072, outcome: "success" }]);
    expect(w1!.series.reduce((s, p) => s + (p.drops ?? 0), 0)).toBe(rawDrops["web-01"]);
    const week = await timeline(fleet, T0 - 6 * 86_400_000, T0 + 86_400_000);
    expect(week).toMatchObject({ resolution: "1h", stepSeconds: 3600 });
    expect(week.summary.totalDrops).toBe(rawDrops["web-01"]! + rawDrops["web-02"]!);
  });
}
