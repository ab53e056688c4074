/**
 * `npm run bench:history [-- --days 30 --interval 5]`
 *
 * Fills a fresh SQLite store with one host's samples at the poll interval for N days (through the
 * same insert path the collector uses, rollups included), then times the reads behind the host
 * page's charts for each range preset.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { SampleRow } from "@/lib/store/fleet-store";
import { resolutionFor } from "@/lib/store/history-store";
import { openSqliteStore } from "@/lib/store/open-store";

const { values } = parseArgs({ options: { days: { type: "string", default: "30" }, interval: { type: "string", default: "5" } } });
const days = Number(values.days);
const intervalS = Number(values.interval);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "history-bench-"));
  const opened = openSqliteStore(dir);
  try {
    const store = opened.fleet;
    await store.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    const now = Date.now();
    const n = Math.floor((days * 86_400) / intervalS);
    const t0 = performance.now();
    let drop = 0;
    const samples: SampleRow[] = [];
    for (let i = 0; i < n; i++) {
      const ts = now - (n - i) * intervalS * 1000;
      const count = Math.round(100_000 + 80_000 * Math.sin(i / 5000) + (i % 97) * 50);
      const d = i % 1000 < 20 ? 37 : 0;
      drop += d;
      samples.push({
        host: "web-01", ts, status: "ok", errorCode: null, errorMessage: null, count, max: 262_144, buckets: 65_536,
        dropTotal: drop, earlyDropTotal: 0, insertFailedTotal: 0, dropDelta: d, earlyDropDelta: 0, insertFailedDelta: 0, bootTime: null,
      });
    }
    await store.writeBatch(samples, []);
    console.log(`stored ${n.toLocaleString()} samples (${days} d at ${intervalS} s) with rollups in ${(performance.now() - t0).toFixed(0)} ms`);
    const hostId = store.idOf("web-01");
    for (const [label, spanMs] of [["1 h", 3_600_000], ["6 h", 6 * 3_600_000], ["24 h", 86_400_000], ["7 d", 7 * 86_400_000], ["30 d", 30 * 86_400_000]] as const) {
      const from = now - spanMs;
      const res = resolutionFor(from, now);
      const times: number[] = [];
      let points = 0;
      for (let k = 0; k < 20; k++) {
        const t = performance.now();
        points = (await store.history.series(hostId, from, now, res)).length;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${label.padEnd(5)} ${res.padEnd(4)} ${String(points).padStart(6)} points: median ${times[10]!.toFixed(2)} ms, worst ${times[19]!.toFixed(2)} ms`);
    }
  } finally {
    await opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
