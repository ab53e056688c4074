/**
 * Contents of the pseudo-files a simulated host shows besides the conntrack sysctls: /proc/meminfo,
 * initial per-CPU conntrack counters, the CPU list. Pure functions of the plan and a seeded RNG.
 */
import type { Rng } from "./rng";
import { type CpuStats, emptyCpuStats, splitColumns } from "./stat-file";

/** `MemTotal:       16318504 kB`: label padded to 16, value right-aligned to 8 (show_val_kb). */
const kb = (label: string, value: number): string =>
  `${`${label}:`.padEnd(16)}${String(Math.max(0, Math.round(value))).padStart(8)} kB`;

export function formatMeminfo(memTotalKb: number, withMemAvailable: boolean, rng: Rng): string {
  const free = memTotalKb * rng.float(0.05, 0.4);
  const cached = memTotalKb * rng.float(0.2, 0.45);
  const buffers = memTotalKb * rng.float(0.005, 0.03);
  const swap = rng.chance(0.5) ? 2 * 1024 * 1024 : 0;
  const lines = [
    kb("MemTotal", memTotalKb),
    kb("MemFree", free),
    ...(withMemAvailable ? [kb("MemAvailable", free + cached * 0.8 + buffers)] : []),
    kb("Buffers", buffers),
    kb("Cached", cached),
    kb("SwapCached", swap ? rng.int(0, 20_000) : 0),
    kb("Active", memTotalKb * 0.35),
    kb("Inactive", memTotalKb * 0.25),
    kb("SwapTotal", swap),
    kb("SwapFree", swap ? swap - rng.int(0, 200_000) : 0),
    kb("Dirty", rng.int(0, 4000)),
    kb("Writeback", 0),
    kb("AnonPages", memTotalKb * 0.2),
    kb("Mapped", memTotalKb * 0.03),
    kb("Shmem", memTotalKb * 0.01),
    kb("Slab", memTotalKb * 0.04),
    kb("SReclaimable", memTotalKb * 0.03),
    kb("SUnreclaim", memTotalKb * 0.01),
    kb("KernelStack", rng.int(8000, 40_000)),
    kb("PageTables", memTotalKb * 0.005),
    kb("CommitLimit", memTotalKb / 2 + swap),
    kb("Committed_AS", memTotalKb * 0.6),
    kb("VmallocTotal", 34359738367),
    "HugePages_Total:       0",
    "HugePages_Free:        0",
    kb("Hugepagesize", 2048),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * /proc/cpuinfo of an x86_64 host of the CentOS 5 era: one block per online CPU, each opened by its
 * `processor` line (what the limit probe counts), blocks separated by an empty line.
 */
export function formatCpuinfo(cores: number): string {
  const blocks = Array.from({ length: Math.max(1, cores) }, (_, i) => [
    `processor\t: ${i}`, "vendor_id\t: GenuineIntel", "cpu family\t: 6", "model\t\t: 44",
    "model name\t: Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz", "stepping\t: 2", "cpu MHz\t\t: 2400.084",
    "cache size\t: 12288 KB", `physical id\t: ${Math.floor(i / 4)}`, `siblings\t: ${Math.min(4, cores)}`, `core id\t\t: ${i % 4}`,
    `cpu cores\t: ${Math.min(4, cores)}`, "fpu\t\t: yes", "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm syscall nx lm constant_tsc pni monitor ds_cpl vmx est tm2 cx16 xtpr lahf_lm",
    "bogomips\t: 4800.16", "clflush size\t: 64", "cache_alignment\t: 64", "address sizes\t: 40 bits physical, 48 bits virtual",
    "power management: [8]", "",
  ].join("\n"));
  return `${blocks.join("\n")}\n`;
}

/** `0-7`, or `0` for a single CPU, as in /sys/devices/system/cpu/online. */
export const formatCpuList = (cores: number): string => (cores <= 1 ? "0\n" : `0-${cores - 1}\n`);

/** Columns later kernels print as a constant 0 (their counters were removed). */
const ALWAYS_ZERO_MODERN = new Set(["new", "ignore", "delete", "delete_list"]);

/** Plausible counters for a host that has been up `uptime` seconds; drops spread unevenly over CPUs. */
export function initialCpuStats(header: string, cores: number, uptime: number, historicDrops: number, rng: Rng): CpuStats[] {
  const columns = splitColumns(header);
  const modern = columns.includes("clashres");
  const perCpuRate = rng.float(5, 150) / cores;
  const weights = Array.from({ length: cores }, () => rng.float(0.2, 1.8));
  const wsum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => {
    const s = emptyCpuStats(columns);
    const insert = Math.floor(uptime * perCpuRate * rng.float(0.8, 1.2));
    const set = (col: string, v: number): void => {
      if (col in s && !(modern && ALWAYS_ZERO_MODERN.has(col))) s[col] = Math.floor(v) % 0x1_0000_0000;
    };
    set("insert", insert);
    set("found", insert * rng.float(0.3, 2));
    set("searched", insert * rng.float(2, 6));
    set("new", insert * 1.01);
    set("delete", insert * 0.999);
    set("delete_list", insert * 0.4);
    set("ignore", insert * rng.float(1, 4));
    set("invalid", insert * rng.float(0.0005, 0.01));
    set("icmp_error", insert * 0.0002);
    set("search_restart", insert * rng.float(0.00001, 0.0003));
    set("clashres", insert * 0.00002);
    set("drop", (historicDrops * w) / wsum);
    set("early_drop", ((historicDrops * w) / wsum) * rng.float(0.4, 1.2));
    set("insert_failed", historicDrops > 0 ? rng.int(0, 20) : 0);
    return s;
  });
}

/**
 * /proc/slabinfo (version 2.1, mode 0400 like the kernel's): a few everyday caches and, where the
 * module is loaded, the conntrack cache with one object per entry in use.
 */
export function formatSlabinfo(slab: { cache: string; objsize: number } | null, entries: number): string {
  const row = (name: string, active: number, objsize: number, perSlab: number, pages: number): string => {
    const total = Math.max(perSlab, Math.ceil(active / perSlab) * perSlab);
    const slabs = total / perSlab;
    return `${name.padEnd(17)} ${String(active).padStart(6)} ${String(total).padStart(6)} ${String(objsize).padStart(6)} ${String(perSlab).padStart(4)} ${String(pages).padStart(4)} : tunables    0    0    0 : slabdata ${String(slabs).padStart(6)} ${String(slabs).padStart(6)}      0`;
  };
  const lines = [
    "slabinfo - version: 2.1",
    "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>",
    row("TCP", 412, 2368, 13, 8),
    row("dentry", 181_440, 192, 21, 1),
  ];
  if (slab) lines.push(row(slab.cache, entries, slab.objsize, Math.max(1, Math.floor(16384 / slab.objsize)), 4));
  lines.push(row("kmalloc-256", 9_344, 256, 16, 1));
  return `${lines.join("\n")}\n`;
}
