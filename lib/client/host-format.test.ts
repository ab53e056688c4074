import { describe, expect, it } from "vitest";
import { formatBytes, formatCompact, formatDuration, formatRate, formatUtc } from "./host-format";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [320, "320 B"],
    [1024, "1.0 KiB"],
    [84_410_368, "80.5 MiB"],
    [16_777_216_000, "15.6 GiB"],
    [2 ** 40 * 3, "3.0 TiB"],
    [null, "—"],
    [-1, "—"],
    [Number.NaN, "—"],
  ])("%s → %s", (n, out) => {
    expect(formatBytes(n)).toBe(out);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [59_999, "59s"],
    [60_000, "1m"],
    [3_599_000, "59m"],
    [5 * 3_600_000 + 12 * 60_000, "5h 12m"],
    [47 * 3_600_000, "47h 0m"],
    [3 * 86_400_000 + 4 * 3_600_000, "3d 4h"],
    [null, "—"],
    [-5, "—"],
  ])("%s → %s", (ms, out) => {
    expect(formatDuration(ms)).toBe(out);
  });
});

describe("formatRate", () => {
  it.each([
    [0, "0/s"],
    [0.04, "<0.1/s"],
    [0.25, "0.25/s"],
    [12.345, "12.3/s"],
    [1234.5, "1,230/s"],
    [null, "—"],
  ])("%s → %s", (r, out) => {
    expect(formatRate(r)).toBe(out);
  });
});

describe("formatUtc / formatCompact", () => {
  it("formats UTC with and without seconds", () => {
    const ms = Date.parse("2026-11-25T18:00:03Z");
    expect(formatUtc(ms)).toBe("2026-11-25 18:00:03 UTC");
    expect(formatUtc(ms, false)).toBe("2026-11-25 18:00 UTC");
    expect(formatUtc(null)).toBe("—");
  });

  it.each([
    [0, "0"],
    [900, "900"],
    [262_144, "262k"],
    [1_048_576, "1.05M"],
    [1500, "1.5k"],
    [0.25, "0.25"],
  ])("compact %s → %s", (v, out) => {
    expect(formatCompact(v)).toBe(out);
  });
});
