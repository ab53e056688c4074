/**
 * A week of simulated history for the demo (only the demo), so its 7-day views, its timeline and its
 * audit log have something to show on first start: daily load curves, two incidents and the raise that
 * ended one. Everything written here says it is simulated: audit rows ("simulated demo history"), log
 * lines' source, and the demo banner.
 *
 * The history ends a minute before now and agrees with the live hosts where they meet: each host's
 * last seeded sample has the max and about the count its simulated files hold. Counter totals are not
 * seeded (only increments), so the first live poll is a baseline, never a jump.
 *
 * Run: tsx --conditions=react-server lib/sim/demo-history.ts <dataDir> <hostsJson>
 */
import path from "node:path";
import type { SampleRow } from "@/lib/store/fleet-store";
import type { NewAuditEntry } from "@/lib/store/audit-store";

export interface DemoHost {
  name: string;
  address: string;
  tags: string[];
  /** The live host's current limit and entries (its simulated files). */
  max: number;
  count: number;
}

export interface DemoEvent {
  host: string;
  ts: number;
  kind: "table_full";
  count: number;
  source: string;
  line: string;
}

export interface DemoHistory {
  samples: SampleRow[];
  events: DemoEvent[];
  audit: NewAuditEntry[];
  /** What the story is, for the console. */
  story: string[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** One sample a minute: the host page's 7-day view draws 1-minute buckets, and gaps break its lines. */
const STEP = MIN;
export const DEMO_SOURCE = "simulated";

/** Deterministic noise in [-1, 1] from a host index and a step. */
function noise(i: number, n: number): number {
  const x = Math.sin(i * 12.9898 + n * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** Daily load shape: low at 04:00 UTC, high at 16:00 UTC, between 0.7 and 1.3. */
function diurnal(ts: number): number {
  const hour = (ts % DAY) / HOUR;
  return 1 + 0.3 * Math.sin(((hour - 10) / 24) * 2 * Math.PI);
}

interface Incident {
  host: DemoHost;
  /** Ramp to full, full (dropping) until `end`. */
  start: number;
  full: number;
  end: number;
  dropsPerSecond: number;
  /** A permanent raise to the host's current max at this time; before it the limit was half. */
  raiseAt: number | null;
  what: string;
}

function kernelLine(host: string, ts: number): string {
  const d = new Date(ts);
  const mon = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const day = String(d.getUTCDate()).padStart(2, " ");
  const hms = d.toISOString().slice(11, 19);
  return `${mon} ${day} ${hms} ${host} kernel: nf_conntrack: nf_conntrack: table full, dropping packet`;
}

/**
 * The plan, pure: a sample a minute for 7 days per host, two incidents on hosts chosen by tag
 * (a `web` host that is raised permanently mid-incident, an `lb` host hit by a short flood that ends
 * on its own), and the audit row of the raise.
 */
export function demoHistory(hosts: readonly DemoHost[], now: number): DemoHistory {
  const end = Math.floor((now - MIN) / STEP) * STEP;
  const start = end - 7 * DAY;
  const byTag = (tag: string) => hosts.find((h) => h.tags.includes(tag) && h.max > 0);
  const dayStart = (daysAgo: number) => Math.floor((end - daysAgo * DAY) / DAY) * DAY;
  const incidents: Incident[] = [];
  const web = byTag("web") ?? hosts[0];
  if (web) {
    const s = dayStart(5) + 14 * HOUR + 5 * MIN;
    incidents.push({ host: web, start: s, full: s + 20 * MIN, end: s + 55 * MIN, dropsPerSecond: 220, raiseAt: s + 50 * MIN, what: "flood after a deploy; raised permanently" });
  }
  const lb = byTag("lb");
  if (lb && lb !== web) {
    const s = dayStart(2) + 3 * HOUR + 10 * MIN;
    incidents.push({ host: lb, start: s, full: s + 5 * MIN, end: s + 30 * MIN, dropsPerSecond: 900, raiseAt: null, what: "SYN flood, ended on its own" });
  }

  const samples: SampleRow[] = [];
  const events: DemoEvent[] = [];
  const audit: NewAuditEntry[] = [];
  hosts.forEach((h, i) => {
    if (h.max <= 0) return;
    const base = Math.min(0.7, h.count / h.max);
    const incident = incidents.find((x) => x.host === h);
    const steps = (end - start) / STEP;
    for (let n = 0; n <= steps; n++) {
      const ts = start + n * STEP;
      const raised = incident?.raiseAt != null && ts >= incident.raiseAt;
      const max = incident?.raiseAt != null && !raised ? Math.floor(h.max / 2) : h.max;
      // The same absolute load either side of a raise: before it, the host ran at twice the share.
      // Outside an incident a table never quite fills (a full one would have dropped, and said so).
      let count = Math.min(Math.round(max * 0.93), Math.round((h.max * base * diurnal(ts) * (1 + 0.04 * noise(i, n))) / diurnal(end)));
      let dropDelta = 0;
      if (incident && ts >= incident.start && ts < incident.end) {
        if (ts < incident.full) count = Math.round(count + ((max - count) * (ts - incident.start)) / (incident.full - incident.start));
        else if (!raised) {
          count = max;
          dropDelta = Math.round(incident.dropsPerSecond * (STEP / 1000) * (0.8 + 0.2 * noise(i + 7, n)));
        } else count = Math.round(max * 0.62);
      }
      if (n === steps) count = h.count;
      count = Math.max(0, Math.min(max, count));
      const util = count / max;
      samples.push({
        host: h.name, ts, status: util >= 0.9 ? "critical" : util >= 0.75 ? "warn" : "ok", errorCode: null, errorMessage: null,
        count, max, buckets: Math.max(1, Math.floor(max / 4)),
        dropTotal: null, earlyDropTotal: null, insertFailedTotal: null,
        dropDelta: n === 0 ? null : dropDelta, earlyDropDelta: n === 0 ? null : 0, insertFailedDelta: n === 0 ? null : 0,
        bootTime: null,
      });
      // One kernel line a minute while dropping (the kernel rate-limits its own).
      if (dropDelta > 0) {
        const at = ts - STEP + 17_000;
        events.push({ host: h.name, ts: at, kind: "table_full", count: 1, source: DEMO_SOURCE, line: kernelLine(h.name, at) });
      }
    }
    if (incident?.raiseAt != null) {
      audit.push({
        ts: incident.raiseAt, user: "sam (simulated)", role: "operator", host: h.name, action: "raise-limit", mode: "permanent",
        oldMax: Math.floor(h.max / 2), newMax: h.max, oldHashsize: Math.max(1, Math.floor(h.max / 8)), newHashsize: Math.max(1, Math.floor(h.max / 4)),
        commands: [], files: [], outcome: "success", error: null, detail: "simulated demo history", reason: "INC-4211 (simulated): web tier flood after a deploy",
      });
    }
  });
  const story = incidents.map((x) => `${x.host.name}: ${new Date(x.start).toISOString().slice(0, 16)}Z ${x.what}`);
  return { samples, events, audit, story };
}

async function main() {
  const [dataDir, hostsJson] = process.argv.slice(2);
  if (!dataDir || !hostsJson) throw new Error("usage: demo-history <dataDir> <hostsJson>");
  const { openStore } = await import("@/lib/store/open-store");
  const { readServerEnv } = await import("@/lib/config/server-env");
  const hosts = JSON.parse(hostsJson) as DemoHost[];
  const opened = await openStore({ dataDir: path.resolve(dataDir), databaseUrl: readServerEnv().databaseUrl });
  const store = opened.fleet;
  await store.syncHosts(hosts.map((h) => ({ name: h.name, address: h.address })));
  const history = demoHistory(hosts, Date.now());
  await store.writeBatch(history.samples, []);
  for (const e of history.events) await store.history.insertEvents(store.idOf(e.host), [{ key: `demo-${e.host}-${e.ts}`, ts: e.ts, kind: e.kind, count: e.count, source: e.source, line: e.line }]);
  for (const a of history.audit) await store.audit.append(a);
  await opened.close();
  console.log(`demo: seeded a simulated week of history (${history.samples.length} samples): ${history.story.join("; ")}`);
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith("demo-history")) {
  main().catch((err) => {
    console.error(`demo history failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
