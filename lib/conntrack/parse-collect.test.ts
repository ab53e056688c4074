import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COLLECT_COMMAND, HOST_PATHS, IP_PATHS, NF_PATHS } from "./collect-command";
import { parseCollectOutput, parseCpuList, parseMeminfoTotal, toStatTotals } from "./parse-collect";
import { ParseError, parseConntrackS } from "./parse-stat";

/**
 * Runs the real COLLECT_COMMAND with every path moved under a temp dir holding the given files, so the
 * framing (headers, blank separators, the echo'd marker) is whatever `head -v` really prints.
 */
function collect(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "collect-"));
  try {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(root + file), { recursive: true });
      writeFileSync(root + file, content);
    }
    return execFileSync("sh", ["-c", COLLECT_COMMAND.replaceAll(" /", ` ${root}/`)], { encoding: "utf8" }).replaceAll(root, "");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// Verbatim from this machine (kernel 6.18, polled as root so hashsize is readable); meminfo cut after 3 lines.
const THIS_MACHINE = `==> /proc/sys/net/netfilter/nf_conntrack_count <==
0

==> /proc/sys/net/netfilter/nf_conntrack_max <==
262144

==> /proc/sys/net/netfilter/nf_conntrack_buckets <==
262144

==> /sys/module/nf_conntrack/parameters/hashsize <==
262144

==> /proc/net/stat/nf_conntrack <==
entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
00000000  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000
00000000  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000

==> /proc/sys/kernel/osrelease <==
6.18.44-fc-v669

==> /proc/uptime <==
856.07 1503.72

==> /proc/meminfo <==
MemTotal:       24684084 kB
MemFree:        23956768 kB
MemAvailable:   24184516 kB

==> /sys/devices/system/cpu/online <==
0-1
==> @end <==
`;

const STAT_2618 = `entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete
000199ba  0618bf56 00004d3c 03875d7a 00065132 01fc22f9 03875bce 00011e20 05445f62 00000006 00000000 00000000 0000081e  00000001 00000001 00000001 
000199ba  0ebecae4 00002e71 006ea8fd 0008d116 01200035 006ea6c3 000dbc49 0374ac91 00000007 00000000 00000000 0000093b  00000003 00000003 00000003 
`;
const STAT_2632 = `entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete
0000bc55  06d4e3f4 0000d699 04710a19 00024ede 049315c6 04710740 0001012f 0462955f 0000000f 00001245 00000000 000001a6  00000001 00000002 00000002 
0000bc55  336fb389 00001e84 017f6bcc 00034b9b 02032b1f 017f6901 000c7a2e 0407ea69 00000044 00000daf 00003b99 000005c9  00000002 00000002 00000002 
0000bc55  310d95bf 000029e8 02cbca01 0004cdd2 03f8a7bc 02cbc966 000eeeac 0442dc79 0000003f 00000afe 00000000 000001e3  00000003 00000003 00000003 
0000bc55  3398ddb7 0000d7e8 03b5913b 0000a097 00cef181 03b590f5 000d7082 0567c3ce 00000009 000011dc 00002b8a 00000982  00000003 00000005 00000005 
`;

// CentOS 5, 2.6.18, 4 GB: 8192 buckets and max = 8 × buckets; no cpu/online file, polled as non-root.
const CENTOS5 = {
  [IP_PATHS.count]: "31544\n",
  [IP_PATHS.max]: "65536\n",
  [IP_PATHS.buckets]: "8192\n",
  [IP_PATHS.stat]: STAT_2618,
  [HOST_PATHS.osrelease]: "2.6.18-419.el5\n",
  [HOST_PATHS.uptime]: "8734512.77 17380122.41\n",
  [HOST_PATHS.meminfo]: "MemTotal:      4043532 kB\nMemFree:        183944 kB\nBuffers:        255040 kB\nCached:        2917680 kB\n",
};

// CentOS 6 serves both names; the ip_conntrack alias is read a moment later, so its count differs.
const CENTOS6 = {
  [NF_PATHS.count]: "48213\n",
  [NF_PATHS.max]: "65536\n",
  [NF_PATHS.buckets]: "16384\n",
  [NF_PATHS.stat]: STAT_2632,
  [IP_PATHS.count]: "48219\n",
  [IP_PATHS.max]: "65536\n",
  [IP_PATHS.buckets]: "16384\n",
  [IP_PATHS.stat]: STAT_2632,
  [HOST_PATHS.osrelease]: "2.6.32-754.35.1.el6.x86_64\n",
  [HOST_PATHS.uptime]: "5012334.18 19876543.02\n",
  [HOST_PATHS.meminfo]: "MemTotal:        8061020 kB\nMemFree:          412604 kB\nBuffers:          190532 kB\n",
  [HOST_PATHS.cpusOnline]: "0-3\n",
};

