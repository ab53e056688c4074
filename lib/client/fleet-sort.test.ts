import { describe, expect, it } from "vitest";
import { sortHosts, statusGroup } from "./fleet-sort";
import type { FleetHost } from "./fleet-schema";
import type { SortDir, SortKey } from "./fleet-view";
import { makeHost } from "./test-hosts";

const fleet: FleetHost[] = [
  makeHost("ok-low", { utilization: 0.1, count: 100, max: 1000 }),
  makeHost("pending-1", { status: "pending", utilization: null, count: null, max: null, lastPollAt: null }),
  makeHost("crit-95", { status: "critical", utilization: 0.95, count: 950, max: 1000, dropsLastHour: 12 }),
  makeHost("warn-80", { status: "warn", utilization: 0.8, count: 800, max: 1000 }),
  makeHost("down-1", { status: "unreachable", utilization: 0.5, count: 500, max: 1000, lastPollAt: "2026-11-25T17:00:00.000Z" }),
  makeHost("crit-91-dropping", { status: "critical", utilization: 0.91, count: 910, max: 1000, droppingNow: true, dropsLastHour: 3 }),
  makeHost("hostkey-1", { status: "hostkey", utilization: 0.6, count: 600, max: 1000, dropsLastHour: null }),
  makeHost("ok-high", { utilization: 0.7, count: 7000, max: 10000 }),
  makeHost("noct-1", { status: "no-conntrack", utilization: null, count: null, max: null }),
];

const names = (hosts: FleetHost[]) => hosts.map((h) => h.name);

describe("sortHosts", () => {
  it.each<[SortKey, SortDir, string[]]>([
    [
      "status",
      "desc",
      ["crit-91-dropping", "crit-95", "warn-80", "hostkey-1", "down-1", "ok-high", "ok-low", "noct-1", "pending-1"],
    ],
    [
      "status",
      "asc",
      ["pending-1", "noct-1", "ok-low", "ok-high", "down-1", "hostkey-1", "warn-80", "crit-95", "crit-91-dropping"],
    ],
    [
      "util",
      "desc",
      ["crit-95", "crit-91-dropping", "warn-80", "ok-high", "hostkey-1", "down-1", "ok-low", "noct-1", "pending-1"],
    ],
    [
      "util",
      "asc",
      ["ok-low", "down-1", "hostkey-1", "ok-high", "warn-80", "crit-91-dropping", "crit-95", "noct-1", "pending-1"],
    ],
    [
      "name",
      "asc",
      ["crit-91-dropping", "crit-95", "down-1", "hostkey-1", "noct-1", "ok-high", "ok-low", "pending-1", "warn-80"],
    ],
    [
      "drops",
      "desc",
      ["crit-95", "crit-91-dropping", "warn-80", "down-1", "ok-high", "ok-low", "noct-1", "pending-1", "hostkey-1"],
    ],
    [
      "max",
      "desc",
      ["ok-high", "crit-91-dropping", "crit-95", "warn-80", "hostkey-1", "down-1", "ok-low", "noct-1", "pending-1"],
    ],
  ])("sort=%s dir=%s", (sort, dir, expected) => {
    expect(names(sortHosts(fleet, sort, dir))).toEqual(expected);
  });

  it("puts the stalest poll first for age desc, never-polled last", () => {
    const sorted = names(sortHosts(fleet, "age", "desc"));
    expect(sorted[0]).toBe("down-1");
    expect(sorted.at(-1)).toBe("pending-1");
  });

  it("never puts a host dropping now below a quiet one: dropping first, fastest first, whatever the status", () => {
    const hosts = [
      ...fleet,
      makeHost("ok-12-dropping", { utilization: 0.12, count: 120, max: 1000, droppingNow: true, dropRate: 40, dropsLastHour: 213_000 }),
      makeHost("ok-30-dropped-earlier", { utilization: 0.3, count: 300, max: 1000, dropsLastHour: 900, lastDropAt: "2026-11-25T17:55:00.000Z" }),
    ];
    const sorted = names(sortHosts(hosts, "status", "desc"));
    expect(sorted.slice(0, 3)).toEqual(["ok-12-dropping", "crit-91-dropping", "crit-95"]);
    expect(sorted.indexOf("ok-30-dropped-earlier")).toBeGreaterThan(sorted.indexOf("down-1"));
  });

  it("orders names numerically (web-2 before web-10)", () => {
    const hosts = [makeHost("web-10"), makeHost("web-2"), makeHost("web-1")];
    expect(names(sortHosts(hosts, "name", "asc"))).toEqual(["web-1", "web-2", "web-10"]);
  });

  it("does not mutate its input", () => {
    const copy = [...fleet];
    sortHosts(fleet, "util", "asc");
    expect(fleet).toEqual(copy);
  });
});

describe("statusGroup", () => {
  it.each([
    ["unreachable", "failing"],
    ["hostkey", "failing"],
    ["critical", "critical"],
    ["pending", "pending"],
  ] as const)("%s → %s", (status, group) => {
    expect(statusGroup({ status, droppingNow: false })).toBe(group);
  });

  it("puts a host dropping now in its own group, whatever its status", () => {
    expect(statusGroup({ status: "ok", droppingNow: true })).toBe("dropping");
    expect(statusGroup({ status: "unreachable", droppingNow: true })).toBe("dropping");
  });
});
