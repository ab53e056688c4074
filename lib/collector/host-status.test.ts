import { describe, expect, it } from "vitest";
import { counterDeltas, statusOfUtilization, utilizationOf, type CounterSnapshot } from "./host-status";

const snap = (ts: number, uptimeS: number | null, drop: number, earlyDrop = 0, insertFailed = 0): CounterSnapshot => ({
  ts: ts * 1000,
  uptimeMs: uptimeS === null ? null : uptimeS * 1000,
  drop,
  earlyDrop,
  insertFailed,
});

describe("counterDeltas", () => {
  const cases: [string, CounterSnapshot | null, CounterSnapshot, ReturnType<typeof counterDeltas>][] = [
    ["first read has no increment", null, snap(100, 500, 42), null],
    ["steady counters", snap(100, 500, 42), snap(105, 505, 42), { drop: 0, earlyDrop: 0, insertFailed: 0, reset: false }],
    ["growth", snap(100, 500, 42, 3, 1), snap(105, 505, 142, 5, 1), { drop: 100, earlyDrop: 2, insertFailed: 0, reset: false }],
    ["reboot: uptime went back, counters restarted", snap(100, 50_000, 9000), snap(160, 30, 12), { drop: 12, earlyDrop: 0, insertFailed: 0, reset: true }],
    [
      "reboot during a long outage: counters already past the old value",
      snap(100, 600, 10),
      snap(100 + 7200, 3600, 50),
      { drop: 50, earlyDrop: 0, insertFailed: 0, reset: true },
    ],
    [
      "uptime went back to a boot before the previous read (another machine at this address, a VM snapshot restored): unknown",
      snap(1000, 22_000_000, 9000),
      snap(1060, 21_999_300, 36_000),
      null,
    ],
    ["counter went down without uptime (module reload)", snap(100, null, 500), snap(105, null, 7), { drop: 7, earlyDrop: 0, insertFailed: 0, reset: true }],
    ["dashboard clock stepped back: not a reboot", snap(100, 500, 10), snap(40, 505, 11), { drop: 1, earlyDrop: 0, insertFailed: 0, reset: false }],
    ["uptime file frozen: not a reboot", snap(100, 50_000, 10), snap(1300, 50_000, 11), { drop: 1, earlyDrop: 0, insertFailed: 0, reset: false }],
    ["dashboard clock stepped forward 2 min: not a reboot", snap(100, 500, 10), snap(225, 505, 11), { drop: 1, earlyDrop: 0, insertFailed: 0, reset: false }],
  ];
  it.each(cases)("%s", (_name, prev, cur, want) => {
    expect(counterDeltas(prev, cur)).toEqual(want);
  });
});

describe("status", () => {
  const t = { warn: 0.75, critical: 0.9 };
  it.each([
    [0, "ok"],
    [0.7499, "ok"],
    [0.75, "warn"],
    [0.8999, "warn"],
    [0.9, "critical"],
    [1, "critical"],
  ] as const)("utilization %s is %s", (u, want) => {
    expect(statusOfUtilization(u, t)).toBe(want);
  });
  it("utilization needs a positive max", () => {
    expect(utilizationOf(10, 0)).toBeNull();
    expect(utilizationOf(null, 10)).toBeNull();
    expect(utilizationOf(5, 10)).toBe(0.5);
  });
});
