import { describe, expect, it } from "vitest";
import { formatAge, formatCount, formatPercent, formatTimestamp, parseTime } from "./fleet-format";

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [12345, "12,345"],
    [262144, "262,144"],
    [4194304, "4,194,304"],
    [1234.6, "1,235"],
    [null, "—"],
    [undefined, "—"],
    [Number.NaN, "—"],
  ])("%s → %s", (input, out) => {
    expect(formatCount(input)).toBe(out);
  });
});

describe("formatPercent", () => {
  it.each([
    [0, "0.0%"],
    [0.0004, "<0.1%"],
    [0.0047, "0.4%"],
    [0.0999, "9.9%"],
    [0.1, "10%"],
    [0.7499, "74%"],
    [0.75, "75%"],
    [0.9999, "99%"],
    [1, "100%"],
    [1.2, "120%"],
    [null, "—"],
  ])("%s → %s", (input, out) => {
    expect(formatPercent(input)).toBe(out);
  });
});

describe("formatAge", () => {
  const now = Date.parse("2026-11-25T18:00:00.000Z");
  it.each([
    [now, "just now"],
    [now + 2000, "just now"],
    [now - 999, "just now"],
    [now - 1000, "1s ago"],
    [now - 3000, "3s ago"],
    [now - 59_999, "59s ago"],
    [now - 60_000, "1m ago"],
    [now - 59 * 60_000, "59m ago"],
    [now - 3 * 3600_000, "3h ago"],
    [now - 47 * 3600_000, "47h ago"],
    [now - 72 * 3600_000, "3d ago"],
    [null, "never"],
  ])("%s → %s", (then, out) => {
    expect(formatAge(then, now)).toBe(out);
  });
});

describe("parseTime / formatTimestamp", () => {
  it.each([
    ["2026-11-25T18:00:03.000Z", Date.parse("2026-11-25T18:00:03.000Z")],
    ["not a date", null],
    ["", null],
    [null, null],
  ])("parseTime(%s)", (input, out) => {
    expect(parseTime(input)).toBe(out);
  });

  it("formats in UTC", () => {
    expect(formatTimestamp("2026-11-25T18:00:03.120Z")).toBe("2026-11-25 18:00:03 UTC");
    expect(formatTimestamp(null)).toBe("never");
  });
});
