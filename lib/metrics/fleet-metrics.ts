import type { CounterSnapshot, HostStatus } from "@/lib/collector/host-status";
import type { KernelEventKind } from "@/lib/kernel-log/types";
import { documentEnd, escapeLabelValue, familyHeader, formatValue, sampleName, type ExpositionFormat, type MetricFamily } from "./exposition";

/** One host as /metrics sees it: the poller's in-memory state, nothing read from the store. */
export interface HostMetrics {
  name: string;
  tags: readonly string[];
  status: HostStatus;
  count: number | null;
  max: number | null;
  buckets: number | null;
  counters: Pick<CounterSnapshot, "drop" | "earlyDrop" | "insertFailed"> | null;
  lastOkAt: number | null;
  events: Readonly<Record<KernelEventKind, number>> | null;
}

const STATUS: Record<HostStatus, true> = { ok: true, warn: true, critical: true, unreachable: true, hostkey: true, "no-conntrack": true, pending: true };
const STATUSES = Object.keys(STATUS) as HostStatus[];
const KINDS: readonly KernelEventKind[] = ["table_full", "expect_full", "suppressed"];

/** Names, types and help text as node_exporter's conntrack collector has them (collector/conntrack_linux.go): its stat_* are gauges. */
const NODE = {
  entries: { name: "node_nf_conntrack_entries", type: "gauge", help: "Number of currently allocated flow entries for connection tracking." },
  limit: { name: "node_nf_conntrack_entries_limit", type: "gauge", help: "Maximum size of connection tracking table." },
  drop: { name: "node_nf_conntrack_stat_drop", type: "gauge", help: "Number of packets dropped due to conntrack failure." },
  earlyDrop: {
    name: "node_nf_conntrack_stat_early_drop",
    type: "gauge",
    help: "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.",
  },
  insertFailed: { name: "node_nf_conntrack_stat_insert_failed", type: "gauge", help: "Number of entries for which list insertion was attempted but failed." },
} satisfies Record<string, MetricFamily>;

export const PREFIX = "conntrack_fleet_";

const OWN = {
  buckets: { name: `${PREFIX}buckets`, type: "gauge", help: "Size of the connection tracking hash table (nf_conntrack_buckets)." },
  utilization: { name: `${PREFIX}utilization_ratio`, type: "gauge", help: "Entries divided by the limit, 0 to 1 (absent when the limit is 0, meaning none)." },
  drop: { name: `${PREFIX}stat_drop`, type: "counter", help: "The kernel's conntrack drop counter summed over CPUs, typed as a counter (resets at reboot)." },
  earlyDrop: { name: `${PREFIX}stat_early_drop`, type: "counter", help: "The kernel's conntrack early_drop counter summed over CPUs, typed as a counter (resets at reboot)." },
  insertFailed: { name: `${PREFIX}stat_insert_failed`, type: "counter", help: "The kernel's conntrack insert_failed counter summed over CPUs, typed as a counter (resets at reboot)." },
  events: {
    name: `${PREFIX}kernel_log_events`,
    type: "counter",
    help: "Kernel-log lines about conntrack by kind; suppressed counts the lines a net_ratelimit summary stood for. The kernel ratelimits these: the drop counter is exact.",
  },
  status: { name: `${PREFIX}host_status`, type: "gauge", help: "The host's status on the dashboard: 1 for the current one, 0 for the others." },
  lastOkAge: { name: `${PREFIX}last_success_age_seconds`, type: "gauge", help: "Seconds since the host's last successful poll (absent before the first)." },
} satisfies Record<string, MetricFamily>;

/** Whether the last poll read the table: otherwise its numbers are old and are left out (they go stale in Prometheus). */
const readable = (s: HostStatus) => s === "ok" || s === "warn" || s === "critical";

type Pick1 = (h: HostMetrics, now: number) => number | null;
const live = (pick: (h: HostMetrics) => number | null): Pick1 => (h) => (readable(h.status) ? pick(h) : null);

