import { describe, expect, it } from "vitest";
import { groupHeatmap, heatLegend, heatToneOf, moveCell, type CellPos, type HeatTone, type NavKey } from "./fleet-heatmap";
import type { FleetHost } from "./fleet-schema";
import { makeHost } from "./test-hosts";

const T = { warn: 0.75, critical: 0.9 };

describe("heatToneOf", () => {
  it.each<[string, Partial<FleetHost>, HeatTone]>([
    ["empty table", { utilization: 0 }, "u0"],
    ["just under a third of warn", { utilization: 0.249 }, "u0"],
    ["a third of warn", { utilization: 0.25 }, "u1"],
    ["two thirds of warn", { utilization: 0.5 }, "u2"],
    ["just under warn", { utilization: 0.7499 }, "u2"],
    ["at warn", { status: "warn", utilization: 0.75 }, "warn"],
    ["at critical", { status: "critical", utilization: 0.9 }, "critical"],
    ["98 %", { status: "critical", utilization: 0.98 }, "critical"],
    ["99 %: full", { status: "critical", utilization: 0.99 }, "full"],
    ["over the limit", { status: "critical", utilization: 1.2 }, "full"],
    ["max 0 (no limit): no ratio", { utilization: null }, "unknown"],
    // A failing host keeps its last numbers, but they are stale: the failure is what shows.
    ["unreachable with an old 95 %", { status: "unreachable", utilization: 0.95 }, "failing"],
    ["host key refused", { status: "hostkey", utilization: null }, "failing"],
    ["no conntrack module", { status: "no-conntrack", utilization: null }, "no-conntrack"],
    ["never polled", { status: "pending", utilization: null }, "pending"],
  ])("%s → %s", (_label, over, tone) => {
    expect(heatToneOf(makeHost("h", over), T)).toBe(tone);
  });

  it("follows the fleet's thresholds", () => {
    expect(heatToneOf(makeHost("h", { utilization: 0.6 }), { warn: 0.5, critical: 0.8 })).toBe("warn");
    expect(heatToneOf(makeHost("h", { utilization: 0.6 }), T)).toBe("u2");
  });
});

describe("groupHeatmap", () => {
  const fleet = [
    makeHost("web-10", { tags: ["web", "eu"], status: "critical", utilization: 0.95, droppingNow: true }),
    makeHost("web-2", { tags: ["web"], status: "warn", utilization: 0.8 }),
    makeHost("db-1", { tags: ["db"], status: "unreachable" }),
    makeHost("lone", { tags: [] }),
    makeHost("api-1", { tags: ["api", "web"] }),
  ];
  const groups = groupHeatmap(fleet, T);

  it("groups by first tag, untagged last, names in numeric order", () => {
    expect(groups.map((g) => [g.tag, g.cells.map((c) => c.name)])).toEqual([
      ["api", ["api-1"]],
      ["db", ["db-1"]],
      ["web", ["web-2", "web-10"]],
      ["", ["lone"]],
    ]);
  });

  it("counts what needs attention per group and marks dropping cells", () => {
    const web = groups.find((g) => g.tag === "web")!;
    expect(web).toMatchObject({ critical: 1, warn: 1, failing: 0, dropping: 1 });
    expect(web.cells[1]).toEqual({ name: "web-10", tone: "critical", status: "critical", dropping: true });
    expect(groups.find((g) => g.tag === "db")!.failing).toBe(1);
  });

  it("is empty for no hosts", () => {
    expect(groupHeatmap([], T)).toEqual([]);
  });
});

describe("heatLegend", () => {
  it("labels the bands from the thresholds", () => {
    expect(heatLegend(T).slice(0, 6).map((e) => e.label)).toEqual(["< 25%", "< 50%", "< 75%", "≥ 75% warn", "≥ 90% critical", "≥ 99% full"]);
  });
});

describe("moveCell", () => {
  // Three groups of 7, 2 and 5 cells, 3 columns:
  //   g0: 0 1 2 / 3 4 5 / 6     g1: 0 1     g2: 0 1 2 / 3 4
  const sizes = [7, 2, 5];
  const at = (group: number, index: number): CellPos => ({ group, index });
  it.each<[CellPos, NavKey, CellPos | null]>([
    [at(0, 0), "ArrowRight", at(0, 1)],
    [at(0, 6), "ArrowRight", at(1, 0)],
    [at(2, 4), "ArrowRight", null],
    [at(1, 0), "ArrowLeft", at(0, 6)],
    [at(0, 0), "ArrowLeft", null],
    [at(0, 1), "ArrowDown", at(0, 4)],
    [at(0, 4), "ArrowDown", at(0, 6)],
    [at(0, 6), "ArrowDown", at(1, 0)],
    [at(1, 1), "ArrowDown", at(2, 1)],
    [at(2, 4), "ArrowDown", null],
    [at(0, 4), "ArrowUp", at(0, 1)],
    [at(1, 1), "ArrowUp", at(0, 6)],
    [at(2, 2), "ArrowUp", at(1, 1)],
    [at(0, 2), "ArrowUp", null],
    [at(0, 4), "Home", at(0, 0)],
    [at(0, 4), "End", at(0, 6)],
  ])("%o %s → %o", (pos, key, expected) => {
    expect(moveCell(sizes, 3, pos, key)).toEqual(expected);
  });

  it("skips empty groups", () => {
    expect(moveCell([2, 0, 2], 4, at(0, 1), "ArrowRight")).toEqual(at(2, 0));
    expect(moveCell([2, 0, 2], 4, at(2, 0), "ArrowUp")).toEqual(at(0, 0));
  });
});
