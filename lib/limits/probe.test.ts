import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { describe, expect, it } from "vitest";
import type { HostReading } from "@/lib/conntrack/parse-collect";
import { limitFactsFrom } from "./facts";
import { buildProbeCommand, parseProbe, ProbeParseError } from "./probe";

const hex = (b: Buffer | string): string => {
  const bytes = [...Buffer.from(b)].map((x) => x.toString(16).padStart(2, "0"));
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) rows.push(` ${bytes.slice(i, i + 16).join(" ")}`);
  return rows.join("\n");
};

const SAMPLE = [
  "@probe 1",
  "@dir /etc/sysctl.d 1", "@dir /etc/modules-load.d 0", "@dir /etc/modprobe.d 1", "@dir /run/systemd/system 1",
  "@file /etc/sysctl.conf regular", hex("net.ipv4.ip_forward = 0\nnet.netfilter.nf_conntrack_max = 65536\n"),
  "@file /etc/rc.d/rc.local executable", hex(""),
  "@file /etc/sysctl.d/99-zz-conntrack-fleet.conf symlink",
  "@file /etc/modules-load.d/nf_conntrack.conf absent",
  "@file /etc/modprobe.d/99-zz-conntrack-fleet.conf regular", hex(Buffer.from([0xff, 0xfe, 0x41])),
  "@sysctl",
  "/etc/sysctl.d/90-conntrack.conf\0net.netfilter.nf_conntrack_max = 131072",
  "/etc/sysctl.conf\0 -net/netfilter/nf_conntrack_max=\"65536\"\r",
  "/etc/sysctl.d/x.conf\0net.nf_conntrack_max = lots",
  "@modprobe",
  "/etc/modprobe.d/ct.conf\0options nf_conntrack expect_hashsize=9 hashsize=16384 hashsize=32768",
  "@cpus", "4",
  "@slab",
  "nf_conntrack        1024   1248    320   25    2 : tunables    0    0    0 : slabdata     50     50      0",
  "@live",
  "/proc/sys/net/netfilter/nf_conntrack_max 65536",
  "/proc/sys/net/netfilter/nf_conntrack_buckets 16384",
  "/proc/sys/net/ipv4/netfilter/ip_conntrack_max 65536",
  "@end", "",
].join("\n");

describe("parseProbe", () => {
  it("reads every section", () => {
    const p = parseProbe(SAMPLE);
    expect(p.dirs).toEqual({ sysctlD: true, modulesLoadD: false, modprobeD: true, systemd: true });
    expect(p.files["/etc/sysctl.conf"]).toEqual({
      path: "/etc/sysctl.conf", state: "regular", content: "net.ipv4.ip_forward = 0\nnet.netfilter.nf_conntrack_max = 65536\n", unreadable: null,
    });
    expect(p.files["/etc/rc.d/rc.local"]).toMatchObject({ state: "executable", content: "" });
    expect(p.files["/etc/sysctl.d/99-zz-conntrack-fleet.conf"]).toMatchObject({ state: "symlink", content: null });
    expect(p.files["/etc/modules-load.d/nf_conntrack.conf"]).toMatchObject({ state: "absent", content: "" });
    expect(p.files["/etc/modprobe.d/99-zz-conntrack-fleet.conf"]).toMatchObject({ content: null, unreadable: "not-utf8" });
    expect(p.sysctlSettings).toEqual([
      { path: "/etc/sysctl.d/90-conntrack.conf", value: 131072 },
      { path: "/etc/sysctl.conf", value: 65536 },
      { path: "/etc/sysctl.d/x.conf", value: null },
    ]);
    expect(p.modprobeSettings).toEqual([{ path: "/etc/modprobe.d/ct.conf", value: 32768 }]);
    expect(p.entryBytes).toBe(320);
    expect(p.cpus).toBe(4);
    expect(p.live).toEqual({ module: "nf_conntrack", max: 65536, hashsize: null, buckets: 16384 });
  });

  it("flags files too large to edit", () => {
    const big = SAMPLE.replace("@file /etc/rc.d/rc.local executable\n", `@file /etc/rc.d/rc.local executable\n${hex("x".repeat(65537))}`);
    expect(parseProbe(big).files["/etc/rc.d/rc.local"]).toMatchObject({ content: null, unreadable: "too-large" });
  });

  it("legacy ip_conntrack host", () => {
    const p = parseProbe("@probe 1\n@live\n/proc/sys/net/ipv4/netfilter/ip_conntrack_max 32768\n/sys/module/ip_conntrack/parameters/hashsize 4096\n@end\n");
    expect(p.live).toEqual({ module: "ip_conntrack", max: 32768, hashsize: 4096, buckets: null });
  });

  it.each([
    ["no header", "@end\n"],
    ["truncated", "@probe 1\n@dir /etc/sysctl.d 1\n"],
    ["bad file line", "@probe 1\n@file relative/path regular\n@end\n"],
    ["bad hex", "@probe 1\n@file /etc/sysctl.conf regular\nnot hex\n@end\n"],
  ])("refuses %s", (_n, text) => {
    expect(() => parseProbe(text)).toThrow(ProbeParseError);
  });

  it("parses what the real command prints on this machine (read-only)", () => {
    const out = execFileSync("sh", ["-c", buildProbeCommand("99-zz-conntrack-fleet.conf", false)], { encoding: "utf8" });
    const p = parseProbe(out);
    expect(Object.keys(p.files)).toHaveLength(5);
    expect(p.cpus).toBe(cpus().length);
    expect(typeof p.dirs.sysctlD).toBe("boolean");
  });
});

