/**
 * A realistic `/api/hosts` document for the page benchmark, built from the real fleet's names,
 * addresses and tags. The benchmark fleet is all unreachable (cheap for the server), so its
 * documents have no utilization values to colour or sort by; the browser is served this one
 * instead (Playwright `page.route`) to time the page with a fleet that looks like a real one.
 *
 * Every host is polled once per interval on its own phase, so every host's `lastPollAt` moves on
 * every refresh (the worst case for the page: no host object is unchanged), and about 5 % of
 * hosts change their count per refresh; a few are unreachable (in backoff), pending, without
 * conntrack, dropping.
 */

interface BaseHost {
  name: string;
  address: string;
  tags: string[];
}

/** Deterministic per host, so the same host keeps its character across refreshes. */
function rand(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const THRESHOLDS = { warn: 0.75, critical: 0.9 };
const POLL_MS = 5000;

export function syntheticFleetDoc(hosts: readonly BaseHost[], generation: number, now = Date.now()) {
  let connected = 0;
  let failing = 0;
  let pending = 0;
  const out = hosts.map((h, i) => {
    const kind = rand(i * 7 + 1);
    const max = [65536, 131072, 262144, 524288][Math.floor(rand(i * 7 + 2) * 4)]!;
    // Most tables are quiet, a tail runs hot: util ~ r^3 stretched so ~4 % are above warn.
    const base = Math.pow(rand(i * 7 + 3), 3.2) * 1.02;
    const moves = rand(i * 7 + generation * 7919) < 0.05;
    const util = Math.min(1, Math.max(0, base + (moves ? (rand(i + generation) - 0.5) * 0.04 : 0) + 0.01 * Math.sin(generation / 10 + i)));
    const count = Math.round(util * max);
    const phase = Math.floor(rand(i * 7 + 4) * POLL_MS);
    const lastPollAt = now - ((now - phase) % POLL_MS);
    const common = { name: h.name, address: h.address, tags: h.tags, max, buckets: max / 4, kernel: "6.1.0-26-amd64", pollMode: "reader", readerRestarts: 0 };
    if (kind < 0.02) {
      failing++;
      return { ...common, status: "unreachable", count, max, utilization: count / max, drops: 120, dropsLastHour: 0, droppingNow: false,
        lastPollAt: new Date(now - 20_000 - phase).toISOString(), lastOkAt: new Date(now - 3_600_000).toISOString(),
        nextPollAt: new Date(now + 5_000 + phase * 8).toISOString(), connection: "backoff", pollMode: null,
        error: { code: "unreachable", message: "connect ECONNREFUSED" } };
    }
    if (kind < 0.025) {
      pending++;
      return { ...common, status: "pending", count: null, max: null, utilization: null, buckets: null, drops: null, dropsLastHour: null,
        droppingNow: false, lastPollAt: null, lastOkAt: null, nextPollAt: null, connection: "idle", kernel: null, pollMode: null, error: null };
    }
    connected++;
    if (kind < 0.03) {
      return { ...common, status: "no-conntrack", count: null, max: null, utilization: null, buckets: null, drops: null, dropsLastHour: null,
        droppingNow: false, lastPollAt: new Date(lastPollAt).toISOString(), lastOkAt: new Date(lastPollAt).toISOString(),
        nextPollAt: new Date(lastPollAt + POLL_MS).toISOString(), connection: "connected", error: { code: "no-conntrack", message: "conntrack module not loaded" } };
    }
    const dropping = util >= 0.99 && rand(i * 7 + 5) < 0.6;
    const status = util >= THRESHOLDS.critical ? "critical" : util >= THRESHOLDS.warn ? "warn" : "ok";
    return { ...common, status, count, utilization: Math.round((count / max) * 10_000) / 10_000, drops: dropping ? 1000 + generation * 37 : 0,
      dropsLastHour: dropping ? 500 + generation * 37 : 0, droppingNow: dropping, lastPollAt: new Date(lastPollAt).toISOString(),
      lastOkAt: new Date(lastPollAt).toISOString(), nextPollAt: new Date(lastPollAt + POLL_MS).toISOString(), connection: "connected", error: null };
  });
  return {
    generatedAt: new Date(now).toISOString(),
    pollIntervalSeconds: POLL_MS / 1000,
    timeoutSeconds: 10,
    thresholds: THRESHOLDS,
    progress: { total: hosts.length, connected, connecting: 0, failing, pending },
    hosts: out,
  };
}
