/**
 * Reads and rewrites the conntrack "procfs" of one simulated host: plain files inside its chroot.
 * Sysctl files hold decimal, the stat file `%08x`. Every rewrite is temp-file-plus-rename in the same
 * directory, so a poll running `head` in the chroot never sees a half-written file.
 *
 * Nothing about the host is cached: the files are the state, so an e2e test, the dashboard (raising
 * nf_conntrack_max over SSH) and the scenario driver can all change a host and see each other's edits.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { HOST_PATHS, IP_PATHS, NF_PATHS } from "../conntrack/collect-command";
import { type CpuStats, formatStatFile, parseStatFile } from "./stat-file";

export type { CpuStats } from "./stat-file";

export interface HostState {
  module: "nf_conntrack" | "ip_conntrack";
  count: number;
  max: number;
  buckets: number;
  hashsize: number;
  /** Null when the kernel has no /proc/net/stat file (Ubuntu); perCpu is then empty. */
  statHeader: string | null;
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

interface Layout {
  module: "nf_conntrack" | "ip_conntrack";
  count: string[];
  max: string[];
  buckets: string[];
  hashsize: string;
  stat: string[];
}

const inRoot = (root: string, abs: string): string => path.join(root, abs.replace(/^\/+/, ""));

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/**
 * Which files make up the host's conntrack state. The first path of a group is the module's own;
 * the others are aliases of the same kernel variable (CentOS 6 keeps ip_conntrack_* next to nf_*).
 */
async function detectLayout(root: string): Promise<Layout | null> {
  const nfCount = inRoot(root, NF_PATHS.count);
  const ipCount = inRoot(root, IP_PATHS.count);
  const [hasNf, hasIp] = await Promise.all([exists(nfCount), exists(ipCount)]);
  if (!hasNf && !hasIp) return null;
  const primary = hasNf ? NF_PATHS : IP_PATHS;
  const groups = {
    count: [primary.count], max: [primary.max], buckets: [primary.buckets], stat: [primary.stat],
  };
  if (hasNf && hasIp) {
    groups.count.push(IP_PATHS.count);
    groups.max.push(IP_PATHS.max);
    groups.buckets.push(IP_PATHS.buckets);
    groups.stat.push(IP_PATHS.stat);
  }
  const keep = async (paths: string[]): Promise<string[]> => {
    const full = paths.map((p) => inRoot(root, p));
    const present = await Promise.all(full.map(exists));
    return full.filter((_, i) => present[i]);
  };
  return {
    module: hasNf ? "nf_conntrack" : "ip_conntrack",
    count: await keep(groups.count),
    max: await keep(groups.max),
    buckets: await keep(groups.buckets),
    hashsize: inRoot(root, primary.hashsize),
    stat: await keep(groups.stat),
  };
}

function parseDecimal(text: string, file: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new Error(`${file}: expected a decimal number, got ${JSON.stringify(t)}`);
  return Number(t);
}