describe("limitFactsFrom", () => {
  const reading: HostReading = {
    kind: "conntrack", module: "nf_conntrack", count: 70_000, max: 65_536, buckets: 16_384, stat: null, statSource: null,
    facts: { kernel: "6.1.0", cores: 8, memTotalBytes: 16 * 1024 ** 3, uptimeSeconds: 100 },
  };
  it("prefers the probe's fresher values and never lets the peak fall below the count", () => {
    const r = limitFactsFrom(reading, parseProbe(SAMPLE), 50_000);
    expect(r).toEqual({ ok: true, facts: {
      cores: 8, memTotalBytes: 16 * 1024 ** 3, kernel: "6.1.0", count: 70_000, max: 65_536, buckets: 16_384, hashsize: null,
      module: "nf_conntrack", entryBytes: 320, peakCount: 70_000, peakDropRate: null,
    } });
    // The worst drop rate the store saw is passed through for the censored-peak estimate.
    expect(limitFactsFrom(reading, null, 50_000, 71.8)).toMatchObject({ ok: true, facts: { peakDropRate: 71.8 } });
  });
  it("refuses only a host without conntrack", () => {
    expect(limitFactsFrom({ kind: "no-conntrack", facts: reading.facts }, null, null)).toMatchObject({ ok: false });
  });
  it.each([
    ["the online list wins over /proc/cpuinfo", { cores: 8, coresSource: "cpu-online" }, 4, { cores: 8 }],
    ["no online list (CentOS 5): /proc/cpuinfo", { cores: null }, 4, { cores: 4, coresSource: "from /proc/cpuinfo" }],
    ["/proc/cpuinfo wins over stat rows (possible CPUs)", { cores: 16, coresSource: "stat-rows" }, 4, { cores: 4, coresSource: "from /proc/cpuinfo" }],
    ["only stat rows", { cores: 16, coresSource: "stat-rows" }, null, { cores: 16, coresSource: "counted from the conntrack stat file's per-CPU rows" }],
    ["nothing: unknown, still sized", { cores: null }, null, { cores: null }],
    ["RAM unknown: still facts, the planner says what it cannot do", { memTotalBytes: null }, null, { cores: 8, memTotalBytes: null }],
  ] as const)("CPU count: %s", (_name, patch, probeCpus, want) => {
    const probe = probeCpus === null ? null : { ...parseProbe(SAMPLE), cpus: probeCpus };
    const r = limitFactsFrom({ ...reading, facts: { ...reading.facts, ...patch } }, probe, null);
    if (!r.ok) throw new Error(r.reason);
    expect(r.facts).toMatchObject(want);
    if (!("coresSource" in want)) expect(r.facts.coresSource).toBeUndefined();
  });
});
