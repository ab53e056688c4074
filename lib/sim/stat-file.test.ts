import { describe, expect, it } from "vitest";
import { STAT_HEADER_2_6_18, STAT_HEADER_4X, STAT_HEADER_5_10, STAT_HEADER_6X } from "./os-profiles";
import { emptyCpuStats, formatHex32, formatStatFile, parseStatFile, splitColumns, sumColumn } from "./stat-file";

const HEADERS = [
  { name: "6.x", header: STAT_HEADER_6X, trailing: false, columns: 17, renamed: ["clashres", "chainlength"] },
  { name: "5.10-5.14", header: STAT_HEADER_5_10, trailing: false, columns: 17, renamed: ["clashres", "delete_list"] },
  { name: "2.6.29-5.9", header: STAT_HEADER_4X, trailing: false, columns: 17, renamed: ["searched", "delete_list"] },
  { name: "2.6.18", header: STAT_HEADER_2_6_18, trailing: true, columns: 16, renamed: ["searched", "delete_list"] },
];

describe("stat file format per kernel generation", () => {
  it.each(HEADERS)("$name: layout, round trip and entries", ({ header, trailing, columns, renamed }) => {
    const cols = splitColumns(header);
    expect(cols).toHaveLength(columns);
    for (const c of renamed) expect(cols).toContain(c);
    const perCpu = [0, 1, 2].map((cpu) => {
      const s = emptyCpuStats(cols);
      s.drop = 10 * cpu + 1;
      s.early_drop = 0xabc;
      s.insert_failed = cpu;
      s.found = 0xffffffff;
      return s;
    });
    const text = formatStatFile({ header, perCpu, trailingSpace: trailing }, 4242);
    const lines = text.split("\n");
    expect(lines[0]).toBe(header);
    expect(lines).toHaveLength(5); // header, 3 CPUs, "" after the final newline
    for (const line of lines.slice(1, 4)) {
      // %08x  %08x ... (two spaces after entries and after icmp_error, like the kernel's format string)
      expect(line.startsWith("00001092  ")).toBe(true);
      expect(line.split(/\s+/).filter(Boolean)).toHaveLength(columns);
      expect(line.match(/ {2}/g)).toHaveLength(2);
      expect(line.endsWith(" ")).toBe(trailing);
    }
    const parsed = parseStatFile(text);
    expect(parsed.header).toBe(header);
    expect(parsed.trailingSpace).toBe(trailing);
    expect(parsed.perCpu.map((s) => s.entries)).toEqual([4242, 4242, 4242]);
    expect(parsed.perCpu.map((s) => s.drop)).toEqual([1, 11, 21]);
    expect(sumColumn(parsed.perCpu, "insert_failed")).toBe(3);
    expect(parsed.perCpu[0]?.found).toBe(0xffffffff);
  });

  it("wraps counters like the kernel's u32", () => {
    expect(formatHex32(0)).toBe("00000000");
    expect(formatHex32(255)).toBe("000000ff");
    expect(formatHex32(0x1_0000_0005)).toBe("00000005");
    expect(formatHex32(-3)).toBe("00000000");
  });

  it("parses a file as the kernel wrote it", () => {
    const real =
      `${STAT_HEADER_6X}\n` +
      "00000fce  00000000 00000000 00000000 00000004 00000000 00000000 00000000 00000000 000000c8 000001d8 00000000 00000000  00000000 00000000 00000000 00000000\n" +
      "00000fce  00000000 00000000 00000000 00000004 00000000 00000000 00000000 00000000 000000a2 0000016f 00000000 00000000  00000000 00000000 00000000 00000000\n";
    const t = parseStatFile(real);
    expect(sumColumn(t.perCpu, "drop")).toBe(0x1d8 + 0x16f);
    expect(sumColumn(t.perCpu, "insert_failed")).toBe(0xc8 + 0xa2);
    expect(formatStatFile(t, 0xfce)).toBe(real);
  });

  it("rejects a file that is not a stat file", () => {
    expect(() => parseStatFile("12345\n")).toThrow(/header/);
    expect(() => parseStatFile(`${STAT_HEADER_6X}\n0000 0001\n`)).toThrow(/values/);
  });
});
