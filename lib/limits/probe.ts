/**
 * The read-only probe run before a raise is planned: which persistence mechanisms the host has, the
 * current content of every file a permanent raise may touch, every other config file that sets the
 * limit or the hash size (a file applied after ours would undo the raise at boot), the real entry
 * size from /proc/slabinfo, the CPU count from /proc/cpuinfo (the one CPU source every kernel has;
 * CentOS 5 has no /sys/devices/system/cpu/online) and the live values. One command, parsed by `parseProbe`.
 */
import { IP_PATHS, NF_PATHS } from "@/lib/conntrack/collect-command";
import { decodeOdHex, decodeUtf8 } from "./file-edits";
import { assertTemplate, dq, templateDropInName, wrapCommand } from "./templates";

export const PROBE_DIRS = ["/etc/sysctl.d", "/etc/modules-load.d", "/etc/modprobe.d", "/run/systemd/system"] as const;

export const RC_LOCAL = "/etc/rc.d/rc.local";
export const SYSCTL_CONF = "/etc/sysctl.conf";
export const MODULES_LOAD_FILE = "/etc/modules-load.d/nf_conntrack.conf";
export const sysctlDropIn = (name: string): string => `/etc/sysctl.d/${templateDropInName(name)}`;
export const modprobeDropIn = (name: string): string => `/etc/modprobe.d/${templateDropInName(name)}`;

/** Files larger than this are not edited (and not shipped back whole by the probe). */
export const MAX_EDIT_BYTES = 65536;

const SYSCTL_SOURCES = [
  "/etc/sysctl.d/*.conf", "/run/sysctl.d/*.conf", "/usr/local/lib/sysctl.d/*.conf", "/usr/lib/sysctl.d/*.conf",
  "/lib/sysctl.d/*.conf", SYSCTL_CONF,
];
const MODPROBE_SOURCES = ["/etc/modprobe.d/*.conf", "/run/modprobe.d/*.conf", "/usr/lib/modprobe.d/*.conf", "/lib/modprobe.d/*.conf", "/etc/modprobe.conf"];
const SYSCTL_GREP = "^[[:space:]]*-?net[./](netfilter[./]nf_conntrack_max|nf_conntrack_max|ipv4[./]netfilter[./]ip_conntrack_max)[[:space:]]*=";
const MODPROBE_GREP = "^[[:space:]]*options[[:space:]]+(nf|ip)_conntrack[[:space:]].*hashsize=";
const LIVE_PATHS = [NF_PATHS.max, NF_PATHS.hashsize, NF_PATHS.buckets, IP_PATHS.max, IP_PATHS.hashsize, IP_PATHS.buckets];

export type FileState = "absent" | "regular" | "executable" | "symlink" | "other";

export interface ProbedFile {
  path: string;
  state: FileState;
  /** Null when absent, not a regular file, larger than MAX_EDIT_BYTES or not UTF-8. */
  content: string | null;
  /** Why content is null although the file exists. */
  unreadable: "too-large" | "not-utf8" | null;
}

export interface ConfigSetting {
  path: string;
  /** Null when the value is not a plain integer. */
  value: number | null;
}

export interface HostProbe {
  dirs: { sysctlD: boolean; modulesLoadD: boolean; modprobeD: boolean; systemd: boolean };
  files: Record<string, ProbedFile>;
  /** Every line in a sysctl config file that sets the conntrack limit (any alias). */
  sysctlSettings: ConfigSetting[];
  /** Every `options nf_conntrack|ip_conntrack … hashsize=` line. */
  modprobeSettings: ConfigSetting[];
  /** objsize of the conntrack slab; null without root or /proc/slabinfo. */
  entryBytes: number | null;
  /** `processor` lines in /proc/cpuinfo (online CPUs); null when unreadable or none. */
  cpus: number | null;
  live: { module: "nf_conntrack" | "ip_conntrack" | null; max: number | null; hashsize: number | null; buckets: number | null };
}

export const probeFiles = (dropInName: string): string[] =>
  [SYSCTL_CONF, RC_LOCAL, sysctlDropIn(dropInName), MODULES_LOAD_FILE, modprobeDropIn(dropInName)];

