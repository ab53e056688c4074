import { describe, expect, it } from "vitest";
import {
  DEFAULT_RANGE,
  describeRange,
  fromInputValue,
  fromUtcInputValue,
  latestIncident,
  parseExplicitRange,
  parseRangeCookie,
  rangeCookie,
  suggestRange,
  toInputValue,
  toTextValue,
  MIN_WINDOW_MS,
  parseIsoParam,
  parseRange,
  rangeKey,
  resolveWindow,
  samplesRefetchMs,
  serializeRange,
  toIsoSeconds,
  toUtcInputValue,
  zoomRange,
  type HostRange,
} from "./host-range";

const at = (iso: string) => Date.parse(iso);
const params = (qs: string) => new URLSearchParams(qs);

describe("parseRange", () => {
  it.each<[string, HostRange]>([
    ["", DEFAULT_RANGE],
    ["range=1h", { kind: "relative", preset: "1h" }],
    ["range=30d", { kind: "relative", preset: "30d" }],
    ["range=2h", DEFAULT_RANGE],
    ["range=custom", DEFAULT_RANGE],
    [
      "from=2026-11-25T18:00:00Z&to=2026-11-25T19:00:00Z",
      { kind: "absolute", fromMs: at("2026-11-25T18:00:00Z"), toMs: at("2026-11-25T19:00:00Z") },
    ],
    // An absolute window wins over a preset left in the URL.
    [
      "range=1h&from=2026-11-25T18:00:00Z&to=2026-11-25T18:30:00Z",
      { kind: "absolute", fromMs: at("2026-11-25T18:00:00Z"), toMs: at("2026-11-25T18:30:00Z") },
    ],
    ["from=2026-11-25T18:00:00%2B01:00&to=2026-11-25T19:00:00Z", { kind: "absolute", fromMs: at("2026-11-25T17:00:00Z"), toMs: at("2026-11-25T19:00:00Z") }],
    // Broken or inconsistent windows fall back.
    ["from=2026-11-25T19:00:00Z&to=2026-11-25T18:00:00Z&range=24h", { kind: "relative", preset: "24h" }],
    ["from=2026-11-25T18:00:00Z&to=2026-11-25T18:00:30Z", DEFAULT_RANGE],
    ["from=yesterday&to=now", DEFAULT_RANGE],
    ["from=2026-11-25T18:00:00&to=2026-11-25T19:00:00", DEFAULT_RANGE],
    ["from=2026-11-25T18:00:00Z", DEFAULT_RANGE],
  ])("?%s", (qs, expected) => {
    expect(parseRange(params(qs))).toEqual(expected);
  });
});

describe("serializeRange", () => {
  it.each<[HostRange, string]>([
    [DEFAULT_RANGE, ""],
    [{ kind: "relative", preset: "1h" }, "range=1h"],
    [{ kind: "relative", preset: "7d" }, "range=7d"],
    [
      { kind: "absolute", fromMs: at("2026-11-25T18:00:00.000Z"), toMs: at("2026-11-25T18:05:30.900Z") },
      "from=2026-11-25T18%3A00%3A00Z&to=2026-11-25T18%3A05%3A30Z",
    ],
  ])("%j → %s", (range, qs) => {
    expect(serializeRange(range)).toBe(qs);
  });

  it("round-trips through the URL", () => {
    const ranges: HostRange[] = [
      { kind: "relative", preset: "24h" },
      { kind: "absolute", fromMs: at("2026-01-02T03:04:05Z"), toMs: at("2026-01-09T03:04:05Z") },
    ];
    for (const r of ranges) expect(parseRange(params(serializeRange(r)))).toEqual(r);
  });
});