/** The one-series-per-host families, in document order, with what each reads. */
const PER_HOST: readonly [MetricFamily, Pick1][] = [
  [NODE.entries, live((h) => h.count)],
  [NODE.limit, live((h) => h.max)],
  [NODE.drop, live((h) => h.counters?.drop ?? null)],
  [NODE.earlyDrop, live((h) => h.counters?.earlyDrop ?? null)],
  [NODE.insertFailed, live((h) => h.counters?.insertFailed ?? null)],
  [OWN.buckets, live((h) => h.buckets)],
  [OWN.utilization, live((h) => (h.count !== null && h.max ? h.count / h.max : null))],
  [OWN.drop, live((h) => h.counters?.drop ?? null)],
  [OWN.earlyDrop, live((h) => h.counters?.earlyDrop ?? null)],
  [OWN.insertFailed, live((h) => h.counters?.insertFailed ?? null)],
];
const AGE: Pick1 = (h, now) => (h.lastOkAt === null ? null : Math.max(0, Math.round(now - h.lastOkAt) / 1000));

/** A host's series names with their labels, rendered once: `node_nf_conntrack_entries{host="web-01"} `. */
interface HostLines {
  tags: readonly string[];
  tagsLabel: boolean;
  perHost: string[];
  age: string;
  events: string[];
  /** The whole status block for each status the host has been in (7 lines, one of them 1). */
  status: Partial<Record<HostStatus, string>>;
  labels: string;
}

/**
 * Builds /metrics documents: one series per host per family, labelled `host` (and `tags` when the
 * fleet file asks). Numbers of a host whose last poll failed are left out rather than repeated,
 * like a node_exporter target that is down; its status and the age of its last good poll say why.
 * Keep one renderer for the process: it remembers each host's rendered names.
 */
export class FleetMetricsRenderer {
  private readonly lines = new Map<string, HostLines>();

  render(hosts: readonly HostMetrics[], opts: { format: ExpositionFormat; tagsLabel: boolean; now: number }): string {
    const all = hosts.map((h) => this.linesOf(h, opts.tagsLabel));
    let out = "";
    PER_HOST.forEach(([family, pick], f) => {
      out += familyHeader(family, opts.format);
      for (let i = 0; i < hosts.length; i++) {
        const v = pick(hosts[i] as HostMetrics, opts.now);
        if (v !== null) out += `${(all[i] as HostLines).perHost[f]}${formatValue(v)}\n`;
      }
    });
    out += familyHeader(OWN.events, opts.format);
    for (let i = 0; i < hosts.length; i++) {
      const ev = (hosts[i] as HostMetrics).events;
      const names = (all[i] as HostLines).events;
      if (ev) for (let k = 0; k < KINDS.length; k++) out += `${names[k]}${formatValue(ev[KINDS[k] as KernelEventKind])}\n`;
    }
    out += familyHeader(OWN.status, opts.format);
    for (let i = 0; i < hosts.length; i++) out += this.statusBlock(all[i] as HostLines, (hosts[i] as HostMetrics).status);
    out += familyHeader(OWN.lastOkAge, opts.format);
    for (let i = 0; i < hosts.length; i++) {
      const v = AGE(hosts[i] as HostMetrics, opts.now);
      if (v !== null) out += `${(all[i] as HostLines).age}${formatValue(v)}\n`;
    }
    return out + documentEnd(opts.format);
  }

  private linesOf(h: HostMetrics, tagsLabel: boolean): HostLines {
    const known = this.lines.get(h.name);
    if (known && known.tags === h.tags && known.tagsLabel === tagsLabel) return known;
    const labels = `host="${escapeLabelValue(h.name)}"${tagsLabel ? `,tags="${escapeLabelValue(h.tags.length ? `,${h.tags.join(",")},` : "")}"` : ""}`;
    const lines: HostLines = {
      tags: h.tags,
      tagsLabel,
      labels,
      perHost: PER_HOST.map(([f]) => `${sampleName(f)}{${labels}} `),
      age: `${sampleName(OWN.lastOkAge)}{${labels}} `,
      events: KINDS.map((k) => `${sampleName(OWN.events)}{${labels},kind="${k}"} `),
      status: {},
    };
    this.lines.set(h.name, lines);
    return lines;
  }

  private statusBlock(l: HostLines, current: HostStatus): string {
    let block = l.status[current];
    if (block === undefined) {
      block = STATUSES.map((s) => `${sampleName(OWN.status)}{${l.labels},status="${s}"} ${s === current ? 1 : 0}\n`).join("");
      l.status[current] = block;
    }
    return block;
  }
}

/** One document with a fresh renderer (tests, one-off use); the route keeps a renderer for the process. */
export function renderFleetMetrics(hosts: readonly HostMetrics[], opts: { format: ExpositionFormat; tagsLabel: boolean; now: number }): string {
  return new FleetMetricsRenderer().render(hosts, opts);
}
