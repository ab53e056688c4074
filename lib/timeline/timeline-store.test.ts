import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTimelineFromStore, parseTimelineQuery } from "@/lib/api/timeline-view";
import { AppError } from "@/lib/errors/app-error";
import { FleetStore, type SampleRow } from "@/lib/store/fleet-store";
import { openDatabase, type Db } from "@/lib/store/sqlite";

/** The view against a real SQLite file filled through the collector's insert path. */

const T0 = Date.parse("2026-11-25T12:00:00Z");
const S = 30_000;
const FLEET = [
  { name: "web-01", address: "10.0.0.1", tags: ["web", "eu"], status: "critical" },
  { name: "web-02", address: "10.0.0.2", tags: ["web"], status: "ok" },
  { name: "db-01", address: "10.0.0.3", tags: ["db"], status: "warn" },
];

let dir: string;
let db: Db;
let store: FleetStore;
const rawDrops: Record<string, number> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "timeline-test-"));
  db = openDatabase(dir);
  store = new FleetStore(db);
  await store.syncHosts(FLEET);
  // web-02 drops from 12:40 to 12:50; web-01 from 13:00 to 13:30 (and is raised at 13:20); db-01 never.
  const dropping: Record<string, [number, number]> = { "web-01": [T0 + 60 * 60_000, T0 + 90 * 60_000], "web-02": [T0 + 40 * 60_000, T0 + 50 * 60_000] };
  const samples: SampleRow[] = [];
  for (const h of FLEET) {
    let total = 0;
    for (let ts = T0; ts < T0 + 2 * 3_600_000; ts += S) {
      const w = dropping[h.name];
      const d = w && ts >= w[0] && ts < w[1] ? 10 : 0;
      total += d;
      rawDrops[h.name] = (rawDrops[h.name] ?? 0) + d;
      samples.push({
        host: h.name, ts, status: "ok", errorCode: null, errorMessage: null, count: d ? 262_144 : 100_000, max: 262_144, buckets: 65_536,
        dropTotal: total, earlyDropTotal: 0, insertFailedTotal: 0, dropDelta: d, earlyDropDelta: 0, insertFailedDelta: 0, bootTime: null,
      });
    }
  }
  await store.writeBatch(samples, []);
  await store.history.insertEvents(store.idOf("web-01"), [
    { ts: T0 + 60 * 60_000 - 5000, kind: "table_full", count: 1, source: "kern.log", line: "table full", key: "a" },
    { ts: T0 + 61 * 60_000, kind: "table_full", count: 1, source: "kern.log", line: "table full", key: "b" },
    { ts: T0 + 61 * 60_000 + 1000, kind: "suppressed", count: 40, source: "kern.log", line: "40 callbacks suppressed", key: "c" },
  ]);
  await store.audit.append({
    ts: T0 + 80 * 60_000, user: "alice", role: "operator", host: "web-01", action: "raise-limit", mode: "permanent", oldMax: 262_144, newMax: 524_288,
    oldHashsize: 65_536, newHashsize: 131_072, commands: [], files: [], outcome: "success", error: null, detail: null,
  });
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("buildTimelineFromStore", () => {
  it("has one lane per host that dropped, ordered by first drop, with the counter's exact totals", async () => {
    const t = await buildTimelineFromStore(store, FLEET, { from: T0, to: T0 + 2 * 3_600_000, hosts: [], tags: [] });
    expect(t.resolution).toBe("1m");
    expect(t.lanes.map((l) => l.host)).toEqual(["web-02", "web-01"]);
    const [w2, w1] = t.lanes;
    expect(w2).toMatchObject({ drops: rawDrops["web-02"], logLines: 0, firstDropAt: "2026-11-25T12:40:00.000Z", lastDropAt: "2026-11-25T12:49:30.000Z", peakUtilization: 1 });
    expect(w1).toMatchObject({ drops: rawDrops["web-01"], logLines: 2, suppressed: 40, firstDropAt: "2026-11-25T12:59:55.000Z", lastDropAt: "2026-11-25T13:29:30.000Z", status: "critical" });
    expect(w1!.changes).toEqual([{ ts: "2026-11-25T13:20:00.000Z", host: "web-01", user: "alice", mode: "permanent", oldMax: 262_144, newMax: 524_288, oldHashsize: 65_536, newHashsize: 131_072, outcome: "success" }]);
    expect(w1!.series.reduce((s, p) => s + (p.drops ?? 0), 0)).toBe(rawDrops["web-01"]);
    expect(t.summary).toMatchObject({ hostsAffected: 2, totalDrops: rawDrops["web-01"]! + rawDrops["web-02"]!, totalLogLines: 2, firstDropAt: "2026-11-25T12:40:00.000Z" });
  });

  it.each([
    [{ tags: ["db"], hosts: [] }, []],
    [{ tags: ["web", "eu"], hosts: [] }, ["web-01"]],
    [{ tags: [], hosts: ["web-02", "gone-01"] }, ["web-02"]],
  ])("filters %j", async (f, lanes) => {
    const t = await buildTimelineFromStore(store, FLEET, { from: T0, to: T0 + 2 * 3_600_000, ...f });
    expect(t.lanes.map((l) => l.host)).toEqual(lanes);
  });

  it("uses hourly rollups for a week", async () => {
    const t = await buildTimelineFromStore(store, FLEET, { from: T0 - 6 * 86_400_000, to: T0 + 86_400_000, hosts: [], tags: [] });
    expect(t).toMatchObject({ resolution: "1h", stepSeconds: 3600 });
    expect(t.summary.totalDrops).toBe(rawDrops["web-01"]! + rawDrops["web-02"]!);
  });
});

describe("parseTimelineQuery", () => {
  const q = (s: string) => parseTimelineQuery(new URLSearchParams(s));
  it("parses from, to, tags and hosts", async () => {
    expect(q("from=2026-11-25T12:00:00Z&to=2026-11-25T14:00:00Z&tags=web,eu&hosts=web-01")).toEqual({
      from: T0, to: T0 + 2 * 3_600_000, tags: ["web", "eu"], hosts: ["web-01"],
    });
  });
  it.each([
    ["hosts=web 01", /hosts: invalid host/],
    ["tags=a|b", /tags: invalid tag/],
    ["from=yesterday", /from/],
    ["from=2026-11-25T14:00:00Z&to=2026-11-25T12:00:00Z", /before/],
    ["status=critical", /unknown query parameter status/],
  ])("400 for %j", (s, re) => {
    expect(() => q(s)).toThrow(AppError);
    expect(() => q(s)).toThrow(re);
  });
});
