/**
 * Commands that read a host's kernel log. Every command is a fixed template; the only values that
 * reach one are integers checked here and journal cursors / file names checked against strict
 * patterns. Host names, tags and user text never do.
 *
 * Output is framed like the poll command: `==> @section <==` lines between parts, `==> @end <==` last.
 */

import { asRoot, END_MARKER } from "./collect-command";

export type LogSourceName = "journal" | "dmesg" | "kern.log" | "messages";

export const LOG_FILES = { "kern.log": "/var/log/kern.log", messages: "/var/log/messages" } as const;

/**
 * Kernel-log lines worth shipping: conntrack messages and the ratelimit notes that follow them, in
 * every era's wording: `net_ratelimit: N callbacks suppressed` (3.x+), `__ratelimit: N callbacks
 * suppressed` (2.6.32, CentOS 6) and `printk: N messages suppressed.` (2.6.18, CentOS 5).
 */
const FILTER = "grep -a -E 'conntrack|ratelimit: [0-9]+ callbacks suppressed|printk: [0-9]+ messages suppressed|-- cursor:'";

function int(name: string, v: number, max = Number.MAX_SAFE_INTEGER): string {
  if (!Number.isSafeInteger(v) || v < 0 || v > max) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return String(v);
}

// journald cursors are `key=hex;key=hex;…`: nothing that could end a quoted word.
const CURSOR_RE = /^[A-Za-z0-9=;_-]{1,512}$/;
export function checkCursor(cursor: string): string {
  if (!CURSOR_RE.test(cursor)) throw new RangeError("journal cursor has unexpected characters");
  return cursor;
}

// Rotated names as logrotate makes them: kern.log.1, kern.log.2.gz, messages-20261122(.gz).
const ROTATED_RE = /^\/var\/log\/(kern\.log|messages)(\.[0-9]{1,3}|-[0-9]{8})?(\.gz)?$/;
export function checkLogPath(p: string): string {
  if (!ROTATED_RE.test(p)) throw new RangeError(`not a kernel log path: ${p}`);
  return p;
}

const end = `echo '${END_MARKER}'`;

/**
 * Which sources the host has, its UTC offset (syslog stamps carry none), and the log files with inode,
 * size, mtime. The journal counts only when it yields a kernel message to this user: journalctl
 * without the right group shows the user's own journal and nothing else, and would be read forever
 * without a single kernel line. dmesg counts only when the ring buffer is readable (dmesg_restrict).
 * A syslog file only root can read is `<file>+sudo` when sudo -n may read it. Sources that exist but
 * cannot be read are listed as `<source>-unreadable`, for the message that says what to change.
 */
export function detectCommand(sudo: boolean): string {
  const s = asRoot(sudo);
  return [
    "LC_ALL=C",
    "echo '==> @sources <=='",
    "{ [ -d /var/log/journal ] || [ -d /run/log/journal ]; } && command -v journalctl >/dev/null 2>&1" +
      ` && { [ -n "$(${s}journalctl -q --no-pager -n 1 -o cat _TRANSPORT=kernel 2>/dev/null)" ] && echo journal || echo journal-unreadable; }`,
    ...(["kern.log", "messages"] as const).map((name) => {
      const f = LOG_FILES[name];
      // Readable as this user; else through sudo where configured (`+sudo`: read it with sudo -n).
      const viaSudo = sudo ? `if sudo -n test -r ${f} 2>/dev/null; then echo ${name}+sudo; else echo ${name}-unreadable; fi` : `echo ${name}-unreadable`;
      return `if [ -r ${f} ]; then echo ${name}; elif [ -e ${f} ]; then ${viaSudo}; fi`;
    }),
    `${s}dmesg >/dev/null 2>&1 && echo dmesg`,
    "echo '==> @tz <=='",
    "date +%z",
    "echo '==> @files <=='",
    "stat -L -c '%n %i %s %Y' /var/log/kern.log* /var/log/messages* 2>/dev/null",
    end,
  ].join("; ");
}

/** `maxBytes` (in whole 64 KiB blocks) of `file` from byte `offset` on; `file` is a checked path. */
function readFrom(file: string, offset: number, maxBytes: number, sudo: boolean): string {
  const blocks = Math.max(1, Math.ceil(Number(int("maxBytes", maxBytes, 64 << 20)) / 65536));
  return `${asRoot(sudo)}dd if=${file} bs=65536 skip=${int("offset", offset)} iflag=skip_bytes count=${blocks} status=none 2>/dev/null`;
}

/** Up to `maxBytes` of `file` after `offset`, with the inode/size of the file and of its first rotation. */
export function fileTailCommand(source: "kern.log" | "messages", offset: number, maxBytes: number, sudo = false): string {
  const file = LOG_FILES[source];
  return [
    "LC_ALL=C",
    "echo '==> @files <=='",
    `stat -L -c '%n %i %s %Y' ${file} ${file}.1 2>/dev/null`,
    "echo '==> @data <=='",
    readFrom(file, offset, maxBytes, sudo),
    end,
  ].join("; ");
}

/** The rest of a rotated file after `offset` (the lines written between our last read and the rotation). */
export function rotatedRestCommand(path: string, offset: number, maxBytes: number, sudo = false): string {
  return ["LC_ALL=C", "echo '==> @data <=='", readFrom(checkLogPath(path), offset, maxBytes, sudo), end].join("; ");
}

/** Backfill of one whole log file (gunzipped on the host), filtered to conntrack lines. */
export function backfillFileCommand(path: string, bytes: number, sudo = false): string {
  const p = checkLogPath(path);
  const read = p.endsWith(".gz") ? `${asRoot(sudo)}gzip -dc ${p}` : `${asRoot(sudo)}head -c ${int("bytes", bytes)} ${p}`;
  return ["LC_ALL=C", "echo '==> @data <=='", `${read} 2>/dev/null | ${FILTER}`, end].join("; ");
}

/**
 * journald: kernel messages since `sinceEpoch` (first contact) or after `cursor`. The match is
 * `_TRANSPORT=kernel` rather than `-k`, which implies `-b` and would hide every boot but the current
 * one: the drops that led to a reboot are exactly the ones a postmortem needs.
 */
export function journalCommand(opts: { cursor: string | null; sinceEpochSeconds: number; sudo: boolean }): string {
  const from = opts.cursor ? `--after-cursor='${checkCursor(opts.cursor)}'` : `--since=@${int("since", opts.sinceEpochSeconds)}`;
  return [
    "LC_ALL=C",
    "echo '==> @data <=='",
    `${asRoot(opts.sudo)}journalctl -q --no-pager -o short-iso-precise --show-cursor ${from} _TRANSPORT=kernel 2>/dev/null | ${FILTER}`,
    end,
  ].join("; ");
}

/** The kernel ring buffer with monotonic stamps; the caller keeps what is newer than its last read. */
export function dmesgCommand(sudo: boolean): string {
  return ["LC_ALL=C", "echo '==> @data <=='", `${asRoot(sudo)}dmesg 2>/dev/null | ${FILTER}`, end].join("; ");
}
