import { describe, expect, it } from "vitest";
import { parseLogLines } from "./parse-log-lines";
import {
  CONNTRACK_BANNER, DMESG_CTIME, DMESG_DOUBLED_PAUSE, DMESG_EXPECT, DMESG_LINUX_42, DMESG_PC_FREAK,
  DMESG_RHEL6_NO_STAMP, DMESG_UBUNTU_1204, GENTOO_KERN_LOG, KERN_LOG_UBUNTU, MESSAGES_ALIYUN,
  MESSAGES_CENTOS6, MESSAGES_CENTOS6_RATELIMIT, MESSAGES_CENTOS8, RFC3339_CUMULUS, SYSCTL_USERSPACE,
  SYSLOG_NF_QUEUE, TRUNCATED_RATELIMIT, UFW_BLOCK,
} from "./real-world-lines";
import type { LogSource, ParseContext } from "./types";

const utc = (iso: string): number => Date.parse(iso);
const ctx = (source: LogSource, over: Partial<ParseContext> = {}): ParseContext => ({
  source, now: utc("2026-11-26T12:00:00Z"), utcOffsetMinutes: 0, bootTimeMs: null, ...over,
});
const parse = (lines: string[], c: ParseContext) => parseLogLines(lines.join("\n"), c);
const DOUBLED = "nf_conntrack: nf_conntrack: table full, dropping packet";

