import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { computeBootLimits, parseModprobeHashsize, parseRcLocal, parseSysctlConf } from "./boot-config";
import type { HostPlan } from "./host-gen";
import { buildRootsOnly, cleanupRoots } from "./test-helpers";
import type { SimHost } from "./types";

afterAll(cleanupRoots);

let plans: HostPlan[] = [];
const host = (os: string): SimHost => {
  const p = plans.find((x) => x.host.os === os && x.host.kind === "normal" && x.host.boot?.kubeProxyMax === null);
  if (!p) throw new Error(`no ${os} host`);
  return p.host;
};
const put = async (h: SimHost, rel: string, text: string, mode = 0o644) => {
  const f = path.join(h.root ?? "", rel);
  await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.writeFile(f, text, { mode });
  await fs.chmod(f, mode);
};
const clearConfig = async (h: SimHost) => {
  for (const d of ["etc/sysctl.d", "etc/modules-load.d", "etc/modprobe.d"]) {
    await fs.rm(path.join(h.root ?? "", d), { recursive: true, force: true });
    await fs.mkdir(path.join(h.root ?? "", d), { recursive: true });
  }
  await put(h, "etc/sysctl.conf", "");
};

beforeEach(async () => {
  plans = (await buildRootsOnly(24, 11)).plans;
});

describe("config parsers", () => {
  it("sysctl.conf syntax", () => {
    expect(parseSysctlConf("# c\n; c\nnet/netfilter/nf_conntrack_max=5\n -net.nf_conntrack_max = 7 \nbad\n")).toEqual([
      { key: "net.netfilter.nf_conntrack_max", value: "5" },
      { key: "net.nf_conntrack_max", value: "7" },
    ]);
  });
  it("modprobe options", () => {
    expect(parseModprobeHashsize("options nf_conntrack expect_hashsize=9 hashsize=131072 # x\n", "nf_conntrack")).toBe(131072);
    expect(parseModprobeHashsize("options ip_conntrack hashsize=1\n", "nf_conntrack")).toBeNull();
  });
  it("rc.local lines", () => {
    expect(parseRcLocal("sysctl -w net.netfilter.nf_conntrack_max=262144\necho 65536 > /sys/module/nf_conntrack/parameters/hashsize\n"))
      .toEqual({ max: 262144, buckets: 65536 });
    expect(parseRcLocal("echo 131072 > /proc/sys/net/ipv4/netfilter/ip_conntrack_max")).toEqual({ max: 131072, buckets: null });
  });
});

describe("limits after a reboot", () => {
  it("no configuration: the kernel default", async () => {
    const h = host("debian12");
    await clearConfig(h);
    const r = await computeBootLimits(h.root ?? "", h);
    expect(r.max).toBe(h.boot?.max);
    expect(r.buckets).toBe(h.boot?.buckets);
  });

  it("systemd pitfall: a sysctl.d drop-in alone is ignored; with modules-load.d it applies", async () => {
    const h = host("debian12");
    await clearConfig(h);
    await put(h, "etc/sysctl.d/90-conntrack.conf", "net.netfilter.nf_conntrack_max = 524288\n");
    const ignored = await computeBootLimits(h.root ?? "", h);
    expect(ignored.max).toBe(h.boot?.max);
    expect(ignored.applied.join()).toMatch(/ignored/);
    await put(h, "etc/modules-load.d/nf_conntrack.conf", "# load early\nnf_conntrack\n");
    expect((await computeBootLimits(h.root ?? "", h)).max).toBe(524288);
  });

  it("a udev rule also loads the module in time", async () => {
    const h = host("rhel9");
    await clearConfig(h);
    await put(h, "etc/sysctl.d/90-conntrack.conf", "net.netfilter.nf_conntrack_max = 400000\n");
    await put(h, "etc/udev/rules.d/91-nf_conntrack.rules", 'ACTION=="add", SUBSYSTEM=="module", KERNEL=="nf_conntrack", RUN+="/usr/lib/systemd/systemd-sysctl --prefix=/net/netfilter"\n');
    expect((await computeBootLimits(h.root ?? "", h)).max).toBe(400000);
  });

  it("legacy: sysctl.conf applies, rc.local only with its run bit, modprobe sets the hash size", async () => {
    const h = host("centos6");
    await clearConfig(h);
    await put(h, "etc/sysctl.conf", "net.netfilter.nf_conntrack_max = 131072\n");
    expect((await computeBootLimits(h.root ?? "", h)).max).toBe(131072);
    await put(h, "etc/rc.d/rc.local", "#!/bin/sh\nsysctl -w net.netfilter.nf_conntrack_max=262144\n", 0o644);
    expect((await computeBootLimits(h.root ?? "", h)).max).toBe(131072);
    await fs.chmod(path.join(h.root ?? "", "etc/rc.d/rc.local"), 0o755);
    expect((await computeBootLimits(h.root ?? "", h)).max).toBe(262144);
    await put(h, "etc/modprobe.d/nf_conntrack.conf", "options nf_conntrack hashsize=65536\n");
    expect((await computeBootLimits(h.root ?? "", h)).buckets).toBe(65536);
  });

  it("kube-proxy raises max after every boot", async () => {
    const p = plans.find((x) => x.host.boot?.kubeProxyMax != null);
    if (!p) throw new Error("no k8s node");
    const r = await computeBootLimits(p.host.root ?? "", p.host);
    expect(r.max).toBeGreaterThanOrEqual(p.host.boot?.kubeProxyMax ?? Infinity);
    expect(r.buckets).toBeGreaterThanOrEqual(r.max / 4);
  });
});
