import { describe, expect, it } from "vitest";
import { summarizeFleet } from "./fleet-summary";
import { makeHost } from "./test-hosts";

describe("summarizeFleet", () => {
  it("is all zeros for an empty fleet", () => {
    expect(summarizeFleet([])).toEqual({
      hosts: 0, critical: 0, warn: 0, ok: 0, unreachable: 0, noConntrack: 0, pending: 0, droppingNow: 0, dropRate: 0, droppedRecently: 0, dropsLastHour: 0,
    });
  });

  it("counts each status once and dropping across statuses", () => {
    const s = summarizeFleet([
      makeHost("a", { status: "critical", droppingNow: true, dropRate: 12.5, dropsLastHour: 40 }),
      makeHost("b", { status: "critical" }),
      makeHost("c", { status: "warn", dropsLastHour: 2 }),
      makeHost("d", { status: "unreachable", droppingNow: true, dropRate: null, dropsLastHour: null }),
      makeHost("e", { status: "hostkey" }),
      makeHost("f", { status: "no-conntrack" }),
      makeHost("g", { status: "pending" }),
      makeHost("h", { status: "ok" }),
    ]);
    expect(s).toEqual({
      hosts: 8, critical: 2, warn: 1, ok: 1, unreachable: 2, noConntrack: 1, pending: 1, droppingNow: 2, dropRate: 12.5, droppedRecently: 1, dropsLastHour: 42,
    });
  });
});
