/**
 * How a raise is made permanent on one host, decided from its probe:
 *
 * - `/etc/sysctl.d` exists → a drop-in with the one setting, plus `/etc/modules-load.d/nf_conntrack.conf`
 *   so the module is loaded before systemd-sysctl applies the drop-in (otherwise the key does not
 *   exist yet and the setting is silently skipped).
 * - no `/etc/sysctl.d` (CentOS 5/6) and an `/etc/rc.d/rc.local` → one `echo N > /proc/…` line there,
 *   run bit set (the seed's way). Preferred over sysctl.conf because SysV rc.sysinit applies
 *   sysctl.conf before the iptables service loads conntrack ("unknown key" at boot), while rc.local
 *   runs last.
 * - neither → `/etc/sysctl.conf`: the existing setting line replaced in place, or one appended.
 *
 * The hash size, when part of the raise, goes to `/etc/modprobe.d/<drop-in name>` (applied when the
 * module loads). A config file that is applied after ours and sets another value would undo the
 * raise at the next boot: that refuses the permanent plan instead of reporting a false success.
 */
import { IP_PATHS, NF_PATHS } from "@/lib/conntrack/collect-command";
import { RC_EXIT_LINE, RC_MAX_LINE, setLine, settingValues, SYSCTL_MAX_LINE, type SetLineEdit } from "./file-edits";
import { MODULES_LOAD_FILE, modprobeDropIn, RC_LOCAL, SYSCTL_CONF, sysctlDropIn, type ConfigSetting, type HostProbe } from "./probe";

export type Module = "nf_conntrack" | "ip_conntrack";
export type PersistenceMethod = "sysctl.d" | "rc.local" | "sysctl.conf";

export interface FileSpec {
  path: string;
  purpose: string;
  mode: 0o644 | 0o755;
  /** Content the probe saw; null = absent. The write step refuses to run if the file differs now. */
  previous: string | null;
  previousExecutable: boolean;
  content: string;
  generate: { kind: "fixed"; lines: string[] } | { kind: "set-line"; edit: SetLineEdit };
  /** Directory to create first when the host lacks it. */
  mkdir: string | null;
}

export type PersistencePlan =
  | { ok: true; method: PersistenceMethod; files: FileSpec[]; notes: string[] }
  | { ok: false; code: "unsupported_file" | "overridden_at_boot"; reason: string };

export const HEADER = "# Written by conntrack-fleet (one-click limit raise)";

export const sysctlKey = (module: Module): string =>
  module === "nf_conntrack" ? "net.netfilter.nf_conntrack_max" : "net.ipv4.netfilter.ip_conntrack_max";
export const maxPath = (module: Module): string => (module === "nf_conntrack" ? NF_PATHS.max : IP_PATHS.max);
export const hashsizePath = (module: Module): string => (module === "nf_conntrack" ? NF_PATHS.hashsize : IP_PATHS.hashsize);

const basename = (p: string): string => p.slice(p.lastIndexOf("/") + 1);
const dirname = (p: string): string => p.slice(0, p.lastIndexOf("/"));

/**
 * The setting that wins per file name (a name in /etc masks the same name in /run and /usr/lib) and
 * the order files are applied in. `lastName` stands for sources applied after every drop-in.
 */
function effectiveSettings(settings: ConfigSetting[], dirs: string[], named: Record<string, string>): Map<string, ConfigSetting[]> {
  const byName = new Map<string, { rank: number; items: ConfigSetting[] }>();
  for (const s of settings) {
    const name = named[s.path] ?? basename(s.path);
    const rank = s.path in named ? dirs.length : dirs.indexOf(dirname(s.path));
    if (rank < 0) continue;
    const cur = byName.get(name);
    if (!cur || rank < cur.rank) byName.set(name, { rank, items: [s] });
    else if (rank === cur.rank) cur.items.push(s);
  }
  return new Map([...byName].map(([n, v]) => [n, v.items]));
}