/** Aliases are one variable in the kernel: the file written last is the value it holds. */
async function readNewest(files: readonly string[]): Promise<number> {
  const first = files[0];
  if (first === undefined) throw new Error("no file for value");
  let best = first;
  if (files.length > 1) {
    const stats = await Promise.all(files.map((f) => fs.stat(f)));
    let bestMtime = -1;
    stats.forEach((s, i) => {
      const f = files[i];
      if (f !== undefined && s.mtimeMs > bestMtime) [best, bestMtime] = [f, s.mtimeMs];
    });
  }
  return parseDecimal(await fs.readFile(best, "utf8"), best);
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

/** Returns null for a host without a conntrack module (no netfilter files at all). */
export async function readHostState(root: string): Promise<HostState | null> {
  const layout = await detectLayout(root);
  if (!layout) return null;
  const statFile = layout.stat[0];
  const [count, max, buckets, hashsize, statText, uptimeText, cpuText] = await Promise.all([
    readNewest(layout.count),
    readNewest(layout.max),
    readNewest(layout.buckets),
    fs.readFile(layout.hashsize, "utf8").then((t) => parseDecimal(t, layout.hashsize)),
    statFile ? fs.readFile(statFile, "utf8") : Promise.resolve(null),
    fs.readFile(inRoot(root, HOST_PATHS.uptime), "utf8"),
    fs.readFile(inRoot(root, HOST_PATHS.cpusOnline), "utf8"),
  ]);
  const table = statText === null ? null : parseStatFile(statText);
  return {
    module: layout.module,
    count, max, buckets, hashsize,
    statHeader: table ? table.header : null,
    perCpu: table ? table.perCpu : [],
    uptimeSeconds: Number.parseFloat(uptimeText.trim().split(/\s+/)[0] ?? "0"),
    cpusOnline: countCpuList(cpuText),
  };
}

let tmpSeq = 0;

/** Temp file in the same directory plus rename: readers see the old or the new file, never half. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.sim-${process.pid}-${++tmpSeq}`);
  await fs.writeFile(tmp, content, { mode: 0o644 });
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

const writeAll = (files: readonly string[], value: number): Promise<void[]> =>
  Promise.all(files.map((f) => writeFileAtomic(f, `${Math.max(0, Math.floor(value))}\n`)));

/**
 * Rewrites only the files the patch touches (the max file is left alone unless `max` is given, so
 * a limit the dashboard just raised is never clobbered). The stat header is kept from the host's
 * existing file; hosts without a stat file silently ignore `perCpu`.
 */
export async function writeHostState(root: string, patch: HostStatePatch): Promise<void> {
  const layout = await detectLayout(root);
  const jobs: Promise<unknown>[] = [];
  if (patch.uptimeSeconds !== undefined) jobs.push(writeUptime(root, patch.uptimeSeconds));
  if (!layout) {
    await Promise.all(jobs);
    if (patch.count ?? patch.max ?? patch.buckets ?? patch.hashsize ?? patch.perCpu) {
      throw new Error(`${root}: host has no conntrack files to write`);
    }
    return;
  }
  if (patch.max !== undefined) jobs.push(writeAll(layout.max, patch.max));
  if (patch.buckets !== undefined) jobs.push(writeAll(layout.buckets, patch.buckets));
  if (patch.hashsize !== undefined) jobs.push(writeAll([layout.hashsize], patch.hashsize));
  if (patch.count !== undefined) jobs.push(writeAll(layout.count, patch.count));
  const statFile = layout.stat[0];
  if (statFile && (patch.count !== undefined || patch.perCpu !== undefined)) {
    jobs.push(
      (async () => {
        const table = parseStatFile(await fs.readFile(statFile, "utf8"));
        const count = patch.count ?? (await readNewest(layout.count));
        const text = formatStatFile({ ...table, perCpu: patch.perCpu ?? table.perCpu }, count);
        await Promise.all(layout.stat.map((f) => writeFileAtomic(f, text)));
      })(),
    );
  }
  await Promise.all(jobs);
}

async function writeUptime(root: string, uptimeSeconds: number): Promise<void> {
  const cpus = countCpuList(await fs.readFile(inRoot(root, HOST_PATHS.cpusOnline), "utf8"));
  await writeFileAtomic(inRoot(root, HOST_PATHS.uptime), formatUptime(uptimeSeconds, cpus));
}

/** /proc/uptime: seconds since boot and idle seconds summed over CPUs, both `%lu.%02lu`. */
export function formatUptime(uptimeSeconds: number, cpus: number): string {
  const up = Math.max(0, uptimeSeconds);
  return `${up.toFixed(2)} ${(up * cpus * 0.93).toFixed(2)}\n`;
}

/** The host's syslog file: kern.log on Debian-likes, messages on RHEL-likes. */
export async function hostLogFile(root: string): Promise<string> {
  const kern = path.join(root, "var/log/kern.log");
  return (await exists(kern)) ? kern : path.join(root, "var/log/messages");
}

/** Appends finished syslog lines (no trailing newline needed) to the host's kernel log. */
export async function appendKernelLog(root: string, lines: readonly string[]): Promise<string> {
  const file = await hostLogFile(root);
  if (lines.length > 0) await fs.appendFile(file, `${lines.join("\n")}\n`);
  return file;
}
