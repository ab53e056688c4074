import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readHostState, writeHostState } from "./host-state";
import { rebootHost } from "./reboot";
import { startScenario } from "./scenario";
import { sumColumn } from "./stat-file";
import { buildRootsOnly, cleanupRoots } from "./test-helpers";
import type { SimHost } from "./types";

afterAll(cleanupRoots);

async function run(seed: number, ticks: number, onTick?: (i: number, hosts: SimHost[]) => Promise<void>) {
  const { plans } = await buildRootsOnly(24, seed);
  const hosts = plans.map((p) => p.host);
  const sc = startScenario({ hosts }, { tickMs: 2000, seed, autoStart: false, rebootEveryMs: 0 });
  const trace: number[][] = [];
  for (let i = 0; i < ticks; i++) {
    await sc.step();
    await onTick?.(i, hosts);
    const row: number[] = [];
    for (const h of hosts) {
      const st = h.root ? await readHostState(h.root) : null;
      if (!st) continue;
      expect(st.count, `${h.name} count <= max at tick ${i}`).toBeLessThanOrEqual(st.max);
      row.push(st.count, sumColumn(st.perCpu, "drop"));
    }
    trace.push(row);
  }
  await sc.stop();
  return { hosts, trace };
}

describe("scenario driver", () => {
  it("is deterministic for a seed and pushes hosts to 100 % with drops and log lines", async () => {
    const a = await run(21, 40);
    const b = await run(21, 40);
    expect(a.trace).toEqual(b.trace);
    let full = 0;
    let logged = 0;
    for (const h of a.hosts) {
      const st = h.root ? await readHostState(h.root) : null;
      if (!st || h.kind !== "normal" || !h.root) continue;
      const log = await fs.readFile(path.join(h.root, h.os.startsWith("debian") || h.os.startsWith("ubuntu") ? "var/log/kern.log" : "var/log/messages"), "utf8");
      if (/table full, dropping packet/.test(log.split("\n").slice(-5).join("\n"))) logged++;
      if (st.count === st.max) full++;
    }
    expect(full + logged).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it("re-reads max every tick: a raised limit ends the overflow", async () => {
    await run(22, 30, async (i, hosts) => {
      if (i !== 15) return;
      for (const h of hosts) if (h.root && h.kind === "normal") await writeHostState(h.root, { max: 50_000_000 });
    }).then(async ({ hosts }) => {
      for (const h of hosts) {
        const st = h.root && h.kind === "normal" ? await readHostState(h.root) : null;
        if (st) expect(st.count).toBeLessThan(st.max);
      }
    });
  }, 30_000);

  it("reboot resets counters and uptime, and applies the host's boot config", async () => {
    const { plans } = await buildRootsOnly(12, 23);
    const h = plans.find((p) => p.host.os === "debian12" && p.host.kind === "normal")?.host;
    if (!h?.root) throw new Error("no debian host");
    await fs.writeFile(path.join(h.root, "etc/sysctl.d/90-conntrack.conf"), "net.netfilter.nf_conntrack_max = 777216\n");
    await fs.writeFile(path.join(h.root, "etc/modules-load.d/nf_conntrack.conf"), "nf_conntrack\n");
    const r = await rebootHost(h);
    const st = await readHostState(h.root);
    expect(r.max).toBe(777216);
    expect(st?.max).toBe(777216);
    expect(st?.count).toBe(0);
    expect(st?.uptimeSeconds).toBeLessThan(60);
    expect(sumColumn(st?.perCpu ?? [], "drop")).toBe(0);
    expect(await fs.readFile(path.join(h.root, "var/log/kern.log"), "utf8")).toMatch(/kernel: \[ {4}0\.000000\] Linux version 6\.1/);
  });
});
