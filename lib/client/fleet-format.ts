/** Formatting for dense tables: fixed locale so numbers look the same for everyone (and in tests). */

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `12345` → `"12,345"`; unknown → `"—"`. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return countFormat.format(Math.round(value));
}

/**
 * `0.0047` → `"0.5%"`, `0.912` → `"91%"`. One decimal below 10 % so small tables don't all read
 * `0%`; never rounds up to `100%` unless the table is actually full.
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  const pct = ratio * 100;
  if (pct > 0 && pct < 0.1) return "<0.1%";
  if (pct < 10) return `${(Math.floor(pct * 10) / 10).toFixed(1)}%`;
  if (pct < 100) return `${Math.floor(pct)}%`;
  return `${Math.round(pct)}%`;
}

/**
 * Age of a timestamp relative to `now` (both epoch ms): `"3s ago"`, `"4m ago"`, `"2h ago"`,
 * `"3d ago"`; `"never"` for null. Small negative ages (clock skew) read as `"just now"`.
 */
export function formatAge(thenMs: number | null | undefined, nowMs: number): string {
  if (thenMs === null || thenMs === undefined || !Number.isFinite(thenMs)) return "never";
  const sec = Math.floor((nowMs - thenMs) / 1000);
  if (sec < 1) return "just now";
  if (sec < 60) return `${sec}s ago`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min}m ago`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** `Date.parse` that maps null/garbage to null instead of NaN. */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Full UTC timestamp for `title` attributes: `2026-11-25 18:00:03 UTC`. */
export function formatTimestamp(iso: string | null | undefined): string {
  const ms = parseTime(iso);
  if (ms === null) return "never";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
