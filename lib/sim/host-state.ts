/**
 * Reads and rewrites the conntrack "procfs" of one simulated host: plain files inside its chroot.
 * Sysctl files hold decimal, the stat file `%08x`. Every rewrite is temp-file-plus-rename in the same
 * directory, so a poll running `head` in the chroot never sees a half-written file.
 *
 * Nothing about the values is cached: the files are the state, so an e2e test, the dashboard (raising
 * nf_conntrack_max over SSH) and the scenario driver all see each other's edits. The core is
 * synchronous on purpose: a 200-host scenario tick is ~2000 tiny file operations, and sync calls
 * cost a fraction of promise-and-threadpool round trips (the async exports are thin wrappers).
 */
import fs from "node:fs";
import path from "node:path";
import { HOST_PATHS, IP_PATHS, NF_PATHS } from "../conntrack/collect-command";
import { writeFileAtomicSync } from "./atomic-write";
import { CONNTRACK_S_FILE, formatConntrackS, parseConntrackS } from "./conntrack-s-file";
import { type CpuStats, formatStatFile, parseStatFile, trailingSpaceFor } from "./stat-file";

export { writeFileAtomicSync } from "./atomic-write";

export type { CpuStats } from "./stat-file";

export interface HostState {
  module: "nf_conntrack" | "ip_conntrack";
  count: number;
  max: number;
  buckets: number;
  hashsize: number;
  /** Null when the kernel has no /proc/net/stat file (Ubuntu). */
  statHeader: string | null;
  /** Where perCpu comes from: the procfs stat file, the host's `conntrack -S` output, or nowhere. */
  statSource: "procfs" | "conntrack-S" | null;
  /** Counter names of that source, in file order (procfs: the header's columns). */
  statColumns: string[];
  /** Empty when statSource is null. */
  perCpu: CpuStats[];
  uptimeSeconds: number;
  cpusOnline: number;
}

export interface HostStatePatch {
  count?: number;
  max?: number;
  buckets?: number;
  hashsize?: number;
  perCpu?: CpuStats[];
  uptimeSeconds?: number;
}

/** Which files make up a host's state. First path of a group is the module's own, the rest aliases. */
export interface HostLayout {
  module: "nf_conntrack" | "ip_conntrack";
  count: string[];
  max: string[];
  buckets: string[];
  hashsize: string;
  stat: string[];
  /** `conntrack -S` text of an Ubuntu host with conntrack-tools, or null. */
  netlink: string | null;
  uptime: string;
  /** The host's root, for what is read from more than one place (the CPU count). */
  root: string;
}

/** An absolute host path (`/proc/uptime`) inside a host's root. */
export const inRoot = (root: string, abs: string): string => path.join(root, abs.replace(/^\/+/, ""));

/** Null for a host without a conntrack module. CentOS 6 keeps ip_conntrack_* next to nf_*. */
export function detectLayout(root: string): HostLayout | null {
  const hasNf = fs.existsSync(inRoot(root, NF_PATHS.count));
  const hasIp = fs.existsSync(inRoot(root, IP_PATHS.count));
  if (!hasNf && !hasIp) return null;
  const own = hasNf ? NF_PATHS : IP_PATHS;
  const group = (key: "count" | "max" | "buckets" | "stat"): string[] =>
    [own[key], ...(hasNf && hasIp ? [IP_PATHS[key]] : [])].map((p) => inRoot(root, p)).filter((p) => fs.existsSync(p));
  return {
    module: hasNf ? "nf_conntrack" : "ip_conntrack",
    count: group("count"),
    max: group("max"),
    buckets: group("buckets"),
    hashsize: inRoot(root, own.hashsize),
    stat: group("stat"),
    netlink: fs.existsSync(path.join(root, CONNTRACK_S_FILE)) ? path.join(root, CONNTRACK_S_FILE) : null,
    uptime: inRoot(root, HOST_PATHS.uptime),
    root,
  };
}

function parseDecimal(text: string, file: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new Error(`${file}: expected a decimal number, got ${JSON.stringify(t)}`);
  return Number(t);
}

const readDecimal = (file: string): number => parseDecimal(fs.readFileSync(file, "utf8"), file);

/** Aliases are one variable in the kernel: the file written last is the value it holds. */
function readNewest(files: readonly string[]): number {
  let best = files[0];
  if (best === undefined) throw new Error("no file for value");
  if (files.length > 1) {
    let bestMtime = -1;
    for (const f of files) {
      const m = fs.statSync(f).mtimeMs;
      if (m > bestMtime) [best, bestMtime] = [f, m];
    }
  }
  return readDecimal(best);
}

