/**
 * The host page's time window, as carried in the URL so a link reproduces the view:
 * `?range=1h|6h|24h|7d|30d` (relative: slides with the clock and polls) or `?from=<ISO>&to=<ISO>`
 * (absolute: a fixed incident window, never polled). The default (6 h) is left out of the URL.
 */

export const RANGE_PRESETS = ["30m", "1h", "6h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const HOUR = 3_600_000;
export const PRESET_MS: Record<RangePreset, number> = {
  "30m": HOUR / 2,
  "1h": HOUR,
  "6h": 6 * HOUR,
  "24h": 24 * HOUR,
  "7d": 7 * 24 * HOUR,
  "30d": 30 * 24 * HOUR,
};

export const PRESET_LABEL: Record<RangePreset, string> = {
  "30m": "last 30 minutes",
  "1h": "last hour",
  "6h": "last 6 hours",
  "24h": "last 24 hours",
  "7d": "last 7 days",
  "30d": "last 30 days",
};

export type HostRange =
  | { kind: "relative"; preset: RangePreset }
  | { kind: "absolute"; fromMs: number; toMs: number };

export const DEFAULT_PRESET: RangePreset = "6h";
export const DEFAULT_RANGE: HostRange = { kind: "relative", preset: DEFAULT_PRESET };

/** Narrower than this a zoom stops being useful: at 5 s polling it is a dozen samples. */
export const MIN_WINDOW_MS = 60_000;
/** Wider than this the 1-hour rollup gets too coarse to read and the request too big. */
export const MAX_WINDOW_MS = 400 * 24 * HOUR;

interface ReadableParams {
  get(name: string): string | null;
}

function isPreset(v: string | null): v is RangePreset {
  return v !== null && (RANGE_PRESETS as readonly string[]).includes(v);
}

/** Strict ISO-8601 with a zone (`Z` or `±hh:mm`): a zoneless time in a link would mean a different instant per viewer. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseIsoParam(value: string | null): number | null {
  if (!value || !ISO_WITH_ZONE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Unknown or inconsistent values fall back to the default rather than erroring: old links must open. */
export function parseRange(params: ReadableParams): HostRange {
  const fromMs = parseIsoParam(params.get("from"));
  const toMs = parseIsoParam(params.get("to"));
  if (fromMs !== null && toMs !== null && isValidWindow(fromMs, toMs)) return { kind: "absolute", fromMs, toMs };
  const preset = params.get("range");
  if (isPreset(preset)) return { kind: "relative", preset };
  return DEFAULT_RANGE;
}

/** The range the URL names, or null when it names none (the page then opens on its own choice). */
export function parseExplicitRange(params: ReadableParams): HostRange | null {
  const fromMs = parseIsoParam(params.get("from"));
  const toMs = parseIsoParam(params.get("to"));
  if (fromMs !== null && toMs !== null && isValidWindow(fromMs, toMs)) return { kind: "absolute", fromMs, toMs };
  const preset = params.get("range");
  return isPreset(preset) ? { kind: "relative", preset } : null;
}

/**
 * The range chosen last on any host page of this browser session, so switching hosts keeps it.
 * A session cookie (not storage) so the server renders the page on it at once.
 */
export const RANGE_COOKIE = "ct-host-range";

/** The cookie's value (a query string such as `range=24h`) back to a range; anything else is ignored. */
export function parseRangeCookie(value: string | undefined | null): HostRange | null {
  if (!value || value.length > 200) return null;
  try {
    return parseExplicitRange(new URLSearchParams(decodeURIComponent(value)));
  } catch {
    return null;
  }
}

export function rangeCookie(range: HostRange): string {
  const qs = new URLSearchParams(serializeRange(range));
  if (range.kind === "relative") qs.set("range", range.preset);
  return `${RANGE_COOKIE}=${encodeURIComponent(qs.toString())}; path=/; SameSite=Strict`;
}

/** Drops further apart than this belong to different incidents. */
export const INCIDENT_GAP_MS = 30 * 60_000;

/** The latest incident in drop times (newest first): from its first drop to its last, or null. */
export function latestIncident(dropTimesDesc: readonly number[], gapMs = INCIDENT_GAP_MS): { startMs: number; endMs: number } | null {
  if (dropTimesDesc.length === 0) return null;
  const endMs = dropTimesDesc[0]!;
  let startMs = endMs;
  for (const t of dropTimesDesc) {
    if (startMs - t > gapMs) break;
    startMs = Math.min(startMs, t);
  }
  return { startMs, endMs };
}

/**
 * The range a host page opens on when nobody chose one: the smallest preset that holds the data
 * the store has (so minutes of data are not a sliver at the right edge of 6 hours), but never more
 * than the default for data alone; widened to hold the latest incident from its first drop, with a
 * margin, up to 30 days. No data at all: the default.
 */
export function suggestRange(p: { nowMs: number; firstSampleMs: number | null; incident: { startMs: number } | null }): HostRange {
  const need: number[] = [];
  if (p.firstSampleMs !== null) need.push(Math.min(p.nowMs - p.firstSampleMs, PRESET_MS[DEFAULT_PRESET]));
  if (p.incident && p.nowMs - p.incident.startMs <= PRESET_MS["30d"]) need.push((p.nowMs - p.incident.startMs) * 1.1 + 5 * 60_000);
  if (need.length === 0) return DEFAULT_RANGE;
  const span = Math.max(...need);
  const preset = RANGE_PRESETS.find((r) => PRESET_MS[r] >= span) ?? "30d";
  return { kind: "relative", preset };
}

export function isValidWindow(fromMs: number, toMs: number): boolean {
  const span = toMs - fromMs;
  return Number.isFinite(span) && span >= MIN_WINDOW_MS && span <= MAX_WINDOW_MS;
}

/** `1732557603000` → `"2024-11-25T18:00:03Z"`: whole seconds, no milliseconds, so links stay short. */
export function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Query string without the leading `?`; empty for the default range. */
export function serializeRange(range: HostRange): string {
  const params = new URLSearchParams();
  if (range.kind === "absolute") {
    params.set("from", toIsoSeconds(range.fromMs));
    params.set("to", toIsoSeconds(range.toMs));
  } else if (range.preset !== DEFAULT_PRESET) {
    params.set("range", range.preset);
  }
  return params.toString();
}

/** The concrete window a range covers at `nowMs`. */
export function resolveWindow(range: HostRange, nowMs: number): { fromMs: number; toMs: number } {
  if (range.kind === "absolute") return { fromMs: range.fromMs, toMs: range.toMs };
  return { fromMs: nowMs - PRESET_MS[range.preset], toMs: nowMs };
}

/** A stable identity for query keys: a relative range keeps its key while the clock moves. */
export function rangeKey(range: HostRange): string {
  return range.kind === "relative" ? range.preset : `${toIsoSeconds(range.fromMs)}/${toIsoSeconds(range.toMs)}`;
}

/** A drag-zoom selection as an absolute range: whole seconds, widened around its centre to the minimum. */
export function zoomRange(fromMs: number, toMs: number): HostRange {
  let lo = Math.min(fromMs, toMs);
  let hi = Math.max(fromMs, toMs);
  if (hi - lo < MIN_WINDOW_MS) {
    const mid = (lo + hi) / 2;
    lo = mid - MIN_WINDOW_MS / 2;
    hi = mid + MIN_WINDOW_MS / 2;
  }
  return { kind: "absolute", fromMs: Math.floor(lo / 1000) * 1000, toMs: Math.ceil(hi / 1000) * 1000 };
}

export function sameRange(a: HostRange, b: HostRange): boolean {
  return rangeKey(a) === rangeKey(b) && a.kind === b.kind;
}

/** `<input type="datetime-local">` value for an instant, read as UTC: `"2024-11-25T18:00"`. */
export function toUtcInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** The inverse: the input's zoneless value is taken as UTC (the page labels it so). */
export function fromUtcInputValue(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export type InputZone = "utc" | "local";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * `<input type="datetime-local" step="1">` value for an instant in the page's zone, to the second:
 * `"2024-11-25T18:00:03"`. An incident's first drop is a second, not a minute.
 */
export function toInputValue(ms: number, zone: InputZone): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  if (zone === "utc") return d.toISOString().slice(0, 19);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * The inverse: the input's zoneless value read in the page's zone (the page labels which). Seconds
 * are optional (browsers drop `:00`). A local time that does not exist (skipped by a DST change) is null.
 */
export function fromInputValue(value: string, zone: InputZone): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "00"].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = zone === "utc" ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  const back = new Date(ms);
  const same =
    zone === "utc"
      ? back.getUTCDate() === d && back.getUTCHours() === h && back.getUTCMinutes() === mi
      : back.getDate() === d && back.getHours() === h && back.getMinutes() === mi;
  return Number.isNaN(ms) || !same ? null : ms;
}

/** The same, as the 24-hour text the timeline's from/to fields show: `"2024-11-25 18:00:03"`. */
export const toTextValue = (ms: number, zone: InputZone): string => toInputValue(ms, zone).replace("T", " ");

const utcSecond = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const localSecond = (ms: number) => toInputValue(ms, "local").replace("T", " ");

/** Human summary for the header of the charts, to the second, in the page's zone. */
export function describeRange(range: HostRange, zone: InputZone = "utc"): string {
  if (range.kind === "relative") return PRESET_LABEL[range.preset];
  if (zone === "local") return `${localSecond(range.fromMs)} → ${localSecond(range.toMs)} local`;
  return `${utcSecond(range.fromMs)} → ${utcSecond(range.toMs)} UTC`;
}

/**
 * How often a relative range refetches: every poll, but no faster than the data's own step
 * (a 30-day view in 1-hour buckets gains nothing from 5 s refreshes), capped at a minute so the
 * right edge never lags far behind. Absolute ranges never poll.
 */
export function samplesRefetchMs(range: HostRange, pollMs: number, stepSeconds: number | null): number | false {
  if (range.kind === "absolute") return false;
  const step = (stepSeconds ?? 0) * 1000;
  return Math.max(pollMs, Math.min(step, 60_000));
}
