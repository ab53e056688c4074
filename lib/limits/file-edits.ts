/**
 * Edits of existing config files, defined once and run twice: by `awk` on the host (SET_LINE_AWK,
 * a fixed program) and by `setLine` here, so the dialog can show the exact resulting file before
 * anything runs and the executor can compare the host's file with it afterwards. The regexes are
 * plain ERE that mean the same to awk (LC_ALL=C) and to JavaScript (with the `s` flag, `.` matches
 * a stray `\r` as it does in awk).
 */

export interface SetLineEdit {
  /** Lines setting the value: the first is replaced by `line`, the rest are dropped (no duplicates). */
  match: string;
  /** With no matching line: insert `line` before the first line matching this (e.g. `exit 0`); "" = append. */
  before: string;
  line: string;
}

const KEY_ALTERNATIVES = "net[./]netfilter[./]nf_conntrack_max|net[./]nf_conntrack_max|net[./]ipv4[./]netfilter[./]ip_conntrack_max";

/** A sysctl.conf(5) line for the limit under any of its names (`-` prefix = ignore errors, `/` separators). */
export const SYSCTL_MAX_LINE = `^[ \\t]*-?(${KEY_ALTERNATIVES})[ \\t]*=`;

/** rc.local lines that set the limit: `echo N > /proc/…` (the seed's way) or `sysctl -w key=N`. */
export const RC_MAX_LINE =
  "^[ \\t]*(echo[ \\t]+\"?[0-9]+\"?[ \\t]*>>?[ \\t]*/proc/sys/net/(netfilter/nf_conntrack_max|ipv4/netfilter/ip_conntrack_max)" +
  `|(/usr)?(/s?bin/)?sysctl[ \\t]+(-[A-Za-z]+[ \\t]+)*(${KEY_ALTERNATIVES})[ \\t]*=[ \\t]*"?[0-9]+"?)[ \\t]*(#.*)?$`;

/** A top-level `exit` (column 0): lines appended after it would never run. */
export const RC_EXIT_LINE = "^exit([ \\t]|$)";

export const MODULE_LINE = "^[ \\t]*nf_conntrack[ \\t]*$";

/**
 * The awk side of setLine. Buffers the file (config files are small), remembers the first matching
 * line, then prints: matching lines collapse into one `l` at the first one's place; without any,
 * `l` goes before the first `ex` line or at the end. Written without `'` or `!` so it can sit inside
 * `sh -c '…'` under any login shell (csh expands `!` even in single quotes).
 */
export const SET_LINE_AWK =
  "{ a[NR] = $0 } f == 0 && $0 ~ re { f = NR } END { for (i = 1; i <= NR; i++) { " +
  "if (a[i] ~ re) { if (i == f) print l; continue }; " +
  'if (f == 0 && x == 0 && length(ex) > 0 && a[i] ~ ex) { print l; x = 1 }; print a[i] }; ' +
  "if (f == 0 && x == 0) print l }";

/** awk's records: split on \n; a final newline ends the last record rather than starting an empty one. */
function records(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

export function setLine(text: string, edit: SetLineEdit): string {
  const re = new RegExp(edit.match, "s");
  const ex = edit.before === "" ? null : new RegExp(edit.before, "s");
  const lines = records(text);
  const first = lines.findIndex((l) => re.test(l));
  const out: string[] = [];
  let inserted = false;
  lines.forEach((l, i) => {
    if (re.test(l)) {
      if (i === first) out.push(edit.line);
      return;
    }
    if (first === -1 && !inserted && ex?.test(l)) {
      out.push(edit.line);
      inserted = true;
    }
    out.push(l);
  });
  if (first === -1 && !inserted) out.push(edit.line);
  return out.map((l) => `${l}\n`).join("");
}

/** Values of every line setting the limit (for notes such as "sysctl.conf also sets 65536"). */
export function settingValues(text: string, match: string): string[] {
  const re = new RegExp(match, "s");
  return records(text)
    .filter((l) => re.test(l))
    .map((l) => /([0-9]+)"?[ \t]*(#.*)?$/.exec(l.replace(/\r$/, ""))?.[1] ?? "?");
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/**
 * What POSIX `cksum < file` prints: "CRC LENGTH". Two integers, so a precondition on a file's exact
 * content fits the "only integers in commands" rule.
 */
export function posixCksum(bytes: Uint8Array): string {
  let crc = 0;
  const add = (b: number): void => {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ b) & 0xff] ?? 0)) >>> 0;
  };
  for (const b of bytes) add(b);
  for (let n = bytes.length; n > 0; n = Math.floor(n / 256)) add(n & 0xff);
  return `${(~crc) >>> 0} ${bytes.length}`;
}

export const cksumOfText = (text: string): string => posixCksum(Buffer.from(text, "utf8"));

/** `od -An -v -tx1` output → bytes. Null when a line is not a hex dump. */
export function decodeOdHex(lines: readonly string[]): Buffer | null {
  const bytes: number[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (t === "") continue;
    if (!/^[0-9a-f]{2}( +[0-9a-f]{2})*$/.test(t)) return null;
    for (const h of t.split(/ +/)) bytes.push(Number.parseInt(h, 16));
  }
  return Buffer.from(bytes);
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Text of a config file, or null when it is not valid UTF-8 (we do not edit what we cannot show). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
