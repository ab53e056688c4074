/**
 * `conntrack -S` output for simulated hosts whose kernel has no /proc/net/stat/nf_conntrack (Ubuntu):
 * conntrack-tools prints one `cpu=%-4u\t` line per CPU, then `name=%u ` for every counter the kernel
 * sent over netlink (note the trailing space). The sim keeps that text in a file inside the host's
 * root, which the chroot's `conntrack` stand-in prints; it doubles as the host's per-CPU state.
 */
import { type CpuStats, emptyCpuStats } from "./stat-file";

/** Where the stand-in finds the text, inside the host root. */
export const CONNTRACK_S_FILE = "var/lib/conntrack-sim/conntrack-S";

/** conntrack-tools 1.4.6 (Ubuntu 22.04) predates the clash_resolve/chaintoolong attribute names. */
export const NETLINK_COLUMNS_1_4_6 = ["found", "invalid", "insert", "insert_failed", "drop", "early_drop", "error", "search_restart"];
export const NETLINK_COLUMNS_1_4_8 = [...NETLINK_COLUMNS_1_4_6, "clash_resolve", "chaintoolong"];

export function formatConntrackS(columns: readonly string[], perCpu: readonly CpuStats[]): string {
  return perCpu
    .map((s, cpu) => `cpu=${String(cpu).padEnd(4)}\t${columns.map((c) => `${c}=${Math.max(0, Math.floor(s[c] ?? 0)) % 0x1_0000_0000} `).join("")}\n`)
    .join("");
}

export function parseConntrackS(text: string): { columns: string[]; perCpu: CpuStats[] } {
  const columns: string[] = [];
  const perCpu: CpuStats[] = [];
  for (const line of text.split("\n")) {
    const [cpu, ...pairs] = line.trim().split(/\s+/);
    if (!cpu || !/^cpu=\d+$/.test(cpu)) continue;
    const names = pairs.map((p) => p.split("=")[0] ?? "");
    if (columns.length === 0) columns.push(...names);
    const stats = emptyCpuStats(columns);
    for (const p of pairs) {
      const [k, v] = p.split("=");
      if (k && v !== undefined && /^\d+$/.test(v)) stats[k] = Number(v);
    }
    perCpu.push(stats);
  }
  if (perCpu.length === 0) throw new Error("conntrack -S file: no cpu= lines");
  return { columns, perCpu };
}

/** The chroot's `conntrack`: only what the dashboard may run (-S, -C, -V). */
export const CONNTRACK_STUB = `#!/bin/sh
# conntrack-tools stand-in of the simulated fleet (lib/sim): -S, -C and -V only.
case "$1" in
  -S|--stats) exec cat /${CONNTRACK_S_FILE} ;;
  -C|--count) exec cat /proc/sys/net/netfilter/nf_conntrack_count ;;
  -V|--version) echo "conntrack v1.4.6 (conntrack-tools)"; exit 0 ;;
  *) echo "conntrack v1.4.6 (conntrack-tools): operation not supported by the simulated fleet" >&2; exit 1 ;;
esac
`;
