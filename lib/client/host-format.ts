/** Formatting specific to the host page; shares the fixed `en-US` locale of fleet-format. */

const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** Binary units, as `free -h` and the kernel report memory: `84410368` → `"80.5 MiB"`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${oneDecimal.format(value)} ${UNITS[unit]}`;
}

/** `"3d 4h"`, `"5h 12m"`, `"42m"`, `"18s"`; for uptimes and "polled for". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  const sec = Math.floor(ms / 1000);
  if (sec < 60) return `${sec}s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min}m`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours}h ${min % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

const rateFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/** Drops per second: `0` → `"0/s"`, `0.04` → `"<0.1/s"`, `12.345` → `"12.3/s"`, `1234.5` → `"1,230/s"`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return "—";
  if (perSecond === 0) return "0/s";
  if (perSecond < 0.1) return "<0.1/s";
  return `${rateFormat.format(perSecond)}/s`;
}

/** `2026-11-25 18:00:03 UTC` from epoch ms; `"—"` for null. */
export function formatUtc(ms: number | null | undefined, withSeconds = true): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return `${new Date(ms).toISOString().slice(0, withSeconds ? 19 : 16).replace("T", " ")} UTC`;
}

/** Short axis-style count: `262144` → `"262k"`, `1048576` → `"1.05M"`, `900` → `"900"`. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${+(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${+(value / 1e3).toPrecision(3)}k`;
  return `${+value.toPrecision(3)}`;
}
