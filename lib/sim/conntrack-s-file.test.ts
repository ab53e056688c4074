import { describe, expect, it } from "vitest";
import { formatConntrackS, NETLINK_COLUMNS_1_4_6, NETLINK_COLUMNS_1_4_8, parseConntrackS } from "./conntrack-s-file";
import { emptyCpuStats } from "./stat-file";

describe("conntrack -S text", () => {
  it.each([
    ["1.4.6", NETLINK_COLUMNS_1_4_6],
    ["1.4.8", NETLINK_COLUMNS_1_4_8],
  ])("conntrack-tools %s layout round-trips", (_, columns) => {
    const perCpu = Array.from({ length: 12 }, (_, cpu) => ({ ...emptyCpuStats(columns), drop: cpu * 3, found: 2 ** 32 + 5 }));
    const text = formatConntrackS(columns, perCpu);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`cpu=0   \t${columns.map((c) => `${c}=${c === "found" ? 5 : 0} `).join("")}`);
    expect(lines[10]?.startsWith("cpu=10  \tfound=5 ")).toBe(true);
    const back = parseConntrackS(text);
    expect(back.columns).toEqual(columns);
    expect(back.perCpu.map((s) => s.drop)).toEqual(perCpu.map((s) => s.drop));
  });

  it("rejects text without cpu lines", () => {
    expect(() => parseConntrackS("conntrack v1.4.6 (conntrack-tools): Operation failed\n")).toThrow(/cpu=/);
  });
});
