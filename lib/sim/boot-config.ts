/**
 * What nf_conntrack_max and the hash size are after a (simulated) reboot, given the files in the
 * host's /etc. This is what makes "make the raise permanent" testable end to end, including the
 * classic systemd pitfall: systemd-sysctl runs before nf_conntrack is loaded, so a sysctl.d drop-in
 * alone is silently ignored unless modules-load.d (or a udev rule) loads the module first.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { OS_PROFILES } from "./os-profiles";
import type { SimHost } from "./types";

export interface BootLimits {
  max: number;
  buckets: number;
  /** Human-readable trail of what set the values, for logs and test failure messages. */
  applied: string[];
}

const MAX_KEYS = new Set(["net.netfilter.nf_conntrack_max", "net.nf_conntrack_max", "net.ipv4.netfilter.ip_conntrack_max"]);
const BUCKET_KEYS = new Set(["net.netfilter.nf_conntrack_buckets", "net.ipv4.netfilter.ip_conntrack_buckets"]);
const PROC_MAX = /\/proc\/sys\/net\/(?:netfilter\/nf_conntrack_max|ipv4\/netfilter\/ip_conntrack_max)\b/;
const PROC_HASH = /\/sys\/module\/(?:nf|ip)_conntrack\/parameters\/hashsize\b|\/proc\/sys\/net\/netfilter\/nf_conntrack_buckets\b/;

async function readText(file: string): Promise<string | null> {
  return fs.readFile(file, "utf8").catch(() => null);
}

async function listConf(dir: string, suffix: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(suffix)).sort();
}

/** sysctl.conf(5) syntax: `key = value`, `-key=value` (ignore errors), `#`/`;` comments, `/` or `.` separators. */
export function parseSysctlConf(text: string): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().replace(/^-/, "").replaceAll("/", ".");
    out.push({ key, value: line.slice(eq + 1).trim() });
  }
  return out;
}

/** `options nf_conntrack hashsize=131072` in modprobe.d (applied when the module loads). */
export function parseModprobeHashsize(text: string, module: string): number | null {
  let found: number | null = null;
  for (const raw of text.split("\n")) {
    const words = raw.replace(/#.*/, "").trim().split(/\s+/);
    if (words[0] !== "options" || words[1] !== module) continue;
    for (const w of words.slice(2)) {
      const m = /^hashsize=(\d+)$/.exec(w);
      if (m?.[1]) found = Number(m[1]);
    }
  }
  return found;
}

/** `sysctl -w key=N` and `echo N > /proc/...` lines of an rc.local script. */
export function parseRcLocal(text: string): { max: number | null; buckets: number | null } {
  let max: number | null = null;
  let buckets: number | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const sysctl = /\bsysctl\s+(?:-\w+\s+)*([\w./-]+)\s*=\s*(\d+)/.exec(line);
    if (sysctl?.[1] && sysctl[2]) {
      const key = sysctl[1].replaceAll("/", ".");
      if (MAX_KEYS.has(key)) max = Number(sysctl[2]);
      if (BUCKET_KEYS.has(key)) buckets = Number(sysctl[2]);
      continue;
    }
    const echo = /\becho\s+["']?(\d+)["']?\s*>+\s*(\S+)/.exec(line);
    if (echo?.[1] && echo[2]) {
      if (PROC_MAX.test(echo[2])) max = Number(echo[1]);
      if (PROC_HASH.test(echo[2])) buckets = Number(echo[1]);
    }
  }
  return { max, buckets };
}

async function moduleLoadedEarly(root: string): Promise<boolean> {
  const lists = [
    ...(await listConf(path.join(root, "etc/modules-load.d"), ".conf")).map((n) => path.join(root, "etc/modules-load.d", n)),
    path.join(root, "etc/modules"),
  ];
  for (const file of lists) {
    const text = await readText(file);
    if (text?.split("\n").some((l) => /^\s*nf_conntrack\s*$/.test(l.replace(/#.*/, "")))) return true;
  }
  const rulesDir = path.join(root, "etc/udev/rules.d");
  for (const n of await listConf(rulesDir, ".rules")) {
    if ((await readText(path.join(rulesDir, n)))?.includes("nf_conntrack")) return true;
  }
  return false;
}

export async function computeBootLimits(root: string, host: Pick<SimHost, "os" | "boot">): Promise<BootLimits> {
  if (!host.boot) throw new Error(`${root}: host has no conntrack module`);
  const profile = OS_PROFILES[host.os];
  const applied: string[] = [];
  let { max, buckets } = host.boot;

  const modprobeFiles = (await listConf(path.join(root, "etc/modprobe.d"), ".conf")).map((n) => path.join(root, "etc/modprobe.d", n));
  modprobeFiles.push(path.join(root, "etc/modprobe.conf"));
  for (const file of modprobeFiles) {
    const hs = parseModprobeHashsize((await readText(file)) ?? "", profile.module);
    if (hs) {
      buckets = hs;
      max = profile.maxFactor * hs;
      applied.push(`${path.relative(root, file)}: hashsize=${hs}`);
    }
  }

  // systemd-sysctl orders every file by name; /etc/sysctl.conf is reached through 99-sysctl.conf.
  const sysctlFiles = profile.sysctlD
    ? (await listConf(path.join(root, "etc/sysctl.d"), ".conf")).map((n) => ({ n, f: path.join(root, "etc/sysctl.d", n) }))
    : [];
  sysctlFiles.push({ n: "99-sysctl.conf", f: path.join(root, "etc/sysctl.conf") });
  sysctlFiles.sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  const effective = !profile.systemd || (await moduleLoadedEarly(root));
  for (const { f } of sysctlFiles) {
    for (const { key, value } of parseSysctlConf((await readText(f)) ?? "")) {
      if (!MAX_KEYS.has(key) && !BUCKET_KEYS.has(key)) continue;
      const where = `${path.relative(root, f)}: ${key}=${value}`;
      if (!effective || !/^\d+$/.test(value)) {
        applied.push(`${where} (ignored: nf_conntrack not loaded when systemd-sysctl ran)`);
        continue;
      }
      if (MAX_KEYS.has(key)) max = Number(value);
      else buckets = Number(value);
      applied.push(where);
    }
  }

  for (const rc of ["etc/rc.d/rc.local", "etc/rc.local"]) {
    const file = path.join(root, rc);
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile() || (st.mode & 0o100) === 0) continue;
    const r = parseRcLocal((await readText(file)) ?? "");
    if (r.buckets !== null) buckets = r.buckets;
    if (r.max !== null) max = r.max;
    if (r.max !== null || r.buckets !== null) applied.push(`${rc}: max=${r.max ?? "-"} hashsize=${r.buckets ?? "-"}`);
    break; // etc/rc.local is a symlink to rc.d/rc.local on RHEL: run it once.
  }

  if (host.boot.kubeProxyMax !== null) {
    const kube = host.boot.kubeProxyMax;
    if (kube > max) max = kube;
    if (buckets < max / 4) buckets = max / 4;
    applied.push(`kube-proxy: max>=${kube}`);
  }
  return { max, buckets, applied };
}
