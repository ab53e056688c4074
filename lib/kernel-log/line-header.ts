/**
 * Splits one log line into its time, its message, and whether the kernel wrote it. The header format
 * is recognised from the line itself (the first character tells the families apart), so a kern.log
 * that switched from classic to RFC 3339 stamps after an rsyslog upgrade still parses.
 */
import { isPacketLogMessage } from "./classify";
import { readClassicStamp, readCtimeStamp, readIsoStamp, readMonotonicStamp, stripPrintkStamp } from "./timestamps";
import type { ParseContext } from "./types";

export interface LineParts {
  /** Epoch ms; null when the header was read but cannot be placed in time (e.g. dmesg without boot time). */
  ts: number | null;
  /** Text after the header and after any printk `[seconds]` stamp. */
  message: string;
  /** False for userspace lines in /var/log/messages that merely mention conntrack. */
  kernel: boolean;
}

/** `host tag: ` or `host tag[pid]: ` after a syslog/journal stamp. */
const SYSLOG_TAIL = /^(\S+) ([^\s:[]+)(?:\[\d+\])?: ?/;

function readSyslogTail(ts: number | null, rest: string): LineParts | null {
  const m = SYSLOG_TAIL.exec(rest);
  if (m === null) return null;
  return { ts, message: stripPrintkStamp(rest.slice(m[0].length)), kernel: m[2] === "kernel" };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;

/** Null when no known header starts the line. */
export function splitLogLine(line: string, ctx: ParseContext): LineParts | null {
  const first = line.charCodeAt(0);
  if (first === 91 /* [ */ || first === 60 /* < */) {
    // dmesg prints every line from the kernel, so there is no tag to check.
    const stamp = readCtimeStamp(line, ctx.utcOffsetMinutes) ?? readMonotonicStamp(line, ctx.bootTimeMs);
    return stamp === null ? null : { ts: stamp.ts, message: line.slice(stamp.end), kernel: true };
  }
  if (isDigit(first)) {
    const stamp = readIsoStamp(line);
    if (stamp === null) return null;
    const rest = line.slice(stamp.end);
    // `dmesg --time-format iso` has no host or tag after the stamp; syslog and journal lines do.
    if (ctx.source === "dmesg") return { ts: stamp.ts, message: rest, kernel: true };
    return readSyslogTail(stamp.ts, rest);
  }
  if (isUpper(first)) {
    const stamp = readClassicStamp(line, ctx.now, ctx.utcOffsetMinutes);
    return stamp === null ? null : readSyslogTail(stamp.ts, line.slice(stamp.end));
  }
  return null;
}

/**
 * Whether a line between a table-full line and a later `suppressed` line could have been another
 * net_ratelimit() caller. printk lines cannot be told apart from ratelimited ones, so any kernel line
 * counts, except LOG-target packet lines; journalctl's `-- Boot … --` separators count too (a reboot).
 */
export function breaksRatelimitChain(line: string, source: ParseContext["source"]): boolean {
  if (line.trim() === "") return false;
  // journalctl's markers ("-- Boot … --", "-- Reboot --") end a chain; its cursor line is our own output.
  if (line.startsWith("-- cursor: ")) return false;
  if (line.startsWith("-- ")) return true;
  if (source !== "dmesg" && !line.includes(" kernel:")) return false;
  return !isPacketLogMessage(line);
}
