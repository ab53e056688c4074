import { describe, expect, it } from "vitest";
import { countByKind, eventMarks, eventTone, formatEventTime, nearestEventIndex, newestFirst } from "./host-events";
import type { HostEvent } from "./host-schema";

const ev = (ts: string, kind = "table_full", count = 1, line = `kernel: ${kind}`): HostEvent => ({
  ts,
  host: "web-01",
  kind,
  count,
  source: "journal",
  line,
});

describe("eventTone", () => {
  it.each([
    ["table_full", "full"],
    ["suppressed", "suppressed"],
    ["expect_full", "expect"],
    ["something_new", "other"],
    ["", "other"],
  ])("%s → %s", (kind, tone) => {
    expect(eventTone(kind)).toBe(tone);
  });
});

describe("newestFirst", () => {
  it("reverses the API's ascending order, keeping ties stable and the input untouched", () => {
    const input = [
      ev("2026-11-25T18:00:00Z", "table_full", 1, "a"),
      ev("2026-11-25T18:00:01Z", "table_full", 1, "b"),
      ev("2026-11-25T18:00:01Z", "suppressed", 9, "c"),
    ];
    const out = newestFirst(input);
    expect(out.map((e) => e.line)).toEqual(["c", "b", "a"]);
    expect(input.map((e) => e.line)).toEqual(["a", "b", "c"]);
  });
});

describe("eventMarks", () => {
  it("builds ascending columns in seconds and skips unparseable times", () => {
    const m = eventMarks([ev("2026-11-25T18:00:05Z", "suppressed", 245), ev("not a time"), ev("2026-11-25T18:00:00Z")]);
    const t0 = Date.parse("2026-11-25T18:00:00Z") / 1000;
    expect(m.x).toEqual([t0, t0 + 5]);
    expect(m.tone).toEqual(["full", "suppressed"]);
    expect(m.count).toEqual([1, 245]);
    expect(m.kind).toEqual(["table_full", "suppressed"]);
  });
});

describe("formatEventTime", () => {
  it("prints UTC to the second", () => {
    expect(formatEventTime("2026-11-25T18:00:03.789Z", "utc")).toBe("2026-11-25 18:00:03");
  });

  it("prints local time with its offset", () => {
    const out = formatEventTime("2026-11-25T18:00:03Z", "local");
    expect(out).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
    // Same instant whatever the zone of the machine running the test.
    const [date, time, off] = out.split(" ") as [string, string, string];
    expect(Date.parse(`${date}T${time}${off}`)).toBe(Date.parse("2026-11-25T18:00:03Z"));
  });

  it("leaves garbage as it came", () => {
    expect(formatEventTime("yesterday", "utc")).toBe("yesterday");
  });
});

describe("countByKind", () => {
  it("counts lines and their totals, busiest kind first", () => {
    const out = countByKind([
      ev("2026-11-25T18:00:00Z"),
      ev("2026-11-25T18:00:01Z"),
      ev("2026-11-25T18:00:02Z", "suppressed", 245),
    ]);
    expect(out).toEqual([
      { kind: "table_full", events: 2, total: 2 },
      { kind: "suppressed", events: 1, total: 245 },
    ]);
  });
});

describe("nearestEventIndex", () => {
  const line = (ts: string, kind: string): HostEvent => ({ ts, host: "web-01", kind, count: 1, source: "kern.log", line: `Nov 25 12:00:00 web-01 kernel: nf_conntrack: ${kind}` });
  // Newest first, as the panel lists them.
  const list = [
    line("2026-11-25T12:20:00.000Z", "table_full"),
    line("2026-11-25T12:10:40.000Z", "expect_full"),
    line("2026-11-25T12:10:05.000Z", "suppressed"),
    line("2026-11-25T12:10:00.000Z", "table_full"),
  ];
  const at = (iso: string) => Date.parse(iso);
  it.each([
    ["2026-11-25T12:10:01Z", 3],
    ["2026-11-25T12:10:04Z", 2],
    // The expectation line is closer, but a drop line 35 s away is what a click on a drop means.
    ["2026-11-25T12:10:40Z", 2],
    ["2026-11-25T12:30:00Z", 0],
    ["2026-11-25T11:00:00Z", 3],
  ])("at %s → row %d", (iso, idx) => expect(nearestEventIndex(list, at(iso))).toBe(idx));
  it("is -1 with no events", () => expect(nearestEventIndex([], at("2026-11-25T12:00:00Z"))).toBe(-1));
});
