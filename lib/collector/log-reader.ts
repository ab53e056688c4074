import "server-only";
import {
  detectCommand,
  backfillFileCommand,
  dmesgCommand,
  fileTailCommand,
  journalCommand,
  LOG_FILES,
  rotatedRestCommand,
  type LogSourceName,
} from "@/lib/conntrack/log-command";
import { END_MARKER } from "@/lib/conntrack/collect-command";
import { splitSections } from "@/lib/conntrack/parse-collect";
import { orderRotatedFiles, parseLogLines, parseUtcOffset } from "@/lib/kernel-log/parse";
import type { KernelEvent, ParseCarry } from "@/lib/kernel-log/types";
import type { ExecResult } from "@/lib/ssh/host-connection";

/**
 * Reading a host's kernel log incrementally. The state says where the last read stopped (a file's
 * inode and byte offset, a journal cursor, the newest dmesg stamp); it is persisted, so a restarted
 * dashboard resumes instead of re-reading, and every event has a source-independent key so a
 * line met twice is stored once.
 */
export interface LogState {
  source: LogSourceName | "none" | null;
  utcOffsetMinutes: number;
  file: { inode: number; offset: number } | null;
  /** The syslog file is root-only here and is read with sudo -n (the host is configured for sudo). */
  fileSudo?: boolean;
  cursor: string | null;
  /** dmesg: boot the stamps belong to, and the newest stamp (seconds since boot) already read. */
  dmesg: { bootTimeMs: number; lastMono: number } | null;
  /**
   * What the parser needs from the previous chunk: occurrence counts of the last second (a read that
   * starts mid-second must not re-key lines already stored) and the last table-full time (a
   * `callbacks suppressed` line at the start of a chunk may belong to it).
   */
  carry: ParseCarry | null;
  lastReadAt: number | null;
  error: string | null;
}

export const EMPTY_LOG_STATE: LogState = {
  source: null,
  utcOffsetMinutes: 0,
  file: null,
  cursor: null,
  dmesg: null,
  carry: null,
  lastReadAt: null,
  error: null,
};

export interface LogReadContext {
  exec: (command: string) => Promise<ExecResult>;
  now: number;
  bootTimeMs: number | null;
  sudo: boolean;
  lookbackMs: number;
}

const TAIL_MAX_BYTES = 1 << 20;
const BACKFILL_MAX_BYTES = 64 << 20;

interface FileStat {
  path: string;
  inode: number;
  size: number;
  mtimeMs: number;
}

function parseStats(text: string | undefined): FileStat[] {
  const out: FileStat[] = [];
  for (const line of (text ?? "").split("\n")) {
    const m = /^(\S+) (\d+) (\d+) (\d+)$/.exec(line.trim());
    if (m) out.push({ path: m[1]!, inode: Number(m[2]), size: Number(m[3]), mtimeMs: Number(m[4]) * 1000 });
  }
  return out;
}

/** The bytes between `==> @data <==\n` and the end marker, without re-encoding (offsets are in bytes). */
function dataBytes(raw: Buffer): Buffer {
  const start = raw.indexOf("==> @data <==\n");
  const end = raw.lastIndexOf(END_MARKER);
  if (start < 0 || end < 0) throw new Error("log command output was cut short");
  return raw.subarray(start + "==> @data <==\n".length, end);
}

async function run(ctx: LogReadContext, command: string): Promise<ExecResult> {
  const res = await ctx.exec(command);
  if (res.exitCode !== 0) throw new Error(`log command exited with status ${res.exitCode}`);
  return res;
}

