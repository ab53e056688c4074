import { describe, expect, it } from "vitest";
import { samplesResponseSchema, type SamplesResponse } from "./host-schema";
import { buildSeries, describeResolution } from "./host-series";

const t0 = Date.parse("2026-11-25T18:00:00Z");
const ts = (sec: number) => new Date(t0 + sec * 1000).toISOString();

function response(points: Partial<SamplesResponse["points"][number]>[], resolution = "raw"): SamplesResponse {
  return samplesResponseSchema.parse({
    host: "web-01",
    from: ts(0),
    to: ts(3600),
    resolution,
    stepSeconds: resolution === "raw" ? 5 : 60,
    points: points.map((p, i) => ({ ts: ts(i * 5), ...p })),
  });
}

describe("buildSeries", () => {
  it("makes uPlot columns in seconds and sums counter drops", () => {
    const v = buildSeries(
      response([
        { count: 100, max: 1000, drops: 0, dropRate: 0, earlyDrops: 0, insertFailed: 0 },
        { count: 990, max: 1000, drops: 1200, dropRate: 240, earlyDrops: 3, insertFailed: 0 },
        { count: 1000, max: 1000, drops: 34, dropRate: 6.8, earlyDrops: 0, insertFailed: 1 },
      ]),
      t0,
      t0 + 3_600_000,
    );
    expect(v.x).toEqual([t0 / 1000, t0 / 1000 + 5, t0 / 1000 + 10]);
    expect(v.count).toEqual([100, 990, 1000]);
    expect(v.dropRate).toEqual([0, 240, 6.8]);
    expect(v.dropsTotal).toBe(1234);
    expect(v.earlyDropsTotal).toBe(3);
    expect(v.insertFailedTotal).toBe(1);
    expect(v.peakUtilization).toBe(1);
    expect(v.dataPoints).toBe(3);
    expect(v.countMax).toBeNull();
    expect(v.firstDataMs).toBe(t0);
    expect(v.lastDataMs).toBe(t0 + 10_000);
    expect([v.fromMs, v.toMs]).toEqual([t0, t0 + 3_600_000]);
  });

  it("keeps gaps (failing host) as nulls and does not count them as data", () => {
    const v = buildSeries(response([{ count: 5, max: 10, drops: 2 }, {}, { count: 6, max: 10, drops: null }]), t0, t0 + 1);
    expect(v.count).toEqual([5, null, 6]);
    expect(v.dataPoints).toBe(2);
    expect(v.dropsTotal).toBe(2);
  });

  it("breaks the line where polls are missing (dashboard or host down), not for poll jitter", () => {
    const base = response([{ count: 1, max: 10 }, { count: 2, max: 10 }, { count: 3, max: 10 }, { count: 4, max: 10 }]);
    // 18:00:00, :05, then 18:00:12 (jitter: 7 s), then ten minutes later.
    const points = [base.points[0]!, base.points[1]!, { ...base.points[2]!, ts: ts(12) }, { ...base.points[3]!, ts: ts(612) }];
    const v = buildSeries({ ...base, points }, t0, t0 + 3_600_000);
    expect(v.x).toEqual([0, 5, 12, 17, 612].map((s) => t0 / 1000 + s));
    expect(v.count).toEqual([1, 2, 3, null, 4]);
    expect(v.max).toEqual([10, 10, 10, null, 10]);
    expect(v.dataPoints).toBe(4);
  });

  it("reports unknown drops as null, not zero", () => {
    const v = buildSeries(response([{ count: 5, max: 10 }]), t0, t0 + 1);
    expect(v.dropsTotal).toBeNull();
    expect(buildSeries(response([]), t0, t0 + 1)).toMatchObject({ x: [], dataPoints: 0, dropsTotal: null, peakUtilization: null });
  });

  it("uses bucket peaks for rolled-up data", () => {
    const v = buildSeries(
      response([
        { count: 500, countMax: 900, max: 1000 },
        { count: 400, countMax: 400, max: 1000 },
      ], "1m"),
      t0,
      t0 + 1,
    );
    expect(v.countMax).toEqual([900, 400]);
    expect(v.peakUtilization).toBe(0.9);
  });

  it("sorts points that arrive out of order", () => {
    const res = response([{ count: 1 }, { count: 2 }]);
    res.points.reverse();
    expect(buildSeries(res, t0, t0 + 1).count).toEqual([1, 2]);
  });

  it("handles 10,000 points quickly", () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ count: i, max: 20_000, drops: 1, dropRate: 0.2 }));
    const start = performance.now();
    const v = buildSeries(response(points), t0, t0 + 1);
    expect(v.x).toHaveLength(10_000);
    expect(v.dropsTotal).toBe(10_000);
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe("describeResolution", () => {
  it.each([
    ["raw", 5, "raw · every 5 s"],
    ["1m", 60, "1-minute buckets"],
    ["1h", 3600, "1-hour buckets"],
    ["5m", 300, "5m · 300 s"],
  ])("%s/%s", (r, s, out) => {
    expect(describeResolution(r, s)).toBe(out);
  });
});
