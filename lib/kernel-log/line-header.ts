/**
 * Splits one log line into its time, its message, and whether the kernel wrote it. The header format
 * is recognised from the line itself (the first character tells the families apart), so a kern.log
 * that switched from classic to RFC 3339 stamps after an rsyslog upgrade still parses.
 */
import { isPacketLogMessage } from "./classify";
import { readClassicStamp, readCtimeStamp, readIsoStamp, readMonotonicStamp, stripPrintkStamp } from "./timestamps";
import type { ParseContext } from "./types";

export type LineContext = Pick<ParseContext, "source" | "now" | "utcOffsetMinutes" | "bootTimeMs">;

export interface LineParts {
  /** Epoch ms; null when the header was read but cannot be placed in time (e.g. dmesg without boot time). */
  ts: number | null;
  /** Text after the header and after any printk `[seconds]` stamp. */
  message: string;
  /** False for userspace lines in /var/log/messages that merely mention conntrack. */
  kernel: boolean;
}

/**
 * What follows a syslog/journal stamp, in the shapes daemons write:
 * - `host tag: `, `host tag[pid]: ` (rsyslog, sysklogd, syslog-ng, journalctl short*);
 * - `host fac.pri tag: ` (busybox syslogd without -S), `fac.pri tag: ` (OpenWrt logread, no host);
 * - `tag: ` with no host at all (busybox syslogd on Asuswrt: `Jul  3 10:07:53 kernel: …`).
 * A host never ends in `:`, which is how `kernel: msg` is told from `host tag: msg`.
 */
const SYSLOG_TAIL = /^(?:\S*[^\s:] )?(?:[a-z]+\.[a-z]+ )?([^\s:[]+)(?:\[\d+\])?: ?/;
/**
 * RFC 5424 after its stamp: `host app procid msgid SD msg`, as rsyslog's RSYSLOG_SyslogProtocol23Format
 * writes it to files (`server02 kernel - - - BTRFS …`, bugzilla.kernel.org #216851) and as it travels
 * with a `<pri>1 ` prefix.
 */
const RFC5424_TAIL = /^\S+ (\S+) \S+ \S+ (?:-|(?:\[[^\]]*\])+) ?\uFEFF?/;
/**
 * CentOS 5/6 syslog wrote an empty tag for some kernel lines: `centos kernel: : nf_conntrack: table full,
 * dropping packet` (the line every write-up of this error quotes) and `kernel: : __ratelimit: 133 callbacks
 * suppressed`, `kernel: : TCP: time wait bucket table overflow` in others. No kernel source prints a
 * leading `: `, so it is the syslog side's, and it is dropped before the message is read.
 */
const EMPTY_TAG = /^: (?=\S)/;

function readSyslogTail(ts: number | null, rest: string): LineParts | null {
  const m = SYSLOG_TAIL.exec(rest);
  if (m !== null) {
    const kernel = m[1] === "kernel";
    let message = rest.slice(m[0].length);
    if (kernel) message = message.replace(EMPTY_TAG, "");
    return { ts, message: stripPrintkStamp(message), kernel };
  }
  const r = RFC5424_TAIL.exec(rest);
  return r === null ? null : { ts, message: stripPrintkStamp(rest.slice(r[0].length)), kernel: r[1] === "kernel" };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const PRI = /^<(\d{1,3})>(1 (?=\d))?/;

/** Null when no known header starts the line. */
export function splitLogLine(line: string, ctx: LineContext): LineParts | null {
  const first = line.charCodeAt(0);
  if (first === 60 /* < */) {
    const pri = PRI.exec(line);
    if (pri === null) return null;
    const rest = line.slice(pri[0].length);
    // `<4>1 2019-…` is RFC 5424; `<4>Jul  4 …` is BSD syslog as sent over the wire (RFC 3164).
    if (pri[2] !== undefined || isUpper(rest.charCodeAt(0))) return splitLogLine(rest, ctx);
    // `<4>[12.3] msg` (dmesg -r) or `<4>msg` (/proc/kmsg without printk time: nothing to place it by).
    if (rest.charCodeAt(0) !== 91) return rest === "" ? null : { ts: null, message: rest, kernel: true };
  }
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
    const stamp = readClassicStamp(line, ctx.now, ctx.utcOffsetMinutes) ?? readCtimeStamp(line, ctx.utcOffsetMinutes, false);
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
  if (source !== "dmesg" && !line.includes(" kernel:") && !line.includes(" kernel - ")) return false;
  return !isPacketLogMessage(line);
}