export async function readKernelLog(prev: LogState, ctx: LogReadContext): Promise<{ state: LogState; events: KernelEvent[] }> {
  const state: LogState = { ...prev, error: null };
  const events: KernelEvent[] = [];
  const parse = (text: string, source: LogSourceName) => {
    const res = parseLogLines(text, { source, now: ctx.now, utcOffsetMinutes: state.utcOffsetMinutes, bootTimeMs: ctx.bootTimeMs, carry: state.carry });
    state.carry = res.carry;
    events.push(...res.events);
  };

  try {
    // A host without a readable source is asked again each time: a fixed permission or a newly
    // installed rsyslog is picked up without a restart.
    if (state.source === null || state.source === "none") await detectAndBackfill(state, ctx, parse);
    else if (state.source === "journal") await readJournal(state, ctx, parse);
    else if (state.source === "dmesg") await readDmesg(state, ctx, parse);
    else if (state.source === "kern.log" || state.source === "messages") await readFileTail(state, state.source, ctx, parse);
    state.lastReadAt = ctx.now;
  } catch (err) {
    state.error = (err as Error).message;
  }
  return { state, events };
}

type Parse = (text: string, source: LogSourceName) => void;

/**
 * Overlap of the first journal read with the syslog files' history on a host that has both: lines
 * logged while the files were read are in the journal; the ones read twice have the same keys.
 */
const JOURNAL_TAKEOVER_OVERLAP_MS = 60_000;

async function detectAndBackfill(state: LogState, ctx: LogReadContext, parse: Parse): Promise<void> {
  const res = await run(ctx, detectCommand(ctx.sudo));
  const sections = splitSections(res.stdout);
  const detected = (sections.get("@sources") ?? "").split("\n").map((s) => s.trim()).filter(Boolean);
  state.fileSudo = detected.some((d) => d.endsWith("+sudo"));
  const sources = detected.map((d) => d.replace(/\+sudo$/, "")) as LogSourceName[];
  state.utcOffsetMinutes = parseUtcOffset((sections.get("@tz") ?? "+0000").trim());
  const stats = parseStats(sections.get("@files"));
  const fileSource = (["kern.log", "messages"] as const).find((s) => sources.includes(s)) ?? null;
  const since = ctx.now - ctx.lookbackMs;

  // History: the syslog files and their rotations cover weeks. The journal may not: EL7/EL8 keep it
  // in /run (since boot only) unless /var/log/journal was created; the ring buffer holds hours.
  if (fileSource) {
    const base = LOG_FILES[fileSource];
    const family = stats.filter((f) => f.path === base || f.path.startsWith(`${base}.`) || f.path.startsWith(`${base}-`));
    const current = family.find((f) => f.path === base);
    let budget = BACKFILL_MAX_BYTES;
    for (const p of orderRotatedFiles(family.map((f) => f.path))) {
      const f = family.find((x) => x.path === p)!;
      if (f.path !== base && f.mtimeMs < since) continue;
      if (budget <= 0) break;
      const bytes = f.path === base ? f.size : Math.min(f.size, budget);
      const r = await run(ctx, backfillFileCommand(f.path, bytes, state.fileSudo));
      budget -= r.stdoutBytes.length;
      parse(dataBytes(r.stdoutBytes).toString("utf8"), fileSource);
    }
    state.file = current ? { inode: current.inode, offset: current.size } : { inode: 0, offset: 0 };
  }
  // New lines: the journal, then dmesg, then the syslog files.
  if (sources.includes("journal")) {
    state.source = "journal";
    if (!fileSource) {
      await readJournal(state, ctx, parse, Math.floor(since / 1000));
      return;
    }
    // Take over from the files with a short overlap. Occurrence numbering starts afresh so the lines
    // read twice get the keys they got from the files.
    state.carry = null;
    await readJournal(state, ctx, parse, Math.floor((ctx.now - JOURNAL_TAKEOVER_OVERLAP_MS) / 1000));
    return;
  }
  if (sources.includes("dmesg")) {
    state.source = "dmesg";
    // With file history already read, only lines from now on come from the ring buffer.
    state.dmesg = { bootTimeMs: ctx.bootTimeMs ?? 0, lastMono: fileSource && ctx.bootTimeMs !== null ? (ctx.now - ctx.bootTimeMs) / 1000 : -1 };
    if (!fileSource) await readDmesg(state, ctx, parse);
    return;
  }
  state.source = fileSource ?? "none";
  if (state.source === "none") state.error = noSourceReason(sources);
}

