/**
 * `npm run bench:timeline [-- --hosts 200 --days 7 --interval 30]`
 *
 * Fills a fresh SQLite store with N hosts × D days of samples through the collector's insert path
 * (rollups included, one transaction), with episodic drops, kernel-log events and audit rows, then
 * times the view behind `GET /api/timeline` for the 7-day window.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildTimelineFromStore } from "@/lib/api/timeline-view";
import type { SampleRow } from "@/lib/store/fleet-store";
import { openSqliteStore } from "@/lib/store/open-store";

const { values } = parseArgs({
  options: {
    hosts: { type: "string", default: "200" },
    days: { type: "string", default: "7" },
    interval: { type: "string", default: "30" },
    /** Keep the store in this directory, with a fleet file for `next start` (page timing: e2e/timeline-page-bench.cjs). */
    keep: { type: "string" },
  },
});
const hostCount = Number(values.hosts);
const days = Number(values.days);
const intervalS = Number(values.interval);

const dir = values.keep ? path.resolve(values.keep) : fs.mkdtempSync(path.join(os.tmpdir(), "timeline-bench-"));
if (values.keep) fs.mkdirSync(dir, { recursive: true });

async function main(): Promise<void> {
  const opened = openSqliteStore(dir);
  try {
    const store = opened.fleet;
    const fleet = Array.from({ length: hostCount }, (_, i) => ({
      name: `web-${String(i + 1).padStart(3, "0")}`,
      address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      tags: [i % 2 === 0 ? "web" : "api", i % 3 === 0 ? "eu-west" : "us-east"],
      status: "ok",
    }));
    await store.syncHosts(fleet);
    const now = Date.now();
    const n = Math.floor((days * 86_400) / intervalS);
    const t0 = performance.now();
    let events = 0;
    // Every host's samples in one transaction (the collector's batched write); events and audit rows after them.
    const samples: SampleRow[] = [];
    const perHost: { name: string; logEvents: { ts: number; kind: string; count: number; source: string; line: string; key: string }[]; incidentStart: number }[] = [];
    fleet.forEach((h, hi) => {
      let drop = 0;
      // One in four hosts has an incident: 2 h of drops starting somewhere in the window.
      const incidentStart = hi % 4 === 0 ? Math.floor(((hi * 7919) % 1000) / 1000 * (n - 240)) : -1;
      const logEvents: { ts: number; kind: string; count: number; source: string; line: string; key: string }[] = [];
      for (let i = 0; i < n; i++) {
        const ts = now - (n - i) * intervalS * 1000;
        const dropping = incidentStart >= 0 && i >= incidentStart && i < incidentStart + 240;
        const d = dropping ? 25 + (i % 13) : 0;
        drop += d;
        const count = dropping ? 262_144 : Math.round(120_000 + 60_000 * Math.sin((i + hi * 37) / 400));
        samples.push({
          host: h.name, ts, status: "ok", errorCode: null, errorMessage: null, count, max: 262_144, buckets: 65_536,
          dropTotal: drop, earlyDropTotal: 0, insertFailedTotal: 0, dropDelta: d, earlyDropDelta: 0, insertFailedDelta: 0, bootTime: null,
        });
        if (dropping) {
          logEvents.push({ ts: ts - 1000, kind: "table_full", count: 1, source: "kern.log", line: "nf_conntrack: table full, dropping packet", key: `${ts}-f` });
          logEvents.push({ ts: ts - 500, kind: "suppressed", count: 20, source: "kern.log", line: "net_ratelimit: 20 callbacks suppressed", key: `${ts}-s` });
        }
      }
      perHost.push({ name: h.name, logEvents, incidentStart });
    });
    await store.writeBatch(samples, []);
    for (const { name, logEvents, incidentStart } of perHost) {
      events += await store.history.insertEvents(store.idOf(name), logEvents);
      if (incidentStart >= 0) {
        await store.audit.append({
          ts: now - (n - incidentStart - 200) * intervalS * 1000, user: "alice", role: "operator", host: name, action: "raise-limit",
          mode: "temporary", oldMax: 262_144, newMax: 524_288, oldHashsize: 65_536, newHashsize: 131_072, commands: [], files: [],
          outcome: "success", error: null, detail: null,
        });
      }
    }
    console.log(
      `stored ${(n * hostCount).toLocaleString()} samples (${hostCount} hosts × ${days} d at ${intervalS} s), ${events.toLocaleString()} events, rollups in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    for (const [label, spanMs] of [["1 h", 3_600_000], ["24 h", 86_400_000], ["7 d", 7 * 86_400_000]] as const) {
      const q = { from: now - spanMs, to: now, hosts: [], tags: [] };
      const times: number[] = [];
      let lanes = 0;
      let bytes = 0;
      for (let k = 0; k < 20; k++) {
        const t = performance.now();
        const doc = await buildTimelineFromStore(store, fleet, q);
        // The route also serialises: count it, it is part of the answer time.
        bytes = JSON.stringify(doc).length;
        times.push(performance.now() - t);
        lanes = doc.lanes.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(5)} ${String(lanes).padStart(4)} lanes, ${(bytes / 1024).toFixed(0).padStart(6)} KiB: median ${times[10]!.toFixed(1)} ms, worst ${times[19]!.toFixed(1)} ms`,
      );
    }
    if (values.keep) writeFleetFile(dir, hostCount);
  } finally {
    await opened.close();
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * A fleet file naming the benchmark's hosts so `next start` serves their history. Every address is
 * 127.0.0.1 port 9 (nothing listens): the hosts show as unreachable and no traffic leaves loopback.
 */
function writeFleetFile(dataDir: string, count: number): void {
  const key = path.join(dataDir, "bench_key");
  if (!fs.existsSync(key)) execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
  fs.writeFileSync(path.join(dataDir, "known_hosts"), "");
  const hosts = Array.from({ length: count }, (_, i) => `  - { name: web-${String(i + 1).padStart(3, "0")}, address: 127.0.0.1, port: 9 }`);
  fs.writeFileSync(
    path.join(dataDir, "fleet.yaml"),
    `defaults:\n  identityFile: ./bench_key\n  knownHosts: ./known_hosts\n  pollIntervalSeconds: 30\nauth:\n  demo: true\nhosts:\n${hosts.join("\n")}\n`,
  );
  console.log(`kept: FLEET_CONFIG=${path.join(dataDir, "fleet.yaml")} DATA_DIR=${dataDir} npx next start -p 3555`);
}