// Ubuntu 24.04 kernels are built without CONFIG_NF_CONNTRACK_PROCFS: no stat file.
const UBUNTU = {
  [NF_PATHS.count]: "1873\n",
  [NF_PATHS.max]: "262144\n",
  [NF_PATHS.buckets]: "262144\n",
  [HOST_PATHS.osrelease]: "6.8.0-49-generic\n",
  [HOST_PATHS.uptime]: "1209654.33 9551233.12\n",
  [HOST_PATHS.meminfo]: "MemTotal:       16365256 kB\nMemFree:         9204128 kB\nMemAvailable:   13411456 kB\n",
  [HOST_PATHS.cpusOnline]: "0-7\n",
};

const NO_MODULE = {
  [HOST_PATHS.osrelease]: "6.1.0-27-amd64\n",
  [HOST_PATHS.uptime]: "3600.50 7100.91\n",
  [HOST_PATHS.meminfo]: "MemTotal:        2014104 kB\nMemFree:         1417232 kB\n",
  [HOST_PATHS.cpusOnline]: "0\n",
};

describe("parseCollectOutput", () => {
  const readings: [string, () => string, Record<string, unknown>][] = [
    ["this machine, verbatim", () => THIS_MACHINE,
      { kind: "conntrack", module: "nf_conntrack", count: 0, max: 262144, buckets: 262144, statSource: "procfs",
        stat: { drop: 0, earlyDrop: 0, insertFailed: 0, invalid: 0, searchRestart: 0 },
        facts: { kernel: "6.18.44-fc-v669", cores: 2, memTotalBytes: 24684084 * 1024, uptimeSeconds: 856.07 } }],
    ["CentOS 5, ip_conntrack only", () => collect(CENTOS5),
      { kind: "conntrack", module: "ip_conntrack", count: 31544, max: 65536, buckets: 8192, statSource: "procfs",
        stat: { drop: 0, earlyDrop: 0, insertFailed: 13, invalid: 991816, searchRestart: null },
        facts: { kernel: "2.6.18-419.el5", cores: 2, coresSource: "stat-rows", memTotalBytes: 4043532 * 1024, uptimeSeconds: 8734512.77 } }],
    ["nf_conntrack sysctls with only the ip_conntrack stat file: drops still read", () => {
      const { [NF_PATHS.stat]: _nf, ...rest } = CENTOS6;
      return collect(rest);
    }, { kind: "conntrack", module: "nf_conntrack", statSource: "procfs", stat: { drop: 15566 }, facts: { cores: 4, coresSource: "cpu-online" } }],
    ["ip_conntrack sysctls with only the nf_conntrack stat file: drops still read, CPUs from its rows", () => {
      const { [IP_PATHS.stat]: _ip, ...rest } = CENTOS5;
      return collect({ ...rest, [NF_PATHS.stat]: STAT_2632 });
    }, { kind: "conntrack", module: "ip_conntrack", statSource: "procfs", stat: { drop: 15566 }, facts: { cores: 4, coresSource: "stat-rows" } }],
    ["CentOS 6, both names: nf_conntrack wins", () => collect(CENTOS6),
      { kind: "conntrack", module: "nf_conntrack", count: 48213, max: 65536, buckets: 16384, statSource: "procfs",
        stat: { drop: 15566, earlyDrop: 26403, insertFailed: 155, invalid: 723170, searchRestart: null },
        facts: { kernel: "2.6.32-754.35.1.el6.x86_64", cores: 4, coresSource: "cpu-online", memTotalBytes: 8061020 * 1024, uptimeSeconds: 5012334.18 } }],
    ["Ubuntu 24.04 without the stat file", () => collect(UBUNTU),
      { kind: "conntrack", module: "nf_conntrack", count: 1873, max: 262144, buckets: 262144, stat: null, statSource: null,
        facts: { kernel: "6.8.0-49-generic", cores: 8, memTotalBytes: 16365256 * 1024, uptimeSeconds: 1209654.33 } }],
    ["module not loaded", () => collect(NO_MODULE),
      { kind: "no-conntrack", facts: { kernel: "6.1.0-27-amd64", cores: 1, memTotalBytes: 2014104 * 1024, uptimeSeconds: 3600.5 } }],
    ["no buckets sysctl, root can read hashsize", () => collect({ [NF_PATHS.count]: "9\n", [NF_PATHS.max]: "65536\n", [NF_PATHS.hashsize]: "16384\n" }),
      { kind: "conntrack", buckets: 16384, facts: { kernel: null, cores: null, memTotalBytes: null, uptimeSeconds: null } }],
    ["CRLF, a login banner before and junk after the marker", () => `Welcome to web7\r\n${THIS_MACHINE.replaceAll("\n", "\r\n")}logout\r\n\r\n`,
      { kind: "conntrack", count: 0, max: 262144, facts: { kernel: "6.18.44-fc-v669", cores: 2 } }],
    ["last file without a trailing newline glues the marker to it", () => collect({ ...UBUNTU, [HOST_PATHS.cpusOnline]: "0-5,7" }),
      { kind: "conntrack", count: 1873, facts: { cores: 7 } }],
  ];
  it.each(readings)("%s", (_label, output, expected) => {
    expect(parseCollectOutput(output())).toMatchObject(expected);
  });

  it("keeps every stat column except entries", () => {
    const reading = parseCollectOutput(THIS_MACHINE);
    expect(reading.kind === "conntrack" && Object.keys(reading.stat?.columns ?? {})).toEqual(
      "clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error expect_new expect_create expect_delete search_restart".split(" "),
    );
  });

  it.each([
    ["output cut mid-file", THIS_MACHINE.slice(0, THIS_MACHINE.indexOf("MemFree")), /truncated output/],
    ["empty output", "", /truncated output/],
    ["a garbage count", collect({ ...UBUNTU, [NF_PATHS.count]: "abc\n" }), /nf_conntrack_count: expected a non-negative integer, got "abc"/],
    ["a negative max", collect({ ...UBUNTU, [NF_PATHS.max]: "-1\n" }), /nf_conntrack_max: expected a non-negative integer/],
    ["an empty max file", collect({ ...UBUNTU, [NF_PATHS.max]: "" }), /nf_conntrack_max: expected/],
    ["count without max", collect({ ...NO_MODULE, [NF_PATHS.count]: "12\n" }), /nf_conntrack_max is missing while .*nf_conntrack_count is present/],
    ["max without count", collect({ ...NO_MODULE, [IP_PATHS.max]: "65536\n" }), /ip_conntrack_count is missing/],
    ["garbage buckets", collect({ ...UBUNTU, [NF_PATHS.buckets]: "lots\n" }), /nf_conntrack_buckets/],
    ["a cut stat row", collect({ ...CENTOS6, [NF_PATHS.stat]: STAT_2632.slice(0, 400) }), /^\/proc\/net\/stat\/nf_conntrack: .*row 1 has/],
  ])("throws ParseError for %s", (_label, output, message) => {
    expect(() => parseCollectOutput(output)).toThrow(ParseError);
    expect(() => parseCollectOutput(output)).toThrow(message);
  });

  it.runIf(process.platform === "linux")("parses the real command run on this machine", () => {
    const reading = parseCollectOutput(execFileSync("sh", ["-c", COLLECT_COMMAND], { encoding: "utf8" }));
    expect(reading.facts.kernel).toBe(release());
    expect(reading.facts.cores).toBeGreaterThan(0);
    if (reading.kind === "conntrack") expect(reading.max).toBeGreaterThanOrEqual(0);
  });
});

