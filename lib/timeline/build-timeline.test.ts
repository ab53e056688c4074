import { describe, expect, it } from "vitest";
import { buildTimeline, stepLabel, timelineResolution, type TimelineInput } from "./build-timeline";

const T0 = Date.parse("2026-11-25T12:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

function input(over: Partial<TimelineInput> = {}): TimelineInput {
  return {
    fromMs: T0,
    toMs: T0 + HOUR,
    stepMs: MIN,
    resolution: "1m",
    hosts: [
      { id: 1, name: "web-01", tags: ["web"], status: "critical" },
      { id: 2, name: "web-02", tags: ["web"], status: "ok" },
      { id: 3, name: "db-01", tags: ["db"], status: "warn" },
    ],
    buckets: [],
    events: [],
    dropSpans: [],
    changes: [],
    ...over,
  };
}

describe("buildTimeline", () => {
  it("gives no lanes and an empty summary when nothing dropped", () => {
    const t = buildTimeline(input({ buckets: [{ hostId: 1, ts: T0, drops: 0, util: 0.5 }] }));
    expect(t.lanes).toEqual([]);
    expect(t.summary).toMatchObject({ hostsAffected: 0, firstDropAt: null, lastDropAt: null, totalDrops: 0, totalLogLines: 0 });
    expect(t).toMatchObject({ from: "2026-11-25T12:00:00.000Z", to: "2026-11-25T13:00:00.000Z", resolution: "1m", stepSeconds: 60 });
  });

  it("orders lanes by first drop and sums counter drops, log lines and suppressed lines", () => {
    const t = buildTimeline(
      input({
        buckets: [
          { hostId: 1, ts: T0 + 10 * MIN, drops: 100, util: 1 },
          { hostId: 1, ts: T0 + 11 * MIN, drops: 50, util: 0.98 },
          { hostId: 2, ts: T0 + 2 * MIN, drops: 7, util: 0.99 },
          { hostId: 2, ts: T0 + 3 * MIN, drops: null, util: null },
          { hostId: 3, ts: T0, drops: 0, util: 0.7 },
        ],
        events: [
          { hostId: 1, ts: T0 + 10 * MIN + 5000, kind: "table_full", count: 12 },
          { hostId: 1, ts: T0 + 10 * MIN + 6000, kind: "suppressed", count: 300 },
          { hostId: 1, ts: T0 + 10 * MIN + 7000, kind: "expect_full", count: 2 },
        ],
        dropSpans: [
          { hostId: 1, first: T0 + 10 * MIN + 30_000, last: T0 + 11 * MIN + 30_000 },
          { hostId: 2, first: T0 + 2 * MIN + 30_000, last: T0 + 2 * MIN + 30_000 },
        ],
      }),
    );
    expect(t.lanes.map((l) => l.host)).toEqual(["web-02", "web-01"]);
    const [w2, w1] = t.lanes;
    expect(w1).toMatchObject({
      drops: 150,
      logLines: 12,
      suppressed: 300,
      peakUtilization: 1,
      status: "critical",
      // The first table_full line came before the first sample that saw the counter move.
      firstDropAt: "2026-11-25T12:10:05.000Z",
      lastDropAt: "2026-11-25T12:11:30.000Z",
    });
    expect(w1!.events).toHaveLength(3);
    expect(w2).toMatchObject({ drops: 7, logLines: 0, peakUtilization: 0.99, firstDropAt: "2026-11-25T12:02:30.000Z" });
    expect(w2!.series[1]).toEqual({ ts: "2026-11-25T12:03:00.000Z", drops: null, utilization: null });
    expect(t.summary).toMatchObject({
      hostsAffected: 2,
      totalDrops: 157,
      totalLogLines: 12,
      totalSuppressed: 300,
      firstDropAt: "2026-11-25T12:02:30.000Z",
      lastDropAt: "2026-11-25T12:11:30.000Z",
      peakUtilizationByHost: { "web-02": 0.99, "web-01": 1 },
    });
  });

  it.each<[string, Partial<TimelineInput>, number]>([
    ["log lines only (counter unavailable)", { events: [{ hostId: 3, ts: T0 + 5 * MIN, kind: "table_full", count: 1 }] }, 1],
    ["suppressed only", { events: [{ hostId: 3, ts: T0 + 5 * MIN, kind: "suppressed", count: 9 }] }, 1],
    ["expect_full only is not a drop", { events: [{ hostId: 3, ts: T0 + 5 * MIN, kind: "expect_full", count: 1 }] }, 0],
    ["counter drops only", { buckets: [{ hostId: 3, ts: T0, drops: 1, util: 0.2 }] }, 1],
  ])("lane membership: %s", (_label, over, lanes) => {
    expect(buildTimeline(input(over)).lanes).toHaveLength(lanes);
  });

  it("falls back to bucket bounds, clamped to the range, when raw samples are pruned", () => {
    const t = buildTimeline(
      input({ fromMs: T0 + 30_000, buckets: [{ hostId: 1, ts: T0, drops: 3, util: null }, { hostId: 1, ts: T0 + 59 * MIN, drops: 1, util: null }] }),
    );
    expect(t.lanes[0]).toMatchObject({ firstDropAt: "2026-11-25T12:00:30.000Z", lastDropAt: "2026-11-25T13:00:00.000Z", peakUtilization: null });
  });

  it("marks a lane still dropping when its last drop is in the range's last step (at least its last two minutes)", () => {
    const t = buildTimeline(
      input({
        buckets: [
          { hostId: 1, ts: T0 + 10 * MIN, drops: 100, util: 1 },
          { hostId: 3, ts: T0 + 10 * MIN, drops: 100, util: 1 },
          { hostId: 2, ts: T0 + 20 * MIN, drops: 7, util: 1 },
        ],
        // web-01's counter moved 30 s before the end; db-01's stopped 3 minutes before it.
        dropSpans: [
          { hostId: 1, first: T0 + 10 * MIN, last: T0 + HOUR - 30_000 },
          { hostId: 3, first: T0 + 10 * MIN, last: T0 + HOUR - 3 * MIN },
        ],
        // web-02 only has a bucket: its last drop is known to the step, which ended long before.
      }),
    );
    const at = Object.fromEntries(t.lanes.map((l) => [l.host, l.droppingAtEnd]));
    expect(at).toEqual({ "web-01": true, "db-01": false, "web-02": false });
    const hourly = buildTimeline(input({ stepMs: HOUR, buckets: [{ hostId: 2, ts: T0, drops: 7, util: 1 }] }));
    expect(hourly.lanes[0]!.droppingAtEnd).toBe(true);
  });

  it("puts each change on its host's lane and every change in the summary, oldest first", () => {
    const change = (host: string, ts: number) => ({
      ts,
      host,
      user: "alice",
      mode: "temporary",
      oldMax: 262144,
      newMax: 524288,
      oldHashsize: 65536,
      newHashsize: 131072,
      outcome: "success",
    });
    const t = buildTimeline(
      input({ buckets: [{ hostId: 1, ts: T0, drops: 5, util: 1 }], changes: [change("web-01", T0 + MIN), change("db-01", T0 + 2 * MIN)] }),
    );
    expect(t.lanes[0]!.changes).toEqual([
      {
        ts: "2026-11-25T12:01:00.000Z",
        host: "web-01",
        user: "alice",
        mode: "temporary",
        oldMax: 262144,
        newMax: 524288,
        oldHashsize: 65536,
        newHashsize: 131072,
        outcome: "success",
      },
    ]);
    expect(t.summary.changes.map((c) => c.host)).toEqual(["web-01", "db-01"]);
  });
});

describe("timelineResolution", () => {
  it.each([
    [HOUR, "1m", MIN],
    [6 * HOUR, "1m", MIN],
    [24 * HOUR, "1m", 5 * MIN],
    [25 * HOUR, "1h", HOUR],
    [7 * 24 * HOUR, "1h", HOUR],
    [30 * 24 * HOUR, "1h", 6 * HOUR],
    [400 * 24 * HOUR, "1h", 24 * HOUR],
  ])("span %d ms → %s table, %d ms steps", (span, table, step) => {
    expect(timelineResolution(T0, T0 + span)).toEqual({ table, stepMs: step });
  });

  it.each([
    [MIN, "1m"],
    [15 * MIN, "15m"],
    [HOUR, "1h"],
    [6 * HOUR, "6h"],
    [24 * HOUR, "1d"],
  ])("labels %d ms as %s", (ms, label) => expect(stepLabel(ms)).toBe(label));
});
