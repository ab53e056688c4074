import { describe, expect, it } from "vitest";
import type { Timeline } from "@/lib/client/timeline-schema";
import { exportFileName, timelineCsv, timelineJson } from "./export";
import { summaryMarkdown } from "./summary-markdown";

const change = {
  ts: "2026-11-25T12:20:00.000Z",
  host: "web-01",
  user: "alice",
  mode: "temporary",
  oldMax: 262144,
  newMax: 524288,
  oldHashsize: 65536,
  newHashsize: 131072,
  outcome: "success",
};

const TIMELINE: Timeline = {
  from: "2026-11-25T12:00:00.000Z",
  to: "2026-11-25T13:00:00.000Z",
  resolution: "1m",
  stepSeconds: 60,
  lanes: [
    {
      host: "web-01",
      tags: ["web"],
      status: "critical",
      firstDropAt: "2026-11-25T12:10:05.000Z",
      lastDropAt: "2026-11-25T12:11:30.000Z",
      drops: 1500,
      logLines: 12,
      suppressed: 300,
      peakUtilization: 1,
      droppingAtEnd: false,
      series: [
        { ts: "2026-11-25T12:10:00.000Z", drops: 1000, utilization: 1 },
        { ts: "2026-11-25T12:11:00.000Z", drops: 500, utilization: 0.98499 },
        { ts: "2026-11-25T12:12:00.000Z", drops: null, utilization: null },
      ],
      events: [
        { ts: "2026-11-25T12:10:05.000Z", kind: "table_full", count: 12 },
        { ts: "2026-11-25T12:10:06.000Z", kind: "suppressed", count: 300 },
      ],
      changes: [change],
    },
  ],
  summary: {
    hostsAffected: 1,
    firstDropAt: "2026-11-25T12:10:05.000Z",
    lastDropAt: "2026-11-25T12:11:30.000Z",
    totalDrops: 1500,
    totalLogLines: 12,
    totalSuppressed: 300,
    peakUtilizationByHost: { "web-01": 1 },
    changes: [change],
  },
};

const EMPTY: Timeline = {
  ...TIMELINE,
  lanes: [],
  summary: { hostsAffected: 0, firstDropAt: null, lastDropAt: null, totalDrops: 0, totalLogLines: 0, totalSuppressed: 0, peakUtilizationByHost: {}, changes: [] },
};

describe("timelineCsv", () => {
  it("writes one record type per file, each row with the same columns", () => {
    expect(timelineCsv(TIMELINE, "series").split("\r\n")).toEqual([
      "host,ts,drops,utilization_pct",
      "web-01,2026-11-25T12:10:00.000Z,1000,100.0",
      "web-01,2026-11-25T12:11:00.000Z,500,98.5",
      "web-01,2026-11-25T12:12:00.000Z,,",
      "",
    ]);
    expect(timelineCsv(TIMELINE, "events").split("\r\n")).toEqual([
      "host,ts,kind,count",
      "web-01,2026-11-25T12:10:05.000Z,table_full,12",
      "web-01,2026-11-25T12:10:06.000Z,suppressed,300",
      "",
    ]);
    expect(timelineCsv(TIMELINE, "changes").split("\r\n")).toEqual([
      "ts,host,user,mode,old_max,new_max,old_hashsize,new_hashsize,outcome",
      "2026-11-25T12:20:00.000Z,web-01,alice,temporary,262144,524288,65536,131072,success",
      "",
    ]);
  });

  it("never prints a binary float's digits", () => {
    const t: Timeline = {
      ...TIMELINE,
      lanes: [{ ...TIMELINE.lanes[0]!, series: [{ ts: "2026-11-25T12:10:00.000Z", drops: 0.1 + 0.2, utilization: 0.1 + 0.2 }] }],
    };
    expect(timelineCsv(t, "series").split("\r\n")[1]).toBe("web-01,2026-11-25T12:10:00.000Z,0,30.0");
    for (const kind of ["series", "events", "changes"] as const) {
      const cells = timelineCsv(TIMELINE, kind).split(/\r\n|,/);
      expect(cells.filter((c) => /^-?\d+\.\d{2,}$/.test(c))).toEqual([]);
    }
  });

  it("holds the same drop total as the API", () => {
    const sum = timelineCsv(TIMELINE, "series")
      .split("\r\n")
      .slice(1)
      .reduce((s, r) => s + Number(r.split(",")[2] || 0), 0);
    expect(sum).toBe(TIMELINE.summary.totalDrops);
  });

  it("quotes fields with commas and quotes", () => {
    const t: Timeline = { ...EMPTY, summary: { ...EMPTY.summary, changes: [{ ...change, user: 'a,"b"' }] } };
    expect(timelineCsv(t, "changes").split("\r\n")[1]).toBe('2026-11-25T12:20:00.000Z,web-01,"a,""b""",temporary,262144,524288,65536,131072,success');
  });
});

