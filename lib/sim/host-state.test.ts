import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostPlan } from "./host-gen";
import { appendKernelLog, countCpuList, readHostState, writeFileAtomicSync, writeHostState } from "./host-state";
import { OS_PROFILES } from "./os-profiles";
import { sumColumn } from "./stat-file";
import { buildRootsOnly, cleanupRoots } from "./test-helpers";

afterAll(cleanupRoots);

let plans: HostPlan[] = [];
const byOs = (os: string): HostPlan => {
  const p = plans.find((x) => x.host.os === os && x.host.kind === "normal");
  if (!p) throw new Error(`no ${os} host`);
  return p;
};
const rootOf = (p: HostPlan): string => p.host.root ?? "";

beforeAll(async () => {
  plans = (await buildRootsOnly(24, 3)).plans;
});

describe("readHostState on generated roots", () => {
  it.each(Object.keys(OS_PROFILES))("%s: reads what the generator wrote", async (os) => {
    const p = byOs(os);
    const st = await readHostState(rootOf(p));
    expect(st).not.toBeNull();
    if (!st) return;
    const profile = OS_PROFILES[p.host.os];
    expect(st.module).toBe(profile.module);
    expect(st.max).toBe(p.host.initialMax);
    expect(st.count).toBeLessThanOrEqual(st.max);
    expect(st.buckets).toBe(st.hashsize);
    expect(st.cpusOnline).toBe(p.host.cores);
    expect(st.statHeader).toBe(profile.statHeader);
    expect(st.statSource).toBe(p.host.statSource);
    expect(st.perCpu).toHaveLength(p.host.statSource ? p.host.cores : 0);
    if (profile.statHeader) expect(sumColumn(st.perCpu, "drop")).toBeLessThanOrEqual(p.historicDrops);
    expect(await fs.readFile(path.join(rootOf(p), "proc/sys/kernel/osrelease"), "utf8")).toBe(`${p.host.kernel}\n`);
  });

  it("returns null for the host without a conntrack module", async () => {
    const p = plans.find((x) => x.host.kind === "no-conntrack");
    expect(p).toBeDefined();
    expect(await readHostState(rootOf(p as HostPlan))).toBeNull();
  });
});

describe("writeHostState", () => {
  it("round-trips count and per-CPU counters, keeping the header and leaving max alone", async () => {
    const p = byOs("rhel8");
    const root = rootOf(p);
    const before = await readHostState(root);
    if (!before) throw new Error("no state");
    const maxFile = path.join(root, "proc/sys/net/netfilter/nf_conntrack_max");
    const maxMtime = (await fs.stat(maxFile)).mtimeMs;
    const perCpu = before.perCpu.map((s, i) => ({ ...s, drop: s.drop + i + 1 }));
    await writeHostState(root, { count: 1234, perCpu });
    const after = await readHostState(root);
    expect(after?.count).toBe(1234);
    expect(after?.statHeader).toBe(before.statHeader);
    expect(after?.perCpu.map((s) => s.drop)).toEqual(perCpu.map((s) => s.drop));
    expect(after?.perCpu.every((s) => s.entries === 1234)).toBe(true);
    expect((await fs.stat(maxFile)).mtimeMs).toBe(maxMtime);
    const leftovers = (await fs.readdir(path.dirname(maxFile))).filter((f) => f.includes(".sim-"));
    expect(leftovers).toEqual([]);
  });

  it("writes decimal sysctls and a count-only patch updates the stat entries", async () => {
    const root = rootOf(byOs("debian12"));
    await writeHostState(root, { max: 300000, count: 299999 });
    expect(await fs.readFile(path.join(root, "proc/sys/net/netfilter/nf_conntrack_max"), "utf8")).toBe("300000\n");
    const stat = await fs.readFile(path.join(root, "proc/net/stat/nf_conntrack"), "utf8");
    expect(stat.split("\n")[1]?.startsWith((299999).toString(16).padStart(8, "0"))).toBe(true);
  });

  it("CentOS 6 aliases: the file written last wins and both are rewritten together", async () => {
    const root = rootOf(byOs("centos6"));
    const alias = path.join(root, "proc/sys/net/ipv4/netfilter/ip_conntrack_max");
    await new Promise((r) => setTimeout(r, 15));
    await fs.writeFile(alias, "131072\n"); // as `echo 131072 > ip_conntrack_max` on the host would
    expect((await readHostState(root))?.max).toBe(131072);
    await writeHostState(root, { max: 262144, count: 5 });
    expect(await fs.readFile(path.join(root, "proc/sys/net/netfilter/nf_conntrack_max"), "utf8")).toBe("262144\n");
    expect(await fs.readFile(alias, "utf8")).toBe("262144\n");
    expect(await fs.readFile(path.join(root, "proc/net/stat/ip_conntrack"), "utf8")).toBe(
      await fs.readFile(path.join(root, "proc/net/stat/nf_conntrack"), "utf8"),
    );
  });

  it("CentOS 5 uses only the ip_conntrack paths", async () => {
    const root = rootOf(byOs("centos5"));
    await writeHostState(root, { count: 77 });
    expect(await fs.readFile(path.join(root, "proc/sys/net/ipv4/netfilter/ip_conntrack_count"), "utf8")).toBe("77\n");
    await expect(fs.access(path.join(root, "proc/sys/net/netfilter"))).rejects.toThrow();
    expect((await fs.readFile(path.join(root, "proc/net/stat/ip_conntrack"), "utf8")).split("\n")[1]).toMatch(/ $/);
  });

  it("a half-written max file is reported, not misread", async () => {
    const root = rootOf(byOs("rhel9"));
    await fs.writeFile(path.join(root, "proc/sys/net/netfilter/nf_conntrack_max"), "");
    await expect(readHostState(root)).rejects.toThrow(/decimal/);
    await writeHostState(root, { max: 65536 });
  });
});

