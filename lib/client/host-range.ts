/**
 * The host page's time window, as carried in the URL so a link reproduces the view:
 * `?range=1h|6h|24h|7d|30d` (relative: slides with the clock and polls) or `?from=<ISO>&to=<ISO>`
 * (absolute: a fixed incident window, never polled). The default (6 h) is left out of the URL.
 */

export const RANGE_PRESETS = ["1h", "6h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const HOUR = 3_600_000;
export const PRESET_MS: Record<RangePreset, number> = {
  "1h": HOUR,
  "6h": 6 * HOUR,
  "24h": 24 * HOUR,
  "7d": 7 * 24 * HOUR,
  "30d": 30 * 24 * HOUR,
};

export const PRESET_LABEL: Record<RangePreset, string> = {
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

const utcMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** Human summary for the header of the charts. */
export function describeRange(range: HostRange): string {
  if (range.kind === "relative") return PRESET_LABEL[range.preset];
  return `${utcMinute(range.fromMs)} → ${utcMinute(range.toMs)} UTC`;
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