describe("timelineJson / exportFileName", () => {
  it("round-trips the API document", () => expect(JSON.parse(timelineJson(TIMELINE))).toEqual(TIMELINE));
  it.each([
    ["series", "conntrack-timeline_2026-11-25T120000Z_2026-11-25T130000Z_series.csv"],
    ["changes", "conntrack-timeline_2026-11-25T120000Z_2026-11-25T130000Z_changes.csv"],
    ["json", "conntrack-timeline_2026-11-25T120000Z_2026-11-25T130000Z.json"],
  ] as const)("%s file name", (ext, name) => expect(exportFileName(TIMELINE, ext)).toBe(name));
});

describe("summaryMarkdown", () => {
  it("gives the postmortem block in UTC", () => {
    expect(summaryMarkdown(TIMELINE, { zone: "UTC" })).toBe(
      [
        "### Conntrack drops, 2026-11-25 12:00:00 → 2026-11-25 13:00:00 (UTC)",
        "",
        "- **Hosts affected:** 1",
        "- **First drop:** 2026-11-25 12:10:05",
        "- **Last drop:** 2026-11-25 12:11:30",
        "- **Total drops (kernel counter):** 1,500 — the kernel log printed 12 table-full lines and suppressed 300 more (the log is rate-limited: it undercounts)",
        "- **Still dropping at the end of the range:** none",
        "",
        "| Host | First drop | Last drop | Drops (counter) | Log lines | Suppressed | Peak utilization |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
        "| web-01 | 2026-11-25 12:10:05 | 2026-11-25 12:11:30 | 1,500 | 12 | 300 | 100% |",
        "",
        "**Limit changes**",
        "",
        "| Time | Host | By | Mode | nf_conntrack_max | hashsize | Outcome |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| 2026-11-25 12:20:00 | web-01 | alice | temporary | 262,144 → 524,288 | 65,536 → 131,072 | success |",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["UTC", /\(UTC\)/],
    ["local", /local time, offsets shown/],
  ] as const)("labels the zone (%s)", (zone, re) => expect(summaryMarkdown(TIMELINE, { zone })).toMatch(re));

  it("links back to the dashboard view and each host's window, and marks hosts still dropping at the end", () => {
    const t: Timeline = { ...TIMELINE, lanes: [{ ...TIMELINE.lanes[0]!, droppingAtEnd: true, lastDropAt: "2026-11-25T12:59:55.000Z" }] };
    const md = summaryMarkdown(t, {
      zone: "UTC",
      links: {
        view: "https://ct.example/timeline?from=2026-11-25T12:00:00Z&to=2026-11-25T13:00:00Z",
        host: (h) => `https://ct.example/hosts/${h}?from=2026-11-25T12:00:00Z&to=2026-11-25T13:00:00Z`,
      },
    });
    expect(md).toContain("[Open this view in the dashboard](https://ct.example/timeline?from=2026-11-25T12:00:00Z&to=2026-11-25T13:00:00Z)");
    expect(md).toContain("- **Still dropping at the end of the range:** web-01");
    expect(md).toContain(
      "| [web-01](https://ct.example/hosts/web-01?from=2026-11-25T12:00:00Z&to=2026-11-25T13:00:00Z) | 2026-11-25 12:10:05 | **still dropping** (2026-11-25 12:59:55) |",
    );
  });

  it("says a hash size that did not change, and a change without one", () => {
    const t: Timeline = {
      ...EMPTY,
      summary: { ...EMPTY.summary, changes: [{ ...change, newHashsize: 65536 }, { ...change, oldHashsize: null, newHashsize: null, outcome: "refused" }] },
    };
    const md = summaryMarkdown(t, { zone: "UTC" });
    expect(md).toContain("| 262,144 → 524,288 | 65,536 (unchanged) | success |");
    expect(md).toContain("| 262,144 → 524,288 | — | refused |");
  });

  it("says when nothing dropped and nothing changed", () => {
    const md = summaryMarkdown(EMPTY, { zone: "UTC" });
    expect(md).toContain("- **Hosts affected:** 0");
    expect(md).toContain("- **First drop:** —");
    expect(md).not.toContain("| Host |");
    expect(md).toContain("No limit changes in this range.");
  });
});
