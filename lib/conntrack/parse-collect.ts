/**
 * Turns the stdout of COLLECT_COMMAND (one `head -v` over procfs/sysfs files, then an end marker) into a
 * HostReading.
 */
import { CONNTRACK_S_SECTION, END_MARKER, HOST_PATHS, IP_PATHS, NF_PATHS } from "./collect-command";
import { ParseError, parseConntrackS, parseConntrackStat, type ConntrackStat } from "./parse-stat";

export interface HostFacts {
  kernel: string | null;
  cores: number | null;
  /**
   * Where `cores` came from: the online CPU list, or (kernels before /sys/devices/system/cpu/online,
   * CentOS 5) the per-CPU rows of the conntrack stat file, one per *possible* CPU, so it may count CPUs
   * that are not online. Null with `cores`.
   */
  coresSource?: "cpu-online" | "stat-rows" | null;
  memTotalBytes: number | null;
  uptimeSeconds: number | null;
}

export interface StatTotals {
  drop: number;
  earlyDrop: number;
  insertFailed: number;
  invalid: number | null;
  searchRestart: number | null;
  columns: Record<string, number>;
}

export type HostReading =
  | {
      kind: "conntrack";
      module: "nf_conntrack" | "ip_conntrack";
      count: number;
      max: number;
      buckets: number | null;
      stat: StatTotals | null;
      statSource: "procfs" | "conntrack-S" | null;
      facts: HostFacts;
    }
  | { kind: "no-conntrack"; facts: HostFacts };

interface ModulePaths {
  count: string;
  max: string;
  buckets: string;
  hashsize: string;
  stat: string;
}

/** nf_conntrack first: CentOS 6 also serves the ip_conntrack names as aliases of the same counters. */
const MODULES: readonly ["nf_conntrack" | "ip_conntrack", ModulePaths][] = [
  ["nf_conntrack", NF_PATHS],
  ["ip_conntrack", IP_PATHS],
];

const HEADER = /^==> (.+) <==$/;

function sample(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Framed output (`==> name <==` headers, `==> @end <==` last) → name → text. For the poll command the
 * names are paths (missing files have no section: head skips what it cannot open); the log commands
 * use the same framing with `@section` names.
 */
export function splitSections(stdout: string): Map<string, string> {
  const lines = stdout.replace(/\r\n?/g, "\n").split("\n");
  const end = lines.findIndex((l) => l.includes(END_MARKER));
  if (end === -1) throw new ParseError("truncated output: end marker missing");
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const [i, line] of lines.slice(0, end + 1).entries()) {
    // A last file without a trailing newline glues the marker (printed by echo, not head) to its last line.
    const text = i === end ? line.slice(0, line.indexOf(END_MARKER)) : line;
    const header = HEADER.exec(text.trimEnd());
    if (header?.[1] !== undefined) {
      current = [];
      if (!sections.has(header[1])) sections.set(header[1], current);
      continue;
    }
    // Lines before the first header are shell noise (a chatty rc file), not file content.
    if (text !== "" || i !== end) current?.push(text);
  }
  // head separates files with one blank line; no file we read ends in blank lines of its own.
  return new Map([...sections].map(([path, body]) => [path, body.join("\n").replace(/\n+$/, "")]));
}

/** A sysctl/sysfs integer; null when the file is absent, ParseError when it is present but not one. */
function readInteger(sections: Map<string, string>, path: string): number | null {
  const text = sections.get(path);
  if (text === undefined) return null;
  const value = text.trim();
  if (!/^\d{1,15}$/.test(value)) throw new ParseError(`${path}: expected a non-negative integer, got ${sample(value)}`);
  return Number(value);
}

function pickModule(sections: Map<string, string>): ["nf_conntrack" | "ip_conntrack", ModulePaths] | null {
  for (const [module, paths] of MODULES) {
    const hasCount = sections.has(paths.count);
    const hasMax = sections.has(paths.max);
    if (hasCount && hasMax) return [module, paths];
    if (hasCount) {
      // Kernels hide the *_max sysctl from network namespaces owned by a non-initial user namespace.
      throw new ParseError(`${paths.max} is missing while ${paths.count} is present (unprivileged container?)`);
    }
    if (hasMax) throw new ParseError(`${paths.count} is missing while ${paths.max} is present`);
  }
  return null;
}

/** Drop counters from either stat source (procfs columns and `conntrack -S` share these names). */
export function toStatTotals(stat: ConntrackStat): StatTotals {
  const need = (name: string): number => {
    const value = stat.totals[name];
    if (value === undefined) throw new ParseError(`conntrack stat has no ${name} column`);
    return value;
  };
  return {
    drop: need("drop"),
    earlyDrop: need("early_drop"),
    insertFailed: need("insert_failed"),
    invalid: stat.totals.invalid ?? null,
    searchRestart: stat.totals.search_restart ?? null,
    columns: { ...stat.totals },
  };
}