describe("toStatTotals", () => {
  it("reads conntrack -S output too", () => {
    const stat = parseConntrackS(
      "cpu=0   \tfound=0 invalid=1843 insert=0 insert_failed=312 drop=312 early_drop=0 error=0 search_restart=4 \n" +
        "cpu=1   \tfound=0 invalid=1712 insert=0 insert_failed=287 drop=287 early_drop=0 error=0 search_restart=2 \n",
    );
    expect(toStatTotals(stat)).toMatchObject({ drop: 599, earlyDrop: 0, insertFailed: 599, invalid: 3555, searchRestart: 6 });
  });

  it("refuses a stat without a drop column", () => {
    expect(() => toStatTotals(parseConntrackS("cpu=0 found=0 invalid=3\n"))).toThrow(/no drop column/);
  });
});

describe("parseCpuList", () => {
  it.each([["0\n", 1], ["0-3", 4], ["0-3,5,7-8", 7], ["0-63\n", 64], ["0,2-3", 3], ["1-255", 255]] as const)("%j → %i", (text, n) => {
    expect(parseCpuList(text)).toBe(n);
  });
  it.each(["", "0-", "3-1", "a-b", "0-3:2/4", "0;1"])("throws on %j", (text) => {
    expect(() => parseCpuList(text)).toThrow(ParseError);
  });
});

describe("parseMeminfoTotal", () => {
  it.each([
    ["MemTotal:       24684084 kB\nMemFree:        23956768 kB\n", 24684084 * 1024],
    ["MemTotal:      4043532 kB\r\nMemFree:        183944 kB\r\n", 4043532 * 1024],
    ["MemFree:        183944 kB\nMemTotal:  1024 kB\n", 1024 * 1024],
    ["MemFree:        183944 kB\n", null],
    ["MemTotal: lots\n", null],
  ] as const)("%j", (text, bytes) => {
    expect(parseMeminfoTotal(text)).toBe(bytes);
  });
});