describe("windows", () => {
  const now = at("2026-11-25T18:00:00Z");

  it("resolves relative ranges against now and absolute ones as given", () => {
    expect(resolveWindow({ kind: "relative", preset: "6h" }, now)).toEqual({ fromMs: now - 6 * 3_600_000, toMs: now });
    expect(resolveWindow({ kind: "absolute", fromMs: 1, toMs: 2 }, now)).toEqual({ fromMs: 1, toMs: 2 });
  });

  it("keys a relative range by preset, so it keeps its cache entry while the clock moves", () => {
    expect(rangeKey({ kind: "relative", preset: "6h" })).toBe("6h");
    expect(rangeKey({ kind: "absolute", fromMs: now, toMs: now + 3_600_000 })).toBe("2026-11-25T18:00:00Z/2026-11-25T19:00:00Z");
  });

  it("turns a drag into whole seconds in either direction", () => {
    expect(zoomRange(now + 61_400, now + 1_500.5)).toEqual({ kind: "absolute", fromMs: now + 1_000, toMs: now + 62_000 });
  });

  it("widens a tiny drag around its centre to the minimum window", () => {
    const r = zoomRange(now, now + 10_000);
    expect(r.kind === "absolute" && r.toMs - r.fromMs).toBe(MIN_WINDOW_MS);
    expect(r).toEqual({ kind: "absolute", fromMs: now - 25_000, toMs: now + 35_000 });
  });

  it("polls relative ranges at the poll interval, slower for coarse data, never absolute ones", () => {
    const rel: HostRange = { kind: "relative", preset: "1h" };
    expect(samplesRefetchMs(rel, 5_000, 5)).toBe(5_000);
    expect(samplesRefetchMs(rel, 2_000, 1)).toBe(2_000);
    expect(samplesRefetchMs(rel, 5_000, null)).toBe(5_000);
    expect(samplesRefetchMs({ kind: "relative", preset: "30d" }, 5_000, 3_600)).toBe(60_000);
    expect(samplesRefetchMs({ kind: "relative", preset: "7d" }, 5_000, 60)).toBe(60_000);
    expect(samplesRefetchMs({ kind: "absolute", fromMs: 0, toMs: 3_600_000 }, 5_000, 5)).toBe(false);
  });
});

describe("ISO and datetime-local", () => {
  it.each([
    ["2026-11-25T18:00:03Z", at("2026-11-25T18:00:03Z")],
    ["2026-11-25T18:00:03.250Z", at("2026-11-25T18:00:03.250Z")],
    ["2026-11-25T18:00Z", at("2026-11-25T18:00:00Z")],
    ["2026-11-25T18:00:03-05:00", at("2026-11-25T23:00:03Z")],
    ["2026-11-25T18:00:03", null],
    ["2026-11-25", null],
    ["1732557603", null],
    [null, null],
  ])("parseIsoParam(%s)", (input, out) => {
    expect(parseIsoParam(input)).toBe(out);
  });

  it("drops milliseconds from links", () => {
    expect(toIsoSeconds(at("2026-11-25T18:00:03.999Z"))).toBe("2026-11-25T18:00:03Z");
  });

  it("reads and writes the inputs as UTC, whatever the browser's zone", () => {
    expect(toUtcInputValue(at("2026-11-25T18:07:59Z"))).toBe("2026-11-25T18:07");
    expect(fromUtcInputValue("2026-11-25T18:07")).toBe(at("2026-11-25T18:07:00Z"));
    expect(fromUtcInputValue("2026-11-25T18:07:30")).toBe(at("2026-11-25T18:07:30Z"));
    expect(fromUtcInputValue("")).toBeNull();
    expect(fromUtcInputValue("2026-13-45T99:00")).toBeNull();
  });
});

