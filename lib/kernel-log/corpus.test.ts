/**
 * Every line of the public corpus (real-world-corpus.ts), classified through the same path the log
 * reader uses: the header is read (and must be: an "ignored" line whose header was not understood
 * would prove nothing), then the message is classified. Fragments, whose header the paste lost, go
 * through the unreadable-header path.
 */
import { describe, expect, it } from "vitest";
import { classifyEmbeddedMessage } from "./classify";
import { journalExportToLines } from "./journal-export";
import { splitLogLine } from "./line-header";
import { parseLogLines } from "./parse-log-lines";
import { CORPUS, type CorpusExpect, type CorpusShape } from "./real-world-corpus";
import type { LogSource, ParseContext } from "./types";

const BOOT = Date.UTC(2020, 0, 1);
const SOURCE: Record<CorpusShape, LogSource> = {
  "rhel-empty-tag": "messages", "syslog-printk": "kern.log", "syslog-plain": "messages", "busybox-nohost": "messages",
  logread: "messages", "rsyslog-rfc3339": "kern.log", "rfc5424-file": "kern.log", "journal-short": "journal",
  "journal-export": "journal", "dmesg-raw": "dmesg", "dmesg-ctime": "dmesg", "dmesg-iso": "dmesg", fragment: "messages",
};
const ctxFor = (shape: CorpusShape, year = 2026): ParseContext => ({
  source: SOURCE[shape], now: Date.UTC(year, 11, 31), utcOffsetMinutes: 0, bootTimeMs: BOOT,
});

function outcome(line: string, shape: CorpusShape, year?: number): CorpusExpect | "untimed" {
  if (shape === "fragment") {
    const c = classifyEmbeddedMessage(line);
    return c === null ? "ignored" : c.kind === "suppressed" ? `suppressed:${c.count}` : c.kind;
  }
  const r = parseLogLines(line, ctxFor(shape, year));
  if (r.unparsed > 0) return "untimed";
  if (r.events.length > 1) throw new Error(`one line gave ${r.events.length} events`);
  const e = r.events[0];
  if (e !== undefined) return e.kind === "suppressed" ? `suppressed:${e.count}` : e.kind;
  // A lone suppressed line has nothing before it to be attributed to: reported, not counted.
  return r.unattributedSuppressed > 0 ? `suppressed:${r.unattributedSuppressed}` : "ignored";
}

const rows = CORPUS.flatMap((p) => p.lines.map(([line, want]) => ({ ...p, line, want })));

describe("public kernel-log corpus", () => {
  it("has at least 60 lines across the shapes syslog daemons, journald and dmesg write", () => {
    const shapes = new Set(rows.map((r) => r.shape));
    console.log(`corpus: ${rows.length} lines, ${shapes.size} shapes, ${CORPUS.length} pastes`);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(shapes.size).toBe(13);
    expect(rows.every((r) => r.source.length > 0)).toBe(true);
  });

  it.each(rows.map((r) => [r.shape, r.want, r.line.split("\n").find((l) => l.startsWith("MESSAGE=")) ?? r.line, r] as const))(
    "%s → %s: %s",
    (_shape, want, _label, r) => {
      expect(outcome(r.line, r.shape, r.year)).toBe(want);
      if (r.shape === "fragment") return;
      // The header itself was understood: a time, and whether the kernel wrote the line.
      const line = r.shape === "journal-export" ? journalExportToLines(r.line) : r.line;
      const parts = splitLogLine(line, ctxFor(r.shape, r.year));
      expect(parts?.ts).toEqual(expect.any(Number));
      expect(parts?.kernel).toBe(r.shape !== "journal-export" && !r.line.includes(" fwknopd["));
    },
  );
});

describe("whole pastes: what a reader of that log would count", () => {
  const count = (source: string, shape: CorpusShape) => {
    const paste = CORPUS.find((p) => p.source === source && p.shape === shape);
    if (!paste) throw new Error(source);
    const r = parseLogLines(paste.lines.map(([l]) => l).join("\n"), ctxFor(shape, paste.year));
    const sum = (kind: string) => r.events.filter((e) => e.kind === kind).reduce((a, e) => a + e.count, 0);
    return { tableFull: sum("table_full"), expectFull: sum("expect_full"), suppressed: sum("suppressed"), unattributed: r.unattributedSuppressed };
  };

  it.each([
    ["the seed, CentOS kernel: : lines", CORPUS[0]?.source ?? "", "rhel-empty-tag", { tableFull: 2, expectFull: 0, suppressed: 0, unattributed: 0 }],
    ["2.6.3x dmesg: the summary 4.2 s after the burst is conntrack's", "http://www.pc-freak.net/blog/resolving-nf_conntrack-table-full-dropping-packet-flood-message-in-dmesg-linux-kernel-log/", "dmesg-raw", { tableFull: 12, expectFull: 0, suppressed: 83, unattributed: 0 }],
    ["dmesg -T window: the opening summary follows nothing we saw, the closing one follows the burst", "https://github.com/ringtail/snout/issues/8", "dmesg-ctime", { tableFull: 10, expectFull: 0, suppressed: 6464, unattributed: 5988 }],
    ["nf_queue's summary is not conntrack's", "https://github.com/ntop/ntopng/issues/8284", "syslog-printk", { tableFull: 0, expectFull: 0, suppressed: 0, unattributed: 1018019 }],
    ["expectation drops are not table-full drops", "https://github.com/coolsnowwolf/lede/issues/10625", "dmesg-raw", { tableFull: 0, expectFull: 2, suppressed: 0, unattributed: 47 }],
    ["busybox without host name", "https://github.com/gnuton/asuswrt-merlin.ng/issues/207", "busybox-nohost", { tableFull: 0, expectFull: 3, suppressed: 0, unattributed: 0 }],
  ] as const)("%s", (_name, source, shape, want) => {
    expect(count(source, shape)).toEqual(want);
  });
});
