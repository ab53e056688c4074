import { describe, expect, it } from "vitest";
import { changeLabel, laneAuditMarks, laneColumns, laneEventMarks } from "./timeline-chart-data";
import type { TimelineLane } from "./timeline-schema";

const change = { ts: "2026-11-25T12:20:00.000Z", host: "web-01", user: "alice", mode: "temporary", oldMax: 262144, newMax: 524288, oldHashsize: null, newHashsize: null, outcome: "success" };
const LANE: TimelineLane = {
  host: "web-01", tags: [], status: "ok", firstDropAt: null, lastDropAt: null, drops: 120, logLines: 1, suppressed: 5, peakUtilization: 1, droppingAtEnd: false,
  series: [
    { ts: "2026-11-25T12:00:00.000Z", drops: 120, utilization: 1 },
    { ts: "2026-11-25T12:01:00.000Z", drops: null, utilization: null },
  ],
  events: [
    { ts: "2026-11-25T12:00:30.000Z", kind: "suppressed", count: 5 },
    { ts: "2026-11-25T12:00:10.000Z", kind: "table_full", count: 1 },
  ],
  changes: [change, { ...change, ts: "2026-11-25T12:10:00.000Z", outcome: "weird" }],
};

describe("timeline chart data", () => {
  it("turns the series into columns with a per-second rate", () => {
    expect(laneColumns(LANE, 60)).toEqual({ x: [1795608000, 1795608060], drops: [120, null], dropRate: [2, null], utilization: [1, null] });
  });
  it("leaves a gap where steps are missing instead of joining the points across it", () => {
    const series = [
      { ts: "2026-11-25T12:00:00.000Z", drops: 0, utilization: 0.5 },
      { ts: "2026-11-25T12:01:00.000Z", drops: 6, utilization: 0.6 },
      { ts: "2026-11-25T12:09:00.000Z", drops: 0, utilization: 0.4 },
    ];
    expect(laneColumns({ ...LANE, series }, 60)).toEqual({
      x: [1795608000, 1795608060, 1795608120, 1795608540],
      drops: [0, 6, null, 0],
      dropRate: [0, 0.1, null, 0],
      utilization: [0.5, 0.6, null, 0.4],
    });
  });
  it("sorts event marks and keeps suppressed distinct", () => {
    expect(laneEventMarks(LANE)).toEqual({ x: [1795608010, 1795608030], tone: ["full", "suppressed"], count: [1, 5], kind: ["table_full", "suppressed"] });
  });
  it("maps changes to audit marks; an unknown outcome draws as refused", () => {
    expect(laneAuditMarks(LANE.changes)).toMatchObject({ x: [1795608600, 1795609200], outcome: ["refused", "success"] });
  });
  it.each([
    [change, "alice raised max 262,144 → 524,288 (temporary)"],
    [{ ...change, outcome: "failed", mode: null, newMax: null }, "alice tried to raise max 262,144 → ?: failed"],
  ])("labels %j", (c, label) => expect(changeLabel(c)).toBe(label));
});
