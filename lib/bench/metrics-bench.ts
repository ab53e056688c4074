/**
 * `npm run bench:metrics -- --hosts 5000`: the cost of one /metrics scrape at fleet scale — building
 * the document from in-memory host state (as FleetPoller.metricsView hands it over), its size, and
 * its gzip size (what Prometheus receives: it asks for gzip). Synthetic hosts: a realistic mix of
 * statuses and tags, no SSH, no store.
 */
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import type { HostStatus } from "../collector/host-status";
import type { ExpositionFormat } from "../metrics/exposition";
import { FleetMetricsRenderer, type HostMetrics } from "../metrics/fleet-metrics";

const { values } = parseArgs({ options: { hosts: { type: "string", default: "5000" }, rounds: { type: "string", default: "30" } } });
const N = Number(values.hosts);
const ROUNDS = Number(values.rounds);

function syntheticHosts(n: number, now: number): HostMetrics[] {
  const roles = ["web", "api", "db", "cache", "lb", "k8s-node", "mq"];
  const regions = ["eu-west", "eu-central", "us-east", "us-west", "ap-south"];
  return Array.from({ length: n }, (_, i) => {
    const r = (i * 2654435761) % 1000;
    const status: HostStatus = r < 15 ? "unreachable" : r < 18 ? "hostkey" : r < 22 ? "no-conntrack" : r < 60 ? "warn" : r < 75 ? "critical" : "ok";
    const max = [65536, 131072, 262144, 524288, 1048576][i % 5] as number;
    const drop = r < 75 ? r * 1013 + i : 0;
    return {
      name: `${roles[i % roles.length]}-${String(i).padStart(5, "0")}`,
      tags: [roles[i % roles.length] as string, regions[i % regions.length] as string],
      status,
      count: Math.floor((max * ((r % 97) + 1)) / 100),
      max,
      buckets: max / 4,
      counters: { drop, earlyDrop: Math.floor(drop / 7), insertFailed: Math.floor(drop / 31) },
      lastOkAt: now - (r < 15 ? 600_000 : (r % 5) * 1000),
      events: { table_full: Math.floor(drop / 50), expect_full: 0, suppressed: Math.floor(drop / 3) },
    };
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

const now = Date.now();
const live = syntheticHosts(N, now);
console.log(`/metrics at ${N} hosts, ${ROUNDS} scrapes per case (node ${process.version})`);
for (const format of ["openmetrics", "text"] as ExpositionFormat[]) {
  for (const tagsLabel of [false, true]) {
    const times: number[] = [];
    let body = "";
    // As the route does: one renderer for the process, so the first scrape pays for the names.
    const renderer = new FleetMetricsRenderer();
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      // The poller's copy per scrape (metricsView maps its slots) plus the rendering.
      const view = live.map((h) => ({ ...h }));
      body = renderer.render(view, { format, tagsLabel, now: Date.now() });
      times.push(performance.now() - t0);
    }
    const t0 = performance.now();
    const gz = gzipSync(body);
    const gzipMs = performance.now() - t0;
    const first = times[0] as number;
    const lines = body.split("\n").filter((l) => l && !l.startsWith("#")).length;
    console.log(
      `${format.padEnd(11)} tags label ${tagsLabel ? "on " : "off"}: first ${first.toFixed(1)} ms, then median ${percentile(times, 0.5).toFixed(1)} ms, p90 ${percentile(times, 0.9).toFixed(1)} ms; ` +
        `${lines} series, ${(body.length / 1e6).toFixed(2)} MB, gzip ${(gz.length / 1e6).toFixed(2)} MB (${gzipMs.toFixed(0)} ms)`,
    );
  }
}