describe("each source's line format", () => {
  const boot = utc("2026-11-24T00:00:00Z");
  it.each([
    ["kern.log, classic + printk stamp", KERN_LOG_UBUNTU, ctx("kern.log", { now: utc("2018-03-01T00:00:00Z") }), utc("2018-02-23T16:44:36Z")],
    ["messages, CentOS 6, host at UTC+8", MESSAGES_CENTOS6, ctx("messages", { now: utc("2020-07-10T00:00:00Z"), utcOffsetMinutes: 480 }), utc("2020-07-08T01:51:16Z")],
    ["messages, CentOS 8, doubled prefix", MESSAGES_CENTOS8, ctx("messages", { now: utc("2020-07-10T00:00:00Z") }), utc("2020-07-08T10:03:53Z")],
    ["messages, redacted host", MESSAGES_ALIYUN, ctx("messages", { now: utc("2021-03-01T00:00:00Z") }), utc("2021-02-06T16:05:07Z")],
    ["kern.log, rsyslog RFC 3339", RFC3339_CUMULUS[0] ?? "", ctx("kern.log"), utc("2019-02-25T03:45:03.778Z")],
    ["journal short-iso-precise (composed)", `2026-11-25T17:53:40.123456+0100 web-01 kernel: ${DOUBLED}`, ctx("journal"), utc("2026-11-25T16:53:40.123Z")],
    ["journal short-iso, new systemd (composed)", `2026-11-25T17:53:40+01:00 web-01 kernel: ${DOUBLED}`, ctx("journal"), utc("2026-11-25T16:53:40Z")],
    ["dmesg raw + boot time", DMESG_DOUBLED_PAUSE[0] ?? "", ctx("dmesg", { bootTimeMs: boot }), boot + 104_235_156],
    ["dmesg --time-format iso (composed)", `2023-12-22T12:26:24,559615-08:00 ${DOUBLED}`, ctx("dmesg"), utc("2023-12-22T20:26:24.559Z")],
    ["dmesg -T, host at UTC+8", DMESG_CTIME[0] ?? "", ctx("dmesg", { utcOffsetMinutes: 480 }), utc("2018-11-20T14:30:22Z")],
  ])("%s", (_name, line, c, ts) => {
    const r = parseLogLines(line, c);
    expect(r.events).toEqual([{ ts, kind: "table_full", count: 1, source: c.source, line, key: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    expect(r.unparsed).toBe(0);
  });
});

describe("header shapes nobody pasted with a conntrack message (composed: a real header shape, a real message)", () => {
  const boot = utc("2026-11-24T00:00:00Z");
  it.each([
    ["journalctl short-precise", `Nov 25 17:53:40.123456 web-01 kernel: ${DOUBLED}`, ctx("journal"), utc("2026-11-25T17:53:40.123Z")],
    ["rsyslog, no space before the printk stamp", `Nov 25 17:53:40 web-01 kernel:[12345.678901] ${DOUBLED}`, ctx("kern.log"), utc("2026-11-25T17:53:40Z")],
    ["busybox syslogd with host and facility", `Nov 25 17:53:40 OpenWrt kern.warn kernel: [  129.271849] ${DOUBLED}`, ctx("messages"), utc("2026-11-25T17:53:40Z")],
    ["RFC 5424 with PRI and structured data", `<4>1 2026-11-25T17:53:40.5Z web-01 kernel - - [meta sequenceId="7"] ${DOUBLED}`, ctx("kern.log"), utc("2026-11-25T17:53:40.5Z")],
    ["RFC 3164 with PRI, as sent to a remote syslog", `<4>Nov 25 17:53:40 web-01 kernel: ${DOUBLED}`, ctx("messages"), utc("2026-11-25T17:53:40Z")],
    ["dmesg -r, priority prefix", `<4>[   10.810168] ${DOUBLED}`, ctx("dmesg", { bootTimeMs: boot }), boot + 10_810],
    ["printk caller id (CONFIG_PRINTK_CALLER)", `[  147.444368][  T11] ${DOUBLED}`, ctx("dmesg", { bootTimeMs: boot }), boot + 147_444],
    ["OpenVZ with a numeric container id", "Nov 25 17:53:40 hn kernel: ip_conntrack: VPS 101 table full, dropping packet.", ctx("messages"), utc("2026-11-25T17:53:40Z")],
  ])("%s", (_name, line, c, ts) => {
    expect(parseLogLines(line, c).events.map((e) => [e.kind, e.ts])).toEqual([["table_full", ts]]);
  });

  it("/proc/kmsg without printk time (<4>msg) is ours but cannot be placed in time", () => {
    expect(parseLogLines(`<4>${DOUBLED}`, ctx("dmesg", { bootTimeMs: boot }))).toMatchObject({ events: [], unparsed: 1 });
  });

  it("CentOS 6 empty-tag lines attribute their __ratelimit summary like any other shape", () => {
    const lines = [
      "Jul  4 03:47:16 centos kernel: : nf_conntrack: table full, dropping packet.",
      "Jul  4 03:47:21 centos kernel: : __ratelimit: 212 callbacks suppressed",
      "Jul  4 03:47:21 centos kernel: : nf_conntrack: table full, dropping packet.",
    ];
    const r = parse(lines, ctx("messages", { now: utc("2026-08-01T00:00:00Z") }));
    expect(r.events.map((e) => `${e.kind}:${e.count}`)).toEqual(["table_full:1", "suppressed:212", "table_full:1"]);
    // The same event keys as without the empty tag: a host whose syslog changed format counts nothing twice.
    const plain = parse(lines.map((l) => l.replace("kernel: : ", "kernel: ")), ctx("messages", { now: utc("2026-08-01T00:00:00Z") }));
    expect(r.events.map((e) => e.key)).toEqual(plain.events.map((e) => e.key));
  });
});

describe("net_ratelimit attribution", () => {
  const boot = utc("2026-11-01T00:00:00Z");
  const dmesg = ctx("dmesg", { bootTimeMs: boot });
  const kinds = (r: ReturnType<typeof parse>) => r.events.map((e) => `${e.kind}:${e.count}`);

  it("counts a suppressed line that follows table-full lines (2.6.3x, 4.2 s later)", () => {
    const r = parse(DMESG_PC_FREAK, dmesg);
    expect(kinds(r)).toEqual(["table_full:1", "table_full:1", "table_full:1", "table_full:1", "suppressed:83"]);
    expect(r.unattributedSuppressed).toBe(0);
  });

  it("counts it after a pause in the flood (8.6 s, doubled prefix)", () => {
    expect(kinds(parse(DMESG_DOUBLED_PAUSE, dmesg))).toEqual(["table_full:1", "suppressed:3939", "table_full:1"]);
  });

  it("cannot attribute a chunk's leading suppressed line: it reports it instead", () => {
    for (const [lines, c, n] of [
      [GENTOO_KERN_LOG, ctx("kern.log"), 3606],
      [MESSAGES_CENTOS6_RATELIMIT, ctx("messages"), 108],
      [DMESG_UBUNTU_1204, dmesg, 321],
    ] as const) {
      const r = parse([...lines], c);
      expect(r.events.every((e) => e.kind === "table_full")).toBe(true);
      expect(r.unattributedSuppressed).toBe(n);
    }
  });

  it("does not attribute when another ratelimited message sits in between (TCP OOM; stamp composed)", () => {
    const lines = [DMESG_DOUBLED_PAUSE[0] ?? "", "[104236.000000] TCP: out of memory -- consider tuning tcp_mem", DMESG_DOUBLED_PAUSE[1] ?? ""];
    const r = parse(lines, dmesg);
    expect(kinds(r)).toEqual(["table_full:1"]);
    expect(r.unattributedSuppressed).toBe(3939);
  });

  it("attributes across a continuation read when the carry is passed", () => {
    const head = parse(DMESG_DOUBLED_PAUSE.slice(0, 1), dmesg);
    const tail = parse(DMESG_DOUBLED_PAUSE.slice(1), { ...dmesg, carry: head.carry });
    expect(kinds(tail)).toEqual(["suppressed:3939", "table_full:1"]);
    expect(parse(DMESG_DOUBLED_PAUSE.slice(1), dmesg).unattributedSuppressed).toBe(3939);
    const broken = parse([DMESG_DOUBLED_PAUSE[0] ?? "", DMESG_LINUX_42[2] ?? ""], dmesg);
    expect(broken.carry.tableFullTs).toBeNull();
  });

  it("carries the chain across journal reads, whose output ends in journalctl's cursor line", () => {
    // What `journalctl --show-cursor` printed for two consecutive reads of a flood (systemd 252).
    const first = [
      `2026-11-26T00:32:38.889633+0000 k8s-node-03 kernel: ${DOUBLED}`,
      "-- cursor: s=2f1e1c0b9c0c4b9c8f0d7e6a5b4c3d2e;i=1a2;b=6c7c6013a8194dc9ab0c03a5f1f0d5f2;m=5f5e100;t=60a1b2c3d4e5f;x=1b2c3d4e5f6a7b8c",
    ];
    const second = [
      "2026-11-26T00:32:43.886915+0000 k8s-node-03 kernel: net_ratelimit: 14503 callbacks suppressed",
      `2026-11-26T00:32:43.887226+0000 k8s-node-03 kernel: ${DOUBLED}`,
    ];
    const head = parse(first, ctx("journal"));
    expect(head.carry.tableFullTs).toBe(utc("2026-11-26T00:32:38.889Z"));
    const tail = parse(second, ctx("journal", { carry: head.carry }));
    expect(kinds(tail)).toEqual(["suppressed:14503", "table_full:1"]);
    // A reboot marker (journalctl without -q) still ends the chain.
    expect(parse([first[0]!, "-- Boot 6c7c6013a8194dc9ab0c03a5f1f0d5f2 --"], ctx("journal")).carry.tableFullTs).toBeNull();
  });

  it("does not give nf_queue's suppressed calls to conntrack", () => {
    const r = parse(SYSLOG_NF_QUEUE, ctx("kern.log"));
    expect(r.events).toEqual([]);
    expect(r.unattributedSuppressed).toBe(1018019);
  });

  it("keeps expectation-table suppression apart from table-full drops", () => {
    const r = parse(DMESG_EXPECT, dmesg);
    expect(kinds(r)).toEqual(["expect_full:1", "expect_full:1"]);
    expect(r.unattributedSuppressed).toBe(47);
  });

  it("is not broken by LOG-target packet lines or userspace lines (composed)", () => {
    const kern = [RFC3339_CUMULUS[0] ?? "", UFW_BLOCK.replace("2026-03-20T14:49:24.202833", "2019-02-25T03:45:04.100000"),
      "2019-02-25T03:45:08.500000+00:00 hostname kernel: [20763748.100000] net_ratelimit: 512 callbacks suppressed"];
    expect(kinds(parse(kern, ctx("kern.log")))).toEqual(["table_full:1", "suppressed:512"]);
    const messages = [MESSAGES_CENTOS8, SYSCTL_USERSPACE, "Jul  8 10:03:57 centos8 kernel: net_ratelimit: 20 callbacks suppressed"];
    expect(kinds(parse(messages, ctx("messages", { now: utc("2020-07-10T00:00:00Z") })))).toEqual(["table_full:1", "suppressed:20"]);
  });

  it("is broken by any other kernel line, and by a gap beyond the window (composed)", () => {
    const c = ctx("messages", { now: utc("2020-07-10T00:00:00Z") });
    const banner = parse([MESSAGES_CENTOS8, CONNTRACK_BANNER, "Jul  8 10:03:57 centos8 kernel: net_ratelimit: 20 callbacks suppressed"], c);
    expect(banner.unattributedSuppressed).toBe(20);
    const late = parse([MESSAGES_CENTOS8, "Jul  8 10:04:04 centos8 kernel: net_ratelimit: 20 callbacks suppressed"], c);
    expect(late.unattributedSuppressed).toBe(20);
  });

  it("unrelated kernel lines between table-full lines change nothing else (Linux 4.2)", () => {
    const r = parse(DMESG_LINUX_42, dmesg);
    expect(r.events.map((e) => e.ts)).toEqual([boot + 10_810, boot + 12_815]);
  });
});

describe("time", () => {
  it("puts Dec 31 lines read on Jan 1 in the old year", () => {
    const line = `Dec 31 23:59:58 web-01 kernel: [86399.000001] ${DOUBLED}`;
    const r = parseLogLines(line, ctx("kern.log", { now: utc("2027-01-01T00:05:00Z") }));
    expect(r.events[0]?.ts).toBe(utc("2026-12-31T23:59:58Z"));
  });

  it("applies the host's UTC offset to zone-less stamps only", () => {
    const at = (offset: number, line: string) => parseLogLines(line, ctx("kern.log", { utcOffsetMinutes: offset })).events[0]?.ts;
    expect(at(0, KERN_LOG_UBUNTU.replace("Feb 23", "Nov 23")) ?? 0).toBe((at(-300, KERN_LOG_UBUNTU.replace("Feb 23", "Nov 23")) ?? 0) - 5 * 3600_000);
    expect(at(0, RFC3339_CUMULUS[0] ?? "")).toBe(at(-300, RFC3339_CUMULUS[0] ?? ""));
  });

  it("needs a boot time for raw dmesg: otherwise the lines are unparsed, not guessed", () => {
    const r = parse(DMESG_PC_FREAK, ctx("dmesg"));
    expect(r.events).toEqual([]);
    expect(r.unparsed).toBe(5);
  });
});

describe("dedupe keys", () => {
  const journal = `2026-11-25T17:53:40.981234+0100 web-01 kernel: ${DOUBLED}`;
  const kernLog = `Nov 25 17:53:40 web-01 kernel: [12345.678901] ${DOUBLED}`;
  const key = (text: string, c: ParseContext) => parseLogLines(text, c).events.map((e) => e.key);

  it("are the same for one kernel line read from the journal, kern.log and dmesg (composed)", () => {
    const fromJournal = key(journal, ctx("journal"));
    expect(key(kernLog, ctx("kern.log", { utcOffsetMinutes: 60 }))).toEqual(fromJournal);
    const boot = utc("2026-11-25T16:53:40Z") - 12_345_678;
    expect(key(`[12345.678901] ${DOUBLED}`, ctx("dmesg", { bootTimeMs: boot }))).toEqual(fromJournal);
    expect(key(journal.replace(DOUBLED, "nf_conntrack: table full, dropping packet"), ctx("journal"))).toEqual(fromJournal);
  });

  it("number identical lines within a second, the same way on every re-read", () => {
    const text = RFC3339_CUMULUS.join("\n");
    const first = key(text, ctx("kern.log"));
    expect(new Set(first).size).toBe(3);
    expect(key(text, ctx("kern.log"))).toEqual(first);
    const later = `${text}\n2019-02-25T03:45:04.000001+00:00 hostname kernel: [20763744.000000] nf_conntrack: table full, dropping packet`;
    expect(key(later, ctx("kern.log")).slice(0, 3)).toEqual(first);
  });

  it("stay stable across a read split mid-second when the key carry is passed", () => {
    const whole = key(RFC3339_CUMULUS.join("\n"), ctx("kern.log"));
    const head = parseLogLines(RFC3339_CUMULUS.slice(0, 1).join("\n"), ctx("kern.log"));
    const tail = parseLogLines(RFC3339_CUMULUS.slice(1).join("\n"), ctx("kern.log", { carry: head.carry }));
    expect([...head.events, ...tail.events].map((e) => e.key)).toEqual(whole);
    // Without the carry the tail is numbered from 0 again and collides with what is stored.
    expect(key(RFC3339_CUMULUS.slice(1).join("\n"), ctx("kern.log"))[0]).toBe(whole[0]);
    expect(JSON.parse(JSON.stringify(tail.carry))).toEqual({
      keys: { second: 1551066303, counts: { "table_full\nnf_conntrack: table full, dropping packet": 3 } },
      tableFullTs: Date.parse("2019-02-25T03:45:03.787Z"),
    });
  });
});

describe("robustness", () => {
  it("reads CRLF text and keeps the line without its CR", () => {
    const crlf = parseLogLines(`${GENTOO_KERN_LOG.join("\r\n")}\r\n`, ctx("kern.log"));
    const lf = parse(GENTOO_KERN_LOG, ctx("kern.log"));
    expect(crlf.events).toEqual(lf.events);
    expect(crlf.events[0]?.line).toBe(GENTOO_KERN_LOG[1]);
  });

  it("counts conntrack lines it cannot time as unparsed, and ignores other junk", () => {
    const r = parse([
      DMESG_RHEL6_NO_STAMP,
      "Feb 30 12:00:00 web-01 kernel: nf_conntrack: table full, dropping packet",
      "\u0000\u0001 ??? kernel: nf_conntrack: nf_conntrack: table full, dropping packet",
      `Jul  8 09:51:16 centos6 kernel: ${TRUNCATED_RATELIMIT}`,
      "conntrack conntrack suppressed",
      SYSCTL_USERSPACE,
      "",
    ], ctx("messages"));
    expect(r).toEqual({ events: [], unparsed: 3, unattributedSuppressed: 0, carry: { keys: null, tableFullTs: null } });
  });

  it("skips 5 MB of unrelated lines without splitting them", () => {
    const noise = [UFW_BLOCK, SYSLOG_NF_QUEUE[0] ?? "", "2026-03-20T14:49:25.000001+00:00 lab-defender kernel: [   11.917416] r8169 0000:07:00.0 eth0: link up"];
    const lines: string[] = [];
    for (let size = 0; size < 5 * 1024 * 1024; ) {
      const l = noise[lines.length % noise.length] ?? "";
      lines.push(l);
      size += l.length + 1;
    }
    lines.push(RFC3339_CUMULUS[0] ?? "");
    const started = performance.now();
    const r = parse(lines, ctx("kern.log"));
    console.log(`parseLogLines: ${lines.length} lines, 5 MB, ${(performance.now() - started).toFixed(1)} ms`);
    expect(r.events.map((e) => e.ts)).toEqual([utc("2019-02-25T03:45:03.778Z")]);
    expect(r.unparsed).toBe(0);
  });
});