describe("Ubuntu hosts keep per-CPU counters as `conntrack -S` text", () => {
  it("reads and writes them there when the host has conntrack-tools, ignores them otherwise", async () => {
    const withTools = plans.find((x) => x.host.statSource === "conntrack-S");
    const without = plans.find((x) => x.host.os.startsWith("ubuntu") && x.host.statSource === null && x.host.kind === "normal");
    if (!withTools) throw new Error("no host with conntrack-tools");
    const root = rootOf(withTools);
    const st = await readHostState(root);
    expect(st?.statColumns).toContain("search_restart");
    const perCpu = (st?.perCpu ?? []).map((s) => ({ ...s, drop: 7 }));
    await writeHostState(root, { perCpu });
    const text = await fs.readFile(path.join(root, "var/lib/conntrack-sim/conntrack-S"), "utf8");
    expect(text.split("\n")[0]).toMatch(/^cpu=0 {3}\tfound=\d+ invalid=\d+ insert=\d+ insert_failed=\d+ drop=7 /);
    expect(sumColumn((await readHostState(root))?.perCpu ?? [], "drop")).toBe(7 * perCpu.length);
    if (without) {
      await writeHostState(rootOf(without), { perCpu: [] });
      expect((await readHostState(rootOf(without)))?.statSource).toBeNull();
    }
  });
});

describe("appendKernelLog and helpers", () => {
  it("appends to kern.log on Debian-likes and messages on RHEL-likes", async () => {
    expect(path.basename(await appendKernelLog(rootOf(byOs("debian12")), ["x"]))).toBe("kern.log");
    expect(path.basename(await appendKernelLog(rootOf(byOs("rhel9")), ["y"]))).toBe("messages");
    const text = await fs.readFile(path.join(rootOf(byOs("rhel9")), "var/log/messages"), "utf8");
    expect(text.endsWith("y\n")).toBe(true);
  });

  it("counts kernel cpulists", () => {
    expect(countCpuList("0-7\n")).toBe(8);
    expect(countCpuList("0")).toBe(1);
    expect(countCpuList("0,2-5,7")).toBe(6);
  });
});

describe("writeFileAtomicSync with inode recycling (the scenario's hot path)", () => {
  it("always leaves complete content and exactly one spare", async () => {
    const root = rootOf(byOs("ubuntu2404"));
    const file = path.join(root, "proc/sys/net/netfilter/nf_conntrack_count");
    for (let i = 0; i < 50; i++) {
      writeFileAtomicSync(file, `${"9".repeat(i % 7)}${i}\n`, { recycle: true });
      expect(await fs.readFile(file, "utf8")).toBe(`${"9".repeat(i % 7)}${i}\n`);
    }
    const extra = (await fs.readdir(path.dirname(file))).filter((f) => f.startsWith(".nf_conntrack_count"));
    expect(extra).toEqual([`.nf_conntrack_count.sim-spare-${process.pid}`]);
    // The file that was replaced is reused, not a new inode each time.
    const spareIno = (await fs.stat(path.join(path.dirname(file), extra[0] ?? ""))).ino;
    writeFileAtomicSync(file, "1\n", { recycle: true });
    expect((await fs.stat(file)).ino).toBe(spareIno);
  });
});
