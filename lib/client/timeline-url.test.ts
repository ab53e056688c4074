import { describe, expect, it } from "vitest";
import { filterLanesByStatus, hostLink, momentWindow, parseTimelineView, serializeTimelineView, timelineLink } from "./timeline-url";

const parse = (qs: string) => parseTimelineView(new URLSearchParams(qs));

describe("parseTimelineView / serializeTimelineView", () => {
  it.each([
    ["", { range: { kind: "relative", preset: "6h" }, tags: [], hosts: [], status: [], zone: "utc" }],
    ["range=7d&tz=local", { range: { kind: "relative", preset: "7d" }, tags: [], hosts: [], status: [], zone: "local" }],
    [
      "from=2026-11-25T12:00:00Z&to=2026-11-25T18:00:00Z&tags=web,eu-west&hosts=web-01&status=critical,warn",
      {
        range: { kind: "absolute", fromMs: Date.parse("2026-11-25T12:00:00Z"), toMs: Date.parse("2026-11-25T18:00:00Z") },
        tags: ["web", "eu-west"],
        hosts: ["web-01"],
        status: ["critical", "warn"],
        zone: "utc",
      },
    ],
    // Garbage falls back to defaults: an old or hand-edited link still opens.
    ["range=2y&hosts=bad host&status=bogus&tz=mars", { range: { kind: "relative", preset: "6h" }, tags: [], hosts: [], status: [], zone: "utc" }],
  ])("%j", (qs, expected) => expect(parse(qs)).toEqual(expected));

  it.each([
    "",
    "range=24h",
    "from=2026-11-25T12%3A00%3A00Z&to=2026-11-25T18%3A00%3A00Z&tags=web&hosts=web-01%2Cdb-01&status=critical&tz=local",
  ])("round-trips %j", (qs) => expect(serializeTimelineView(parse(qs))).toBe(qs));
});

describe("filterLanesByStatus", () => {
  const lanes = [{ status: "ok" }, { status: "critical" }, { status: "warn" }];
  it.each([
    [[], 3],
    [["critical"], 1],
    [["critical", "warn"], 2],
  ])("%j → %d lanes", (status, n) => expect(filterLanesByStatus(lanes, status)).toHaveLength(n));
});

describe("links out of the timeline", () => {
  const W = { fromMs: Date.parse("2026-11-25T12:00:00Z"), toMs: Date.parse("2026-11-25T18:00:00.400Z") };
  it("links a summary back to the same view over the answered window", () => {
    const v = parse("range=6h&tags=web&tz=local");
    expect(timelineLink("https://ct.example", v, W)).toBe("https://ct.example/timeline?from=2026-11-25T12%3A00%3A00Z&to=2026-11-25T18%3A00%3A01Z&tags=web&tz=local");
  });
  it("keeps the window on host links and marks the moment of a click", () => {
    expect(hostLink("web-01", W)).toBe("/hosts/web-01?from=2026-11-25T12%3A00%3A00Z&to=2026-11-25T18%3A00%3A01Z");
    const at = Date.parse("2026-11-25T14:10:05Z");
    expect(hostLink("web-01", momentWindow(at, { fromMs: W.fromMs, toMs: Date.parse("2026-11-25T18:00:00Z") }), at)).toBe("/hosts/web-01?from=2026-11-25T12%3A40%3A05Z&to=2026-11-25T15%3A40%3A05Z&at=2026-11-25T14%3A10%3A05Z");
  });
  it.each([
    [20 * 60_000, 10 * 60_000],
    [30 * 60_000, 15 * 60_000],
    [6 * 3_600_000, 3 * 3_600_000],
    [7 * 24 * 3_600_000, 6 * 3_600_000],
  ])("a click on a %d ms lane opens %d ms around it", (span, expected) => {
    const w = momentWindow(1_000_000_000_000, { fromMs: 0, toMs: span });
    expect(w.toMs - w.fromMs).toBe(expected);
  });
  it("parses the 30-minute preset", () => expect(parse("range=30m").range).toEqual({ kind: "relative", preset: "30m" }));
});