describe("opening range", () => {
  const NOW = at("2026-11-25T18:00:00Z");
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  it.each<[string, { firstSampleMs: number | null; incident: { startMs: number } | null }, string]>([
    ["no data at all: the default", { firstSampleMs: null, incident: null }, "6h"],
    ["12 minutes of data: 30 minutes, not a sliver of 6 hours", { firstSampleMs: NOW - 12 * MIN, incident: null }, "30m"],
    ["50 minutes of data", { firstSampleMs: NOW - 50 * MIN, incident: null }, "1h"],
    ["three weeks of quiet data: the default, not 30 days", { firstSampleMs: NOW - 21 * 24 * HOUR, incident: null }, "6h"],
    ["an incident that started 20 minutes ago on a host polled for minutes", { firstSampleMs: NOW - 25 * MIN, incident: { startMs: NOW - 20 * MIN } }, "30m"],
    ["an incident that started 40 minutes ago", { firstSampleMs: NOW - 3 * HOUR, incident: { startMs: NOW - 40 * MIN } }, "6h"],
    ["an incident 2 days ago: the week that holds it", { firstSampleMs: NOW - 10 * 24 * HOUR, incident: { startMs: NOW - 2 * 24 * HOUR } }, "7d"],
    ["an incident 40 days ago is out of reach: data alone", { firstSampleMs: NOW - 50 * 24 * HOUR, incident: { startMs: NOW - 40 * 24 * HOUR } }, "6h"],
  ])("%s", (_label, p, preset) => expect(suggestRange({ nowMs: NOW, ...p })).toEqual({ kind: "relative", preset }));

  it("finds the latest incident's first drop across gaps shorter than 30 minutes", () => {
    const t = (m: number) => NOW - m * MIN;
    // Newest first: an incident from 95 to 60 minutes ago (10-minute gaps), one 3 hours ago.
    expect(latestIncident([t(60), t(70), t(80), t(95), t(180), t(185)])).toEqual({ startMs: t(95), endMs: t(60) });
    expect(latestIncident([])).toBeNull();
  });

  it.each<[string | undefined, HostRange | null]>([
    ["range%3D24h", { kind: "relative", preset: "24h" }],
    ["from%3D2026-11-25T12%3A00%3A00Z%26to%3D2026-11-25T13%3A00%3A00Z", { kind: "absolute", fromMs: at("2026-11-25T12:00:00Z"), toMs: at("2026-11-25T13:00:00Z") }],
    ["range%3D2y", null],
    ["%E0%A4%A", null],
    [undefined, null],
  ])("cookie %s → %j", (value, range) => expect(parseRangeCookie(value)).toEqual(range));

  it("writes a cookie the server reads back, the default preset named too", () => {
    for (const r of [{ kind: "relative", preset: "6h" }, { kind: "relative", preset: "30m" }, zoomRange(at("2026-11-25T12:00:00Z"), at("2026-11-25T12:30:00Z"))] as HostRange[]) {
      const [pair] = rangeCookie(r).split(";");
      expect(parseRangeCookie(pair!.slice(pair!.indexOf("=") + 1))).toEqual(r);
    }
  });

  it("names no range when the URL names none", () => {
    expect(parseExplicitRange(params(""))).toBeNull();
    expect(parseExplicitRange(params("at=2026-11-25T12:00:00Z"))).toBeNull();
    expect(parseExplicitRange(params("range=30m"))).toEqual({ kind: "relative", preset: "30m" });
  });
});

describe("custom range inputs to the second", () => {
  it("reads and writes UTC with seconds", () => {
    expect(toInputValue(at("2026-11-25T18:07:59.900Z"), "utc")).toBe("2026-11-25T18:07:59");
    expect(fromInputValue("2026-11-25T18:07:59", "utc")).toBe(at("2026-11-25T18:07:59Z"));
    expect(fromInputValue("2026-11-25T18:07", "utc")).toBe(at("2026-11-25T18:07:00Z"));
    // The timeline's text fields: 24-hour, a space between date and time.
    expect(fromInputValue("2026-11-25 18:07:59", "utc")).toBe(at("2026-11-25T18:07:59Z"));
    expect(toTextValue(at("2026-11-25T18:07:59Z"), "utc")).toBe("2026-11-25 18:07:59");
  });
  it("reads local time in the browser's zone and round-trips it", () => {
    const ms = at("2026-11-25T18:07:05Z");
    const local = toInputValue(ms, "local");
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:05$/);
    expect(fromInputValue(local, "local")).toBe(ms);
    expect(fromInputValue(local, "local")! - new Date(ms).getTimezoneOffset() * 0).toBe(new Date(local).getTime());
  });
  it.each(["", "2026-02-30T10:00:00", "2026-11-25T24:00:00", "2026-11-25T18:07:60", "2026-11-25  18:07:00", "18:07:00", "2026-11-25 6:07:00 PM"])("refuses %j", (v) => {
    expect(fromInputValue(v, "utc")).toBeNull();
    expect(fromInputValue(v, "local")).toBeNull();
  });
  it("describes an absolute range to the second in the page's zone", () => {
    const r: HostRange = { kind: "absolute", fromMs: at("2026-11-25T12:00:05Z"), toMs: at("2026-11-25T12:30:00Z") };
    expect(describeRange(r)).toBe("2026-11-25 12:00:05 → 2026-11-25 12:30:00 UTC");
    expect(describeRange(r, "local")).toMatch(/:05 → .* local$/);
    expect(describeRange({ kind: "relative", preset: "30m" })).toBe("last 30 minutes");
  });
});