/**
 * The stat file the host has, whichever family its sysctls belong to: `/proc/net/stat/nf_conntrack` is
 * the nf_conntrack module's and `ip_conntrack` the 2.6.18 module's (and CentOS 6's compatibility alias
 * of the same counters), but a kernel with one family's sysctls and only the other's stat file still
 * counts drops there. The module's own file first.
 */
function readStat(sections: Map<string, string>, module: "nf_conntrack" | "ip_conntrack"): { totals: StatTotals; cpuRows: number } | null {
  const paths = module === "nf_conntrack" ? [NF_PATHS.stat, IP_PATHS.stat] : [IP_PATHS.stat, NF_PATHS.stat];
  for (const path of paths) {
    const text = sections.get(path);
    if (text === undefined) continue;
    try {
      const stat = parseConntrackStat(text);
      return { totals: toStatTotals(stat), cpuRows: stat.perCpu.length };
    } catch (err) {
      if (err instanceof ParseError) throw new ParseError(`${path}: ${err.message}`);
      throw err;
    }
  }
  return null;
}

/** Number of CPUs in a kernel cpulist such as `0-3,5,7-8` (the format of /sys/devices/system/cpu/online). */
export function parseCpuList(text: string): number {
  const list = text.trim();
  if (list === "") throw new ParseError("empty CPU list");
  let count = 0;
  for (const part of list.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = Number(m?.[1]);
    const last = m?.[2] === undefined ? first : Number(m[2]);
    if (!m || last < first) throw new ParseError(`bad CPU list ${sample(list)}`);
    count += last - first + 1;
  }
  return count;
}

/** MemTotal from /proc/meminfo in bytes; the kernel's "kB" there means KiB. */
export function parseMeminfoTotal(text: string): number | null {
  const m = /^MemTotal:\s+(\d+) kB\s*$/m.exec(text.replace(/\r\n?/g, "\n"));
  return m?.[1] === undefined ? null : Number(m[1]) * 1024;
}

/** Facts are context for the operator: an odd value becomes null rather than failing the poll. */
function readFacts(sections: Map<string, string>): HostFacts {
  const kernel = sections.get(HOST_PATHS.osrelease)?.trim() || null;
  const online = sections.get(HOST_PATHS.cpusOnline);
  let cores: number | null = null;
  try {
    cores = online === undefined ? null : parseCpuList(online);
  } catch {
    cores = null;
  }
  const meminfo = sections.get(HOST_PATHS.meminfo);
  const uptimeField = sections.get(HOST_PATHS.uptime)?.trim().split(/\s+/)[0] ?? "";
  const uptime = /^\d+(\.\d+)?$/.test(uptimeField) ? Number(uptimeField) : null;
  return {
    kernel,
    cores,
    coresSource: cores === null ? null : "cpu-online",
    memTotalBytes: meminfo === undefined ? null : parseMeminfoTotal(meminfo),
    uptimeSeconds: uptime,
  };
}

export function parseCollectOutput(stdout: string): HostReading {
  const sections = splitSections(stdout);
  const facts = readFacts(sections);
  const picked = pickModule(sections);
  if (picked === null) return { kind: "no-conntrack", facts };
  const [module, paths] = picked;
  const count = readInteger(sections, paths.count);
  const max = readInteger(sections, paths.max);
  if (count === null || max === null) throw new ParseError(`${paths.count} or ${paths.max} vanished`);
  // hashsize is mode 0600 (module_param_call): only a root poll sees it, hence the buckets sysctl first.
  const buckets = readInteger(sections, paths.buckets) ?? readInteger(sections, paths.hashsize);
  const stat = readStat(sections, module);
  if (stat && facts.cores === null && stat.cpuRows > 0) {
    facts.cores = stat.cpuRows;
    facts.coresSource = "stat-rows";
  }
  if (stat) return { kind: "conntrack", module, count, max, buckets, stat: stat.totals, statSource: "procfs", facts };
  // Kernels without CONFIG_NF_CONNTRACK_PROCFS (Ubuntu): the same counters over netlink.
  const netlink = readConntrackS(sections.get(CONNTRACK_S_SECTION));
  return { kind: "conntrack", module, count, max, buckets, stat: netlink, statSource: netlink ? "conntrack-S" : null, facts };
}

function readConntrackS(text: string | undefined): StatTotals | null {
  if (!text || !/cpu=\d+/.test(text)) return null;
  try {
    return toStatTotals(parseConntrackS(text));
  } catch {
    return null;
  }
}