/** Why a host has no kernel log to read, and what would change that. */
export function noSourceReason(detected: readonly string[]): string {
  const why: string[] = [];
  if (detected.includes("journal-unreadable")) {
    why.push("the journal shows this user no kernel messages (add it to the systemd-journal or adm group, or set sudo: true)");
  }
  if (detected.includes("kern.log-unreadable")) why.push("/var/log/kern.log is not readable by this user (group adm on Debian and Ubuntu)");
  if (detected.includes("messages-unreadable")) why.push("/var/log/messages is not readable by this user (root only on RHEL and CentOS: set sudo: true)");
  return why.length > 0
    ? `${why.join("; ")}; dmesg is restricted too`
    : "no journal, no /var/log/kern.log or /var/log/messages, and dmesg is restricted";
}

async function readJournal(state: LogState, ctx: LogReadContext, parse: Parse, sinceEpochSeconds = Math.floor((ctx.now - ctx.lookbackMs) / 1000)): Promise<void> {
  const res = await run(ctx, journalCommand({ cursor: state.cursor, sinceEpochSeconds, sudo: ctx.sudo }));
  const text = dataBytes(res.stdoutBytes).toString("utf8");
  const cursor = /^-- cursor: (\S+)$/m.exec(text.split("\n").filter((l) => l.startsWith("-- cursor:")).pop() ?? "");
  if (cursor?.[1]) state.cursor = cursor[1];
  parse(text, "journal");
}

async function readDmesg(state: LogState, ctx: LogReadContext, parse: Parse): Promise<void> {
  const res = await run(ctx, dmesgCommand(ctx.sudo));
  const boot = ctx.bootTimeMs ?? 0;
  // After a reboot the stamps start again from zero.
  if (!state.dmesg || Math.abs(state.dmesg.bootTimeMs - boot) > 60_000) state.dmesg = { bootTimeMs: boot, lastMono: -1 };
  const last = state.dmesg.lastMono;
  let newest = last;
  const fresh = dataBytes(res.stdoutBytes)
    .toString("utf8")
    .split("\n")
    .filter((line) => {
      const m = /^\[\s*(\d+\.\d+)\]/.exec(line);
      if (!m) return false;
      const mono = Number(m[1]);
      if (mono <= last) return false;
      newest = Math.max(newest, mono);
      return true;
    });
  state.dmesg.lastMono = newest;
  parse(fresh.join("\n"), "dmesg");
}

async function readFileTail(state: LogState, source: "kern.log" | "messages", ctx: LogReadContext, parse: Parse): Promise<void> {
  const base = LOG_FILES[source];
  const pos = state.file ?? { inode: 0, offset: 0 };
  const res = await run(ctx, fileTailCommand(source, pos.offset, TAIL_MAX_BYTES, state.fileSudo));
  const stats = parseStats(splitSections(res.stdout).get("@files"));
  const current = stats.find((f) => f.path === base);
  if (!current) throw new Error(`${base} is gone`);

  if (current.inode !== pos.inode) {
    // Rotated: finish the old file (now .1) from where we stopped, then start the new one at 0.
    const old = stats.find((f) => f.path === `${base}.1` && f.inode === pos.inode);
    if (old && old.size > pos.offset) {
      const rest = await run(ctx, rotatedRestCommand(old.path, pos.offset, BACKFILL_MAX_BYTES, state.fileSudo));
      parse(dataBytes(rest.stdoutBytes).toString("utf8"), source);
    }
    state.file = { inode: current.inode, offset: 0 };
    return readFileTail(state, source, ctx, parse);
  }
  if (current.size < pos.offset) {
    // Truncated in place (copytruncate): everything in it is new.
    state.file = { inode: current.inode, offset: 0 };
    return readFileTail(state, source, ctx, parse);
  }
  const data = dataBytes(res.stdoutBytes);
  // Keep a partial last line for the next read: offsets advance by whole lines only.
  const lastNl = data.lastIndexOf(0x0a);
  const consumed = lastNl < 0 ? 0 : lastNl + 1;
  parse(data.subarray(0, consumed).toString("utf8"), source);
  state.file = { inode: current.inode, offset: pos.offset + consumed };
}