/**
 * CPUs of a simulated host: its online list, or on hosts whose kernel has none (CentOS 5) the
 * `processor` entries of its /proc/cpuinfo.
 */
export function readCpuCountSync(root: string): number {
  try {
    return countCpuList(fs.readFileSync(inRoot(root, HOST_PATHS.cpusOnline), "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    const n = (fs.readFileSync(inRoot(root, "/proc/cpuinfo"), "utf8").match(/^processor\s*:/gm) ?? []).length;
    if (n === 0) throw new Error(`${root}: neither ${HOST_PATHS.cpusOnline} nor processors in /proc/cpuinfo`);
    return n;
  }
}

/** Counts CPUs in a kernel cpulist such as `0-7` or `0,2-5`. */
export function countCpuList(list: string): number {
  let n = 0;
  for (const part of list.trim().split(",")) {
    if (part === "") continue;
    const [a, b] = part.split("-").map(Number);
    if (a === undefined || !Number.isInteger(a)) throw new Error(`bad cpulist ${JSON.stringify(list)}`);
    n += b === undefined ? 1 : b - a + 1;
  }
  return n;
}

export function readHostStateSync(root: string, layout: HostLayout | null = detectLayout(root)): HostState | null {
  if (!layout) return null;
  const statFile = layout.stat[0];
  const table = statFile ? parseStatFile(fs.readFileSync(statFile, "utf8")) : null;
  const netlink = !table && layout.netlink ? parseConntrackS(fs.readFileSync(layout.netlink, "utf8")) : null;
  return {
    module: layout.module,
    count: readNewest(layout.count),
    max: readNewest(layout.max),
    buckets: readNewest(layout.buckets),
    hashsize: readDecimal(layout.hashsize),
    statHeader: table ? table.header : null,
    statSource: table ? "procfs" : netlink ? "conntrack-S" : null,
    statColumns: table ? table.columns : (netlink?.columns ?? []),
    perCpu: table ? table.perCpu : (netlink?.perCpu ?? []),
    uptimeSeconds: Number.parseFloat(fs.readFileSync(layout.uptime, "utf8").trim().split(/\s+/)[0] ?? "0"),
    cpusOnline: readCpuCountSync(layout.root),
  };
}

/** Returns null for a host without a conntrack module (no netfilter files at all). */
export async function readHostState(root: string): Promise<HostState | null> {
  return readHostStateSync(root);
}

const writeAll = (files: readonly string[], value: number, recycle = false): void => {
  for (const f of files) writeFileAtomicSync(f, `${Math.max(0, Math.floor(value))}\n`, { recycle });
};

/** /proc/uptime: seconds since boot and idle seconds summed over CPUs, both `%lu.%02lu`. */
export function formatUptime(uptimeSeconds: number, cpus: number): string {
  const up = Math.max(0, uptimeSeconds);
  return `${up.toFixed(2)} ${(up * cpus * 0.93).toFixed(2)}\n`;
}

/** What the caller already knows from a read in the same tick, to skip re-reading it. */
export interface WriteHints {
  layout?: HostLayout | null;
  state?: Pick<HostState, "statHeader" | "statColumns" | "cpusOnline" | "count">;
  /** The caller rewrites these files every tick: use the inode-recycling write (scenario only). */
  recycle?: boolean;
}

/**
 * Rewrites only the files the patch touches (the max file is left alone unless `max` is given, so
 * a limit the dashboard just raised is never clobbered). The stat header is kept from the host's
 * existing file; `perCpu` goes to the `conntrack -S` file on hosts that have one instead, and is
 * silently ignored on hosts with neither.
 */
export function writeHostStateSync(root: string, patch: HostStatePatch, hints: WriteHints = {}): void {
  const layout = hints.layout === undefined ? detectLayout(root) : hints.layout;
  const uptimeFile = layout?.uptime ?? inRoot(root, HOST_PATHS.uptime);
  if (patch.uptimeSeconds !== undefined) {
    const cpus = hints.state?.cpusOnline ?? readCpuCountSync(root);
    // The boot time first: a clock tick between the two writes then already counts from the new boot.
    writeBootAnchor(root, Date.now() - Math.round(patch.uptimeSeconds * 1000));
    writeFileAtomicSync(uptimeFile, formatUptime(patch.uptimeSeconds, cpus), { recycle: hints.recycle });
  }
  if (!layout) {
    if (patch.count ?? patch.max ?? patch.buckets ?? patch.hashsize ?? patch.perCpu) {
      throw new Error(`${root}: host has no conntrack files to write`);
    }
    return;
  }
  if (patch.max !== undefined) writeAll(layout.max, patch.max);
  if (patch.buckets !== undefined) writeAll(layout.buckets, patch.buckets);
  if (patch.hashsize !== undefined) writeAll([layout.hashsize], patch.hashsize);
  if (patch.count !== undefined) writeAll(layout.count, patch.count, hints.recycle);
  const statFile = layout.stat[0];
  if (statFile && (patch.count !== undefined || patch.perCpu !== undefined)) {
    const known = hints.state?.statHeader;
    // The header is the host's kernel generation; only re-read the file when the caller has not.
    const table = known && patch.perCpu
      ? { header: known, perCpu: patch.perCpu, trailingSpace: trailingSpaceFor(known) }
      : parseStatFile(fs.readFileSync(statFile, "utf8"));
    const count = patch.count ?? hints.state?.count ?? readNewest(layout.count);
    const text = formatStatFile({ ...table, perCpu: patch.perCpu ?? table.perCpu }, count);
    for (const f of layout.stat) writeFileAtomicSync(f, text, { recycle: hints.recycle });
  } else if (!statFile && layout.netlink && patch.perCpu) {
    const columns = hints.state?.statColumns.length
      ? hints.state.statColumns
      : parseConntrackS(fs.readFileSync(layout.netlink, "utf8")).columns;
    writeFileAtomicSync(layout.netlink, formatConntrackS(columns, patch.perCpu), { recycle: hints.recycle });
  }
}

export async function writeHostState(root: string, patch: HostStatePatch): Promise<void> {
  writeHostStateSync(root, patch);
}

/**
 * The simulator's own bookkeeping inside a host's root (`/.sim/…`). Nothing the dashboard runs reads
 * it, except through the stand-ins that play kernel interfaces (the `dmesg` ring buffer).
 */
export const SIM_META_DIR = ".sim";
const BOOT_ANCHOR = `${SIM_META_DIR}/boot-ms`;

/** When the host booted, epoch ms; /proc/uptime is derived from it (see tickUptimeSync). */
export function readBootAnchor(root: string): number | null {
  try {
    const v = Number(fs.readFileSync(path.join(root, BOOT_ANCHOR), "utf8").trim());
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function writeBootAnchor(root: string, bootMs: number): void {
  fs.mkdirSync(path.join(root, SIM_META_DIR), { recursive: true, mode: 0o700 });
  writeFileAtomicSync(path.join(root, BOOT_ANCHOR), `${Math.round(bootMs)}\n`);
}

/**
 * Moves /proc/uptime on to `nowMs - boot time`, as a real host's clock does. Only this and
 * writeHostStateSync (which sets a new boot time, e.g. a reboot) write the file. A boot time changed
 * by another process while this tick wrote is caught by reading it again: the file is rewritten
 * from the new one at once. Returns the uptime written, or null for a host without the files.
 */
export function tickUptimeSync(root: string, nowMs = Date.now(), cpus?: number): number | null {
  const file = inRoot(root, HOST_PATHS.uptime);
  let boot = readBootAnchor(root);
  if (boot === null) {
    // A root built before boot anchors existed: anchor it at what it reports now.
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      return null;
    }
    boot = nowMs - Math.round(Number.parseFloat(text.trim().split(/\s+/)[0] ?? "0") * 1000);
    writeBootAnchor(root, boot);
  }
  const n = cpus ?? readCpuCountSync(root);
  for (let i = 0; i < 3; i++) {
    const uptime = Math.max(0, (nowMs - boot) / 1000);
    writeFileAtomicSync(file, formatUptime(uptime, n), { recycle: true });
    const again = readBootAnchor(root);
    if (again === null || again === boot) return uptime;
    boot = again;
  }
  return Math.max(0, (nowMs - boot) / 1000);
}

/** The host's syslog file: kern.log on Debian-likes, messages on RHEL-likes. */
export function hostLogFile(root: string): string {
  const kern = path.join(root, "var/log/kern.log");
  return fs.existsSync(kern) ? kern : path.join(root, "var/log/messages");
}

/** Appends finished syslog lines (no trailing newline needed) to the host's kernel log. */
export async function appendKernelLog(root: string, lines: readonly string[]): Promise<string> {
  const file = hostLogFile(root);
  if (lines.length > 0) fs.appendFileSync(file, `${lines.join("\n")}\n`);
  return file;
}