export function buildProbeCommand(dropInName: string, sudo: boolean): string {
  const t = [
    "LC_ALL=C; export LC_ALL; echo @probe 1",
    `for d in ${PROBE_DIRS.join(" ")}; do if test -d $d; then echo "@dir $d 1"; else echo "@dir $d 0"; fi; done`,
    `for f in ${probeFiles(dropInName).join(" ")}; do if test -L $f; then echo "@file $f symlink"; ` +
      `elif test -f $f; then s=regular; if test -x $f; then s=executable; fi; echo "@file $f $s"; ` +
      `head -c ${MAX_EDIT_BYTES + 1} $f | od -An -v -tx1; elif test -e $f; then echo "@file $f other"; else echo "@file $f absent"; fi; done`,
    `echo @sysctl; grep -HsZE ${dq(SYSCTL_GREP)} ${SYSCTL_SOURCES.join(" ")}`,
    `echo @modprobe; grep -HsZE ${dq(MODPROBE_GREP)} ${MODPROBE_SOURCES.join(" ")}`,
    `echo @slab; grep -E ${dq("^(nf|ip)_conntrack(_[0-9a-f]+)? ")} /proc/slabinfo 2>/dev/null`,
    `echo @cpus; grep -c ${dq("^processor")} /proc/cpuinfo 2>/dev/null`,
    `echo @live; for p in ${LIVE_PATHS.join(" ")}; do if test -r $p; then v=$(cat $p 2>/dev/null) && echo "$p $v"; fi; done`,
    "echo @end",
  ].join("; ");
  return wrapCommand(assertTemplate(t), sudo);
}

export class ProbeParseError extends Error {}

const int = (s: string | undefined): number | null => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : null);

export function parseProbe(stdout: string): HostProbe {
  const lines = stdout.replace(/\r\n/g, "\n").split("\n");
  if (!lines.includes("@probe 1")) throw new ProbeParseError("probe output has no header");
  if (!lines.includes("@end")) throw new ProbeParseError("probe output is truncated");
  const dirs = new Map<string, boolean>();
  const files: Record<string, ProbedFile> = {};
  const probe: HostProbe = {
    dirs: { sysctlD: false, modulesLoadD: false, modprobeD: false, systemd: false }, files,
    sysctlSettings: [], modprobeSettings: [], entryBytes: null, cpus: null, live: { module: null, max: null, hashsize: null, buckets: null },
  };
  const live = new Map<string, number>();
  let section = "";
  let hex: { file: ProbedFile; lines: string[] } | null = null;
  const flushHex = (): void => {
    if (!hex) return;
    const bytes = decodeOdHex(hex.lines);
    if (bytes === null) throw new ProbeParseError(`${hex.file.path}: unreadable hex dump`);
    if (bytes.length > MAX_EDIT_BYTES) hex.file.unreadable = "too-large";
    else {
      hex.file.content = decodeUtf8(bytes);
      if (hex.file.content === null) hex.file.unreadable = "not-utf8";
    }
    hex = null;
  };
  for (const line of lines) {
    const marker = /^@(\w+)(?: (.*))?$/.exec(line);
    if (marker) flushHex();
    if (marker?.[1] === "dir") {
      const [d, v] = (marker[2] ?? "").split(" ");
      if (d) dirs.set(d, v === "1");
      continue;
    }
    if (marker?.[1] === "file") {
      const m = /^(\/\S+) (absent|regular|executable|symlink|other)$/.exec(marker[2] ?? "");
      if (!m?.[1] || !m[2]) throw new ProbeParseError(`bad file line ${JSON.stringify(line.slice(0, 80))}`);
      const file: ProbedFile = { path: m[1], state: m[2] as FileState, content: m[2] === "absent" ? "" : null, unreadable: null };
      files[file.path] = file;
      if (file.state === "regular" || file.state === "executable") hex = { file, lines: [] };
      continue;
    }
    if (marker) {
      section = marker[1] ?? "";
      continue;
    }
    if (hex) hex.lines.push(line);
    else if (section === "sysctl" || section === "modprobe") {
      const nul = line.indexOf("\0");
      if (nul <= 0) continue;
      const text = line.slice(nul + 1);
      const value = section === "sysctl"
        ? int(/=[ \t]*"?(\d+)"?[ \t\r]*$/.exec(text)?.[1])
        : int([...text.matchAll(/\bhashsize=(\d+)\b/g)].at(-1)?.[1]);
      (section === "sysctl" ? probe.sysctlSettings : probe.modprobeSettings).push({ path: line.slice(0, nul), value });
    } else if (section === "cpus") {
      const n = int(line.trim());
      if (n !== null && n > 0) probe.cpus ??= n;
    } else if (section === "slab") {
      probe.entryBytes ??= int(line.trim().split(/\s+/)[3]);
    } else if (section === "live") {
      const [p, v] = line.split(" ");
      const n = int(v);
      if (p && n !== null) live.set(p, n);
    }
  }
  probe.dirs = {
    sysctlD: dirs.get("/etc/sysctl.d") ?? false, modulesLoadD: dirs.get("/etc/modules-load.d") ?? false,
    modprobeD: dirs.get("/etc/modprobe.d") ?? false, systemd: dirs.get("/run/systemd/system") ?? false,
  };
  const own = live.has(NF_PATHS.max) ? NF_PATHS : live.has(IP_PATHS.max) ? IP_PATHS : null;
  if (own) {
    probe.live = {
      module: own === NF_PATHS ? "nf_conntrack" : "ip_conntrack",
      max: live.get(own.max) ?? null, hashsize: live.get(own.hashsize) ?? null, buckets: live.get(own.buckets) ?? null,
    };
  }
  return probe;
}
