import { describe, expect, it } from "vitest";
import { filterLanesByStatus, parseTimelineView, serializeTimelineView } from "./timeline-url";

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