/** Files applied after `ours` that set a different value, and earlier ones we override (for notes). */
function conflicts(eff: Map<string, ConfigSetting[]>, ours: string, value: number): { later: ConfigSetting[]; earlier: ConfigSetting[] } {
  const later: ConfigSetting[] = [];
  const earlier: ConfigSetting[] = [];
  for (const [name, items] of [...eff].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name === ours) continue;
    for (const s of items) if (s.value !== value) (name > ours ? later : earlier).push(s);
  }
  return { later, earlier };
}

const show = (s: ConfigSetting): string => `${s.path} (${s.value ?? "a non-integer value"})`;

function editable(probe: HostProbe, path: string): { ok: true; content: string | null; executable: boolean } | { ok: false; reason: string } {
  const f = probe.files[path];
  if (!f || f.state === "absent") return { ok: true, content: null, executable: false };
  if (f.state === "symlink" || f.state === "other") return { ok: false, reason: `${path} is a ${f.state === "symlink" ? "symbolic link" : "special file"}; change it by hand.` };
  if (f.content === null) {
    return { ok: false, reason: `${path} is ${f.unreadable === "too-large" ? "larger than 64 KiB" : "not UTF-8 text"}; change it by hand.` };
  }
  return { ok: true, content: f.content, executable: f.state === "executable" };
}

function fileSpec(
  probe: HostProbe, path: string, purpose: string, mode: 0o644 | 0o755, generate: FileSpec["generate"], mkdir: string | null,
): FileSpec | string {
  const cur = editable(probe, path);
  if (!cur.ok) return cur.reason;
  const content = generate.kind === "fixed" ? generate.lines.map((l) => `${l}\n`).join("") : setLine(cur.content ?? "", generate.edit);
  return { path, purpose, mode, previous: cur.content, previousExecutable: cur.executable, content, generate, mkdir };
}

export function planPersistence(input: {
  module: Module; max: number; hashsize: number | null; probe: HostProbe; dropInName: string;
}): PersistencePlan {
  const { module, max, hashsize, probe, dropInName } = input;
  const notes: string[] = [];
  const specs: Array<FileSpec | string> = [];
  let method: PersistenceMethod;
  if (probe.dirs.sysctlD) {
    method = "sysctl.d";
    // Without systemd, `sysctl --system` applies /etc/sysctl.conf after every drop-in.
    const sysctlConfName = probe.dirs.systemd ? "99-sysctl.conf" : "\uffff";
    const eff = effectiveSettings(probe.sysctlSettings,
      ["/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d"], { [SYSCTL_CONF]: sysctlConfName });
    const { later, earlier } = conflicts(eff, dropInName, max);
    if (later.length > 0) {
      return { ok: false, code: "overridden_at_boot", reason: `${later.map(show).join(", ")} ${later.length > 1 ? "are" : "is"} applied after ` +
        `${sysctlDropIn(dropInName)} at boot and would undo the raise; change ${later.length > 1 ? "them" : "it"} by hand or choose a later drop-in name.` };
    }
    for (const s of earlier) notes.push(`${show(s)} also sets the limit; the drop-in is applied after it and wins at boot.`);
    specs.push(fileSpec(probe, sysctlDropIn(dropInName), "sets the limit at boot", 0o644,
      { kind: "fixed", lines: [HEADER, `${sysctlKey(module)} = ${max}`] }, null));
    specs.push(fileSpec(probe, MODULES_LOAD_FILE, `loads ${module} before systemd-sysctl applies the drop-in`, 0o644,
      { kind: "set-line", edit: { match: `^[ \\t]*${module}[ \\t]*$`, before: "", line: module } }, "/etc/modules-load.d"));
  } else if (probe.files[RC_LOCAL] && probe.files[RC_LOCAL].state !== "absent") {
    method = "rc.local";
    for (const v of settingValues(probe.files[SYSCTL_CONF]?.content ?? "", SYSCTL_MAX_LINE)) {
      if (v !== String(max)) notes.push(`${SYSCTL_CONF} also sets the limit (${v}); rc.local runs after it at boot and wins.`);
    }
    specs.push(fileSpec(probe, RC_LOCAL, "sets the limit at the end of every boot", 0o755,
      { kind: "set-line", edit: { match: RC_MAX_LINE, before: RC_EXIT_LINE, line: `echo ${max} > ${maxPath(module)}` } }, null));
  } else {
    method = "sysctl.conf";
    specs.push(fileSpec(probe, SYSCTL_CONF, "sets the limit at boot", 0o644,
      { kind: "set-line", edit: { match: SYSCTL_MAX_LINE, before: "", line: `${sysctlKey(module)} = ${max}` } }, null));
  }

  if (hashsize !== null) {
    const eff = effectiveSettings(probe.modprobeSettings.filter((s) => s.path !== modprobeDropIn(dropInName)),
      ["/etc/modprobe.d", "/run/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d"], { "/etc/modprobe.conf": "\uffff" });
    const { later, earlier } = conflicts(eff, dropInName, hashsize);
    if (later.length > 0) {
      return { ok: false, code: "overridden_at_boot", reason: `${later.map(show).join(", ")} set${later.length > 1 ? "" : "s"} the hash size ` +
        `after ${modprobeDropIn(dropInName)} when the module loads; change it by hand or choose a later drop-in name.` };
    }
    for (const s of earlier) notes.push(`${show(s)} also sets the hash size; ours is read after it and wins.`);
    specs.push(fileSpec(probe, modprobeDropIn(dropInName), "sets the hash size when the module loads", 0o644,
      { kind: "fixed", lines: [HEADER, `options ${module} hashsize=${hashsize}`] }, "/etc/modprobe.d"));
  }
  const refused = specs.find((s): s is string => typeof s === "string");
  if (refused !== undefined) return { ok: false, code: "unsupported_file", reason: refused };
  return { ok: true, method, files: specs.filter((s): s is FileSpec => typeof s !== "string"), notes };
}

