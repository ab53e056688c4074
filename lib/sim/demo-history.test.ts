import { describe, expect, it } from "vitest";
import { DEMO_SOURCE, demoHistory, type DemoHost } from "./demo-history";

const NOW = Date.parse("2026-12-02T12:00:00Z");
const hosts: DemoHost[] = [
  { name: "web-01", address: "127.0.10.1", tags: ["web", "us-west"], max: 262144, count: 97_000 },
  { name: "lb-01", address: "127.0.10.3", tags: ["lb"], max: 65536, count: 7_800 },
  { name: "db-01", address: "127.0.10.2", tags: ["db"], max: 262144, count: 14_000 },
];

describe("demoHistory", () => {
  const h = demoHistory(hosts, NOW);
  const of = (name: string) => h.samples.filter((s) => s.host === name);

  it("covers 7 days a sample a minute per host, ending before now where the live host is", () => {
    for (const host of hosts) {
      const s = of(host.name);
      expect(s).toHaveLength(7 * 1440 + 1);
      expect(s.at(-1)!.ts).toBeLessThan(NOW);
      expect(s.at(-1)!.ts - s[0]!.ts).toBe(7 * 86_400_000);
      expect(s.at(-1)).toMatchObject({ max: host.max, count: host.count });
      // No cumulative totals: the first live poll is a baseline, never a jump.
      expect(s.every((x) => x.dropTotal === null)).toBe(true);
    }
  });

  it("tells two incidents: the web host full and dropping until a permanent raise from half its limit; the lb host's flood ends on its own", () => {
    const web = of("web-01");
    expect(web[0]!.max).toBe(131072);
    const dropping = web.filter((s) => (s.dropDelta ?? 0) > 0);
    expect(dropping.length).toBeGreaterThan(3);
    expect(dropping.every((s) => s.count === 131072 && s.status === "critical")).toBe(true);
    expect(h.audit).toHaveLength(1);
    expect(h.audit[0]).toMatchObject({ host: "web-01", mode: "permanent", oldMax: 131072, newMax: 262144, outcome: "success", detail: "simulated demo history" });
    expect(web.filter((s) => s.ts >= h.audit[0]!.ts).every((s) => s.max === 262144 && (s.dropDelta ?? 0) === 0)).toBe(true);
    const lb = of("lb-01");
    expect(lb.filter((s) => (s.dropDelta ?? 0) > 0).length).toBeGreaterThan(3);
    expect(new Set(lb.map((s) => s.max))).toEqual(new Set([65536]));
    expect(of("db-01").every((s) => (s.dropDelta ?? 0) === 0)).toBe(true);
  });

  it("writes a kernel line a minute while dropping, marked simulated, in the kern.log shape", () => {
    expect(h.events.length).toBeGreaterThan(20);
    for (const e of h.events) {
      expect(e.source).toBe(DEMO_SOURCE);
      expect(e.line).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (web|lb)-01 kernel: nf_conntrack: nf_conntrack: table full, dropping packet$/);
    }
  });
});
