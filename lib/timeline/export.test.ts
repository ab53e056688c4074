import { describe, expect, it } from "vitest";
import type { Timeline } from "@/lib/client/timeline-schema";
import { exportFileName, timelineCsv, timelineJson } from "./export";
import { summaryMarkdown } from "./summary-markdown";

const change = { ts: "2026-11-25T12:20:00.000Z", host: "web-01", user: "alice", mode: "temporary", oldMax: 262144, newMax: 524288, outcome: "success" };

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
      series: [
        { ts: "2026-11-25T12:10:00.000Z", drops: 1000, utilization: 1 },
        { ts: "2026-11-25T12:11:00.000Z", drops: 500, utilization: 0.985 },
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
  it("writes series, event and change rows under one header", () => {
    expect(timelineCsv(TIMELINE).split("\r\n")).toEqual([
      "record,host,ts,drops,utilization,kind,count,user,mode,old_max,new_max,outcome",
      "series,web-01,2026-11-25T12:10:00.000Z,1000,1,,,,,,,",
      "series,web-01,2026-11-25T12:11:00.000Z,500,0.985,,,,,,,",
      "series,web-01,2026-11-25T12:12:00.000Z,,,,,,,,,",
      "event,web-01,2026-11-25T12:10:05.000Z,,,table_full,12,,,,,",
      "event,web-01,2026-11-25T12:10:06.000Z,,,suppressed,300,,,,,",
      "change,web-01,2026-11-25T12:20:00.000Z,,,,,alice,temporary,262144,524288,success",
      "",
    ]);
  });

  it("holds the same drop total as the API", () => {
    const sum = timelineCsv(TIMELINE)
      .split("\r\n")
      .filter((r) => r.startsWith("series,"))
      .reduce((s, r) => s + Number(r.split(",")[3] || 0), 0);
    expect(sum).toBe(TIMELINE.summary.totalDrops);
  });

  it("quotes fields with commas and quotes", () => {
    const t: Timeline = { ...EMPTY, summary: { ...EMPTY.summary, changes: [{ ...change, user: 'a,"b"' }] } };
    expect(timelineCsv(t).split("\r\n")[1]).toBe('change,web-01,2026-11-25T12:20:00.000Z,,,,,"a,""b""",temporary,262144,524288,success');
  });
});

describe("timelineJson / exportFileName", () => {
  it("round-trips the API document", () => expect(JSON.parse(timelineJson(TIMELINE))).toEqual(TIMELINE));
  it.each([
    ["csv", "conntrack-timeline_2026-11-25T1200Z_2026-11-25T1300Z.csv"],
    ["json", "conntrack-timeline_2026-11-25T1200Z_2026-11-25T1300Z.json"],
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
        "",
        "| Host | First drop | Last drop | Drops (counter) | Log lines | Suppressed | Peak utilization |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
        "| web-01 | 2026-11-25 12:10:05 | 2026-11-25 12:11:30 | 1,500 | 12 | 300 | 100% |",
        "",
        "**Limit changes**",
        "",
        "| Time | Host | By | Mode | nf_conntrack_max | Outcome |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 2026-11-25 12:20:00 | web-01 | alice | temporary | 262,144 → 524,288 | success |",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["UTC", /\(UTC\)/],
    ["local", /local time, offsets shown/],
  ] as const)("labels the zone (%s)", (zone, re) => expect(summaryMarkdown(TIMELINE, { zone })).toMatch(re));

  it("says when nothing dropped and nothing changed", () => {
    const md = summaryMarkdown(EMPTY, { zone: "UTC" });
    expect(md).toContain("- **Hosts affected:** 0");
    expect(md).toContain("- **First drop:** —");
    expect(md).not.toContain("| Host |");
    expect(md).toContain("No limit changes in this range.");
  });
});