export interface BootLimit {
  /** The limit the host's config sets at boot; null when no config sets it (the kernel's default then applies). */
  max: number | null;
  /** The file that sets it, as the probe saw it. */
  source: string | null;
}

/**
 * What the host's persistent config would set at the next boot, read from the probe with the same
 * ordering rules the permanent plan uses: the setting of the last-applied sysctl file, or rc.local's
 * line (it runs last), or sysctl.conf. A non-integer setting counts as unknown (null source kept).
 */
export function bootLimit(probe: HostProbe): BootLimit {
  if (probe.dirs.sysctlD) {
    const sysctlConfName = probe.dirs.systemd ? "99-sysctl.conf" : "\uffff";
    const eff = effectiveSettings(probe.sysctlSettings,
      ["/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d"], { [SYSCTL_CONF]: sysctlConfName });
    const names = [...eff.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const last = names.length ? eff.get(names[names.length - 1]!)?.at(-1) : undefined;
    return last ? { max: last.value, source: last.path } : { max: null, source: null };
  }
  const fromFile = (path: string, match: string): BootLimit | null => {
    const re = new RegExp(match);
    const line = (probe.files[path]?.content ?? "").split("\n").filter((l) => re.test(l)).at(-1);
    if (line === undefined) return null;
    // `echo N > /proc/…` carries the value first; `key = N` and `sysctl -w key=N` last.
    const v = /^[ \t]*echo[ \t]+"?(\d{1,10})"?/.exec(line)?.[1] ?? /=[ \t]*"?(\d{1,10})"?[ \t]*(#.*)?$/.exec(line)?.[1];
    return { max: v === undefined ? null : Number(v), source: path };
  };
  const rc = probe.files[RC_LOCAL] && probe.files[RC_LOCAL].state !== "absent" ? fromFile(RC_LOCAL, RC_MAX_LINE) : null;
  return rc ?? fromFile(SYSCTL_CONF, SYSCTL_MAX_LINE) ?? { max: null, source: null };
}
