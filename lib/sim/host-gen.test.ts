import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderFleetYaml } from "./fleet-file";
import { generateHostPlans } from "./host-gen";
import { OS_PROFILES } from "./os-profiles";

const gen = (count: number, seed = 1) =>
  generateHostPlans({ count, specials: true, seed, port: 2222, hostsDir: "/x/hosts" }).map((p) => p.host);

describe("fleet inventory", () => {
  it("24 hosts: every kernel generation and every special kind", () => {
    const hosts = gen(24);
    expect(hosts).toHaveLength(24);
    expect(new Set(hosts.filter((h) => h.kind === "normal").map((h) => h.os))).toEqual(new Set(Object.keys(OS_PROFILES)));
    for (const kind of ["no-conntrack", "unreachable", "blackhole", "hostkey", "auth"]) {
      expect(hosts.filter((h) => h.kind === kind)).toHaveLength(1);
    }
    expect(hosts.filter((h) => h.root === null).map((h) => h.kind).sort()).toEqual(["blackhole", "unreachable"]);
  });

  it.each([6, 24, 200, 600])("%i hosts: unique valid names and loopback addresses", (n) => {
    const hosts = gen(n, 9);
    expect(new Set(hosts.map((h) => h.name)).size).toBe(n);
    expect(new Set(hosts.map((h) => h.address)).size).toBe(n);
    for (const h of hosts) {
      expect(h.name).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(h.address).toMatch(/^127\.0\.\d{1,3}\.\d{1,3}$/);
      expect(h.address.split(".").every((o) => Number(o) <= 254)).toBe(true);
      expect(h.cores).toBeGreaterThanOrEqual(2);
      expect(h.cores).toBeLessThanOrEqual(64);
    }
  });

  it("limits follow the kernel defaults and kube-proxy", () => {
    for (const h of gen(200, 4)) {
      if (!h.boot || h.initialMax === null) continue;
      expect(h.initialMax).toBeGreaterThanOrEqual(h.boot.max);
      if (h.boot.kubeProxyMax !== null) expect(h.boot.kubeProxyMax).toBe(Math.max(32768 * h.cores, 131072));
      else expect(h.boot.max).toBe(OS_PROFILES[h.os].maxFactor * h.boot.buckets);
    }
  });

  it("is deterministic for a seed", () => {
    expect(gen(50, 5)).toEqual(gen(50, 5));
    expect(gen(50, 5)).not.toEqual(gen(50, 6));
  });

  it("renders the dashboard's fleet file format", () => {
    const hosts = gen(8);
    const doc = parse(renderFleetYaml(hosts, 2222)) as {
      defaults: Record<string, unknown>;
      hosts: Array<{ name: string; address: string; tags: string[] }>;
    };
    expect(doc.defaults).toEqual({
      user: "root", port: 2222, identityFile: "./client_key", knownHosts: "./known_hosts", hostKeyPolicy: "strict",
      pollIntervalSeconds: 5, timeoutSeconds: 5, thresholds: { warn: 0.75, critical: 0.9 },
    });
    expect(doc.hosts).toEqual(hosts.map((h) => ({ name: h.name, address: h.address, tags: h.tags })));
  });
});
