/**
 * Log-line timestamps → epoch ms UTC. Each reader prints time its own way:
 * - rsyslog RFC 3339 `2026-11-25T17:53:40.123456+01:00`; journalctl short-iso(-precise) `+0100` up to
 *   systemd 254 (strftime %z) and `+01:00` since; util-linux `dmesg --time-format iso` uses a comma
 *   before the microseconds (`17:53:40,123456+01:00`).
 * - classic syslog `Nov  5 07:03:01`: local time, no zone, no year; journalctl short-precise adds
 *   `.123456` to the same stamp.
 * - OpenWrt `logread` (ubox): `Sun Jun  6 16:14:22 2021`, ctime without brackets, local time with a year.
 * - `dmesg -T`: `[Tue Nov 20 22:30:22 2018]`, local time with a year.
 * - raw dmesg `[12345.678901]`: seconds since boot (CLOCK_MONOTONIC, which stops during suspend).
 * Regexes are anchored at the start of the line and have no nested quantifiers, so a long junk line
 * costs one failed match, not backtracking.
 */
import { AppError } from "@/lib/errors/app-error";

const MINUTE = 60_000;
const DAY = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface Stamp {
  /** Epoch ms, or null when the header was recognised but cannot be placed in time. */
  ts: number | null;
  /** Index in the line just after the stamp and its separating space. */
  end: number;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d) /;
const CLASSIC = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? /;
const CTIME = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\] ?/;
const CTIME_PLAIN = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) /;
/** CONFIG_PRINTK_CALLER (4.19+) appends the caller, `[  147.444368][  T11]`. */
const MONOTONIC = /^(?:<\d{1,3}>)?\[ *(\d{1,10})\.(\d{1,9})\](?:\[ *[TC]\d{1,7}\])? ?/;
const PRINTK_STAMP = /^\[ *\d{1,10}\.\d{1,9}\](?:\[ *[TC]\d{1,7}\])? ?/;
const OFFSET = /^([+-])(\d\d):?(\d\d)$/;

const num = (s: string | undefined): number => Number(s ?? "NaN");

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Date.UTC without its silent roll-over (Feb 30 → Mar 2): null for impossible fields. */
function utcFields(y: number, mo0: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo0 < 0 || mo0 > 11 || d < 1 || d > daysInMonth(y, mo0)) return null;
  // 60 is a leap second as syslog daemons may print it; fold it into :59 rather than reject the line.
  if (h > 23 || mi > 59 || s > 60) return null;
  return Date.UTC(y, mo0, d, h, mi, Math.min(s, 59));
}

/** `±hhmm` or `±hh:mm` → minutes east of UTC; null if malformed or beyond real zones (±14 h). */
function offsetMinutes(text: string): number | null {
  const m = OFFSET.exec(text);
  const hours = num(m?.[2]);
  const minutes = num(m?.[3]);
  if (m === null || hours > 14 || minutes > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** `date +%z` output (`+0100`, `-0530`; `+01:00` tolerated) → minutes east of UTC. */
export function parseUtcOffset(text: string): number {
  const minutes = offsetMinutes(text.trim());
  if (minutes === null) {
    throw new AppError("parse", `UTC offset: expected ±hhmm from date +%z, got ${JSON.stringify(text.slice(0, 20))}`);
  }
  return minutes;
}

/** ISO 8601 / RFC 3339 stamp with its own zone, at the start of a line. */
export function readIsoStamp(line: string): Stamp | null {
  const m = ISO.exec(line);
  if (m === null) return null;
  const base = utcFields(num(m[1]), num(m[2]) - 1, num(m[3]), num(m[4]), num(m[5]), num(m[6]));
  const zone = m[8] ?? "Z";
  const off = zone === "Z" ? 0 : offsetMinutes(zone);
  const ms = num((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
  return { ts: base === null || off === null ? null : base - off * MINUTE + ms, end: m[0].length };
}

/**
 * Classic syslog `Mmm dd hh:mm:ss`: the year is the latest one that puts the line no more than a day
 * after `now` (a Dec 31 line read on Jan 1 is last year's; a Feb 29 goes back to the last leap year);
 * the zone is the host's current offset, so lines from the other side of a DST change are an hour off.
 */
export function readClassicStamp(line: string, now: number, utcOffsetMinutes: number): Stamp | null {
  const m = CLASSIC.exec(line);
  if (m === null) return null;
  const month0 = MONTHS.indexOf(m[1] ?? "");
  const offsetMs = utcOffsetMinutes * MINUTE;
  const thisYear = new Date(now + offsetMs).getUTCFullYear();
  let ts: number | null = null;
  // Nine candidate years always include a leap year (2100 is not one; 2096 and 2104 are).
  for (let y = thisYear + 1; y >= thisYear - 8 && month0 >= 0; y--) {
    const local = utcFields(y, month0, num(m[2]), num(m[3]), num(m[4]), num(m[5]));
    if (local !== null && local - offsetMs <= now + DAY) {
      ts = local - offsetMs + num((m[6] ?? "0").padEnd(3, "0").slice(0, 3));
      break;
    }
  }
  return { ts, end: m[0].length };
}

/** `dmesg -T` / `--ctime`: local time, with a year, in brackets; `logread`: the same without them. */
export function readCtimeStamp(line: string, utcOffsetMinutes: number, brackets = true): Stamp | null {
  const m = (brackets ? CTIME : CTIME_PLAIN).exec(line);
  if (m === null) return null;
  const local = utcFields(num(m[6]), MONTHS.indexOf(m[1] ?? ""), num(m[2]), num(m[3]), num(m[4]), num(m[5]));
  return { ts: local === null ? null : local - utcOffsetMinutes * MINUTE, end: m[0].length };
}

/** Raw dmesg `[   12.345678]` (optionally `<4>`-prefixed, dmesg -r): boot time + seconds since boot. */
export function readMonotonicStamp(line: string, bootTimeMs: number | null): Stamp | null {
  const m = MONOTONIC.exec(line);
  if (m === null) return null;
  const ms = num(m[1]) * 1000 + num((m[2] ?? "0").padEnd(3, "0").slice(0, 3));
  return { ts: bootTimeMs === null ? null : bootTimeMs + ms, end: m[0].length };
}

/** Drops the printk `[seconds]` stamp rsyslog's imklog leaves in front of kern.log messages. */
export function stripPrintkStamp(message: string): string {
  const m = PRINTK_STAMP.exec(message);
  return m === null ? message : message.slice(m[0].length);
}
