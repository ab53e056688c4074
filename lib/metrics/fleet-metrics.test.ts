import { describe, expect, it } from "vitest";
import { escapeLabelValue, formatValue, negotiateFormat } from "./exposition";
import { renderFleetMetrics, type HostMetrics } from "./fleet-metrics";

const NOW = Date.parse("2026-11-25T18:00:00Z");

const web: HostMetrics = {
  name: "web-01",
  tags: ["web", "eu-west"],
  status: "critical",
  count: 259812,
  max: 262144,
  buckets: 65536,
  counters: { drop: 18234, earlyDrop: 12, insertFailed: 3 },
  lastOkAt: NOW - 1500,
  events: { table_full: 120, expect_full: 0, suppressed: 4310 },
};
const down: HostMetrics = {
  name: "backup-01",
  tags: [],
  status: "unreachable",
  count: 1000,
  max: 65536,
  buckets: 16384,
  counters: { drop: 0, earlyDrop: 0, insertFailed: 0 },
  lastOkAt: NOW - 3_600_000,
  events: { table_full: 0, expect_full: 0, suppressed: 0 },
};
const fresh: HostMetrics = { name: "batch-01", tags: [], status: "pending", count: null, max: null, buckets: null, counters: null, lastOkAt: null, events: null };

describe("renderFleetMetrics", () => {
  it("text format: node_exporter's names, types and help; our own under conntrack_fleet_; a failing host keeps only its status and age", () => {
    const out = renderFleetMetrics([web, down, fresh], { format: "text", tagsLabel: false, now: NOW });
    expect(out).toContain(
      "# HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.\n# TYPE node_nf_conntrack_entries gauge\nnode_nf_conntrack_entries{host=\"web-01\"} 259812\n# HELP node_nf_conntrack_entries_limit",
    );
    expect(out).toContain('# TYPE node_nf_conntrack_stat_drop gauge\nnode_nf_conntrack_stat_drop{host="web-01"} 18234\n');
    expect(out).toContain('# HELP node_nf_conntrack_stat_insert_failed Number of entries for which list insertion was attempted but failed.\n');
    expect(out).toContain('# TYPE conntrack_fleet_stat_drop_total counter\nconntrack_fleet_stat_drop_total{host="web-01"} 18234\n');
    expect(out).toContain('conntrack_fleet_utilization_ratio{host="web-01"} 0.991104125976562');
    expect(out).toContain(
      '# TYPE conntrack_fleet_kernel_log_events_total counter\nconntrack_fleet_kernel_log_events_total{host="web-01",kind="table_full"} 120\nconntrack_fleet_kernel_log_events_total{host="web-01",kind="expect_full"} 0\nconntrack_fleet_kernel_log_events_total{host="web-01",kind="suppressed"} 4310\nconntrack_fleet_kernel_log_events_total{host="backup-01",kind="table_full"} 0\n',
    );
    const status = out.split("\n").filter((l) => l.startsWith('conntrack_fleet_host_status{host="backup-01"'));
    expect(status).toEqual([
      'conntrack_fleet_host_status{host="backup-01",status="ok"} 0',
      'conntrack_fleet_host_status{host="backup-01",status="warn"} 0',
      'conntrack_fleet_host_status{host="backup-01",status="critical"} 0',
      'conntrack_fleet_host_status{host="backup-01",status="unreachable"} 1',
      'conntrack_fleet_host_status{host="backup-01",status="hostkey"} 0',
      'conntrack_fleet_host_status{host="backup-01",status="no-conntrack"} 0',
      'conntrack_fleet_host_status{host="backup-01",status="pending"} 0',
    ]);
    expect(out).toContain('conntrack_fleet_last_success_age_seconds{host="web-01"} 1.5\nconntrack_fleet_last_success_age_seconds{host="backup-01"} 3600\n');
    // The unreachable host's last numbers are not repeated as if current; the pending host has none.
    expect(out.split("\n").filter((l) => /^(node_nf|conntrack_fleet_(stat|buckets|utilization))/.test(l) && l.includes("backup-01"))).toEqual([]);
    expect(out.split("\n").filter((l) => l.includes('"batch-01"')).every((l) => l.startsWith("conntrack_fleet_host_status{"))).toBe(true);
    expect(out.endsWith("# EOF\n")).toBe(false);
    // Every sample line has a family declared before it, and no family is declared twice.
    const types = [...out.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    expect(new Set(types).size).toBe(types.length);
  });

  it("OpenMetrics: counter families without _total, samples with it, # EOF at the end", () => {
    const out = renderFleetMetrics([web], { format: "openmetrics", tagsLabel: false, now: NOW });
    expect(out).toContain("# TYPE conntrack_fleet_stat_drop counter\nconntrack_fleet_stat_drop_total{host=\"web-01\"} 18234\n");
    expect(out).toContain("# TYPE conntrack_fleet_kernel_log_events counter\n");
    expect(out).toContain("# TYPE node_nf_conntrack_stat_drop gauge\nnode_nf_conntrack_stat_drop{host=\"web-01\"} 18234\n");
    expect(out.endsWith("conntrack_fleet_last_success_age_seconds{host=\"web-01\"} 1.5\n# EOF\n")).toBe(true);
  });

  it("tags become one label only when asked: ,web,eu-west, (so =~\".*,web,.*\" matches whole tags)", () => {
    expect(renderFleetMetrics([web], { format: "text", tagsLabel: false, now: NOW })).not.toContain("tags=");
    const out = renderFleetMetrics([web, down], { format: "text", tagsLabel: true, now: NOW });
    expect(out).toContain('node_nf_conntrack_entries{host="web-01",tags=",web,eu-west,"} 259812\n');
    expect(out).toContain('conntrack_fleet_host_status{host="backup-01",tags="",status="unreachable"} 1\n');
  });

  it("a limit of 0 (no limit) has no utilization series", () => {
    const out = renderFleetMetrics([{ ...web, max: 0, status: "ok" }], { format: "text", tagsLabel: false, now: NOW });
    expect(out).toContain('node_nf_conntrack_entries_limit{host="web-01"} 0\n');
    expect(out).not.toContain('conntrack_fleet_utilization_ratio{');
  });
});

describe("exposition helpers", () => {
  it.each([
    ["web-01", "web-01"],
    ['say "hi"', 'say \\"hi\\"'],
    ["C:\\path", "C:\\\\path"],
    ["two\nlines", "two\\nlines"],
    ['\\"\n', '\\\\\\"\\n'],
    ["zürich/接続", "zürich/接続"],
  ])("label value %j → %j", (v, want) => expect(escapeLabelValue(v)).toBe(want));

  it.each([
    [0, "0"],
    [18234, "18234"],
    [0.5, "0.5"],
    [1e-7, "1e-7"],
    [NaN, "NaN"],
    [Infinity, "+Inf"],
  ])("value %s → %s", (v, want) => expect(formatValue(v)).toBe(want));

  it.each([
    // Prometheus 2.42's scrape request.
    ["application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "openmetrics"],
    ["application/openmetrics-text; version=1.0.0", "openmetrics"],
    ["text/plain;version=0.0.4;q=1,*/*;q=0.1", "text"],
    ["*/*", "text"],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text"],
    ["text/plain;q=1,application/openmetrics-text;q=0.5", "text"],
    ["application/openmetrics-text;q=0", "text"],
    [null, "text"],
  ] as const)("Accept %s → %s", (accept, want) => expect(negotiateFormat(accept)).toBe(want));
});
