/**
 * Arithmetic and wording shared by the proposal and the checks of a conntrack limit raise.
 * Everything here is a pure function of numbers; nothing reaches a host.
 */

/** nf_conntrack_max is a C `int` (proc_dointvec): anything above is rejected by the kernel. */
export const INT_MAX = 2 ** 31 - 1;

/**
 * Proposals are rounded up to a multiple of 32768 (2^15). kube-proxy's floor (32768 × cores, at least
 * 131072) is always such a multiple, so rounding never pushes past it; a quarter of the value is a
 * multiple of 8192, so the matching hash size is page-aligned (see HASH_PAGE_BUCKETS); and the
 * rounding costs at most 32767 entries (≈ 10 MiB at 320 B) where a power of two could almost double
 * the limit and blow the memory budget on a large host.
 */
export const ROUND_TO = 32768;

/** The largest multiple of ROUND_TO that is still a valid int. */
export const MAX_ROUNDED = Math.floor(INT_MAX / ROUND_TO) * ROUND_TO;

/** kube-proxy (cmd/kube-proxy/app/conntrack.go): max(32768 × cores, 131072). */
export const KUBE_PER_CORE = 32768;
export const KUBE_MIN = 131072;

/** kube-proxy sets hashsize = max/4 when smaller: 4 entries per bucket on a full table. */
export const HASH_RATIO = 4;

/**
 * Fewest buckets we accept for a limit: 8 entries per bucket on a full table, the ratio 2.6.18's
 * ip_conntrack used by default. Longer chains make every lookup of every packet slower.
 */
export const MAX_ENTRIES_PER_BUCKET = 8;

/**
 * The kernel rounds a requested hash size up to whole pages of bucket pointers
 * (nf_ct_alloc_hashtable: roundup(size, PAGE_SIZE / sizeof(struct hlist_nulls_head)) = 512 on 4 KiB
 * pages). A value that is not a multiple would read back differently and fail verification.
 */
export const HASH_PAGE_BUCKETS = 512;

/** One bucket is one pointer on 64-bit kernels. */
export const BUCKET_BYTES = 8;

/**
 * Bytes per conntrack entry when /proc/slabinfo is not readable (it is root-only): the middle of the
 * published 300–400 B range for struct nf_conn on x86_64. Extensions (accounting, timestamps, labels)
 * live in separate allocations and are not counted; the budget fraction is meant to leave that slack.
 */
export const DEFAULT_ENTRY_BYTES = 320;

export interface HostLimitFacts {
  /** Null when no source gave it (no cpu/online, /proc/cpuinfo unreadable, no stat file). */
  cores: number | null;
  /** Where `cores` was read, for the explanation (e.g. "from /proc/cpuinfo"); absent = the CPU list. */
  coresSource?: string;
  /** Null when /proc/meminfo had no MemTotal: no memory budget can be computed. */
  memTotalBytes: number | null;
  /** Entries now (this network namespace). */
  count: number;
  /** nf_conntrack_max now. */
  max: number;
  /** nf_conntrack_buckets (world-readable); same kernel variable as hashsize. */
  buckets: number | null;
  /** /sys/module/<module>/parameters/hashsize (root-only read); null when unknown. */
  hashsize: number | null;
  module: "nf_conntrack" | "ip_conntrack";
  kernel: string | null;
  /** objsize of the conntrack slab from /proc/slabinfo; null → DEFAULT_ENTRY_BYTES. */
  entryBytes: number | null;
  /** Highest count observed over the policy window (e.g. 7 days). */
  peakCount: number;
  /** Highest drop rate over the policy window (drops per second in the worst minute); null/absent = unknown. */
  peakDropRate?: number | null;
}

/**
 * A refused connection would have held an entry at least nf_conntrack_tcp_timeout_time_wait (120 s
 * by default) after closing; a client retries an unanswered SYN up to 6 times (tcp_syn_retries),
 * so every 6 dropped packets stand for at least one connection. Together: each drop per second is
 * at least 20 entries of unmet demand. A lower bound on purpose: longer-lived connections need more.
 */
export const TIME_WAIT_SECONDS = 120;
export const SYN_TRIES = 6;

/** Entries the table would have needed on top of its peak, at least, from the worst drop rate. */
export const unmetDemand = (peakDropRate: number): number => Math.ceil((peakDropRate * TIME_WAIT_SECONDS) / SYN_TRIES);

export interface LimitPolicy {
  /** The limit must exceed the observed peak by this factor (1.5 = 50 % headroom). */
  headroom: number;
  /** Share of RAM a completely full table (entries + buckets) may take. */
  memoryBudgetFraction: number;
}

export function assertPolicy(policy: LimitPolicy): void {
  const { headroom, memoryBudgetFraction } = policy;
  if (!Number.isFinite(headroom) || headroom < 1 || headroom > 10) {
    throw new Error(`limit policy: headroom must be within 1..10, got ${headroom}`);
  }
  if (!Number.isFinite(memoryBudgetFraction) || memoryBudgetFraction <= 0 || memoryBudgetFraction > 0.5) {
    throw new Error(`limit policy: memoryBudgetFraction must be within (0, 0.5], got ${memoryBudgetFraction}`);
  }
}

export const entryBytesOf = (facts: HostLimitFacts): number =>
  facts.entryBytes !== null && Number.isSafeInteger(facts.entryBytes) && facts.entryBytes > 0 ? facts.entryBytes : DEFAULT_ENTRY_BYTES;

export const entrySource = (facts: HostLimitFacts): string =>
  entryBytesOf(facts) === facts.entryBytes ? "from /proc/slabinfo" : "default; /proc/slabinfo not readable";

/** The hash table size now: the sysfs parameter when readable, else the buckets sysctl (same variable). */
export const currentHashsize = (facts: HostLimitFacts): number | null => facts.hashsize ?? facts.buckets;

/** Null when the RAM size is unknown. */
export const budgetBytes = (facts: HostLimitFacts, policy: LimitPolicy): number | null =>
  facts.memTotalBytes === null ? null : Math.floor(facts.memTotalBytes * policy.memoryBudgetFraction);

/** Worst case: every entry in use. Buckets are allocated up front, entries only while in use. */
export const tableBytes = (max: number, hashsize: number, entryBytes: number): number =>
  max * entryBytes + hashsize * BUCKET_BYTES;

export const kubeProxyFloor = (cores: number): number => Math.max(KUBE_PER_CORE * cores, KUBE_MIN);

export const roundUp = (n: number, step: number): number => Math.ceil(n / step) * step;
export const roundDown = (n: number, step: number): number => Math.floor(n / step) * step;

/** The hash size that goes with a limit: max/4 when the table is smaller, else keep it (null). */
export function hashsizeFor(max: number, current: number | null): number | null {
  const target = roundUp(Math.ceil(max / HASH_RATIO), HASH_PAGE_BUCKETS);
  return current !== null && current >= target ? null : target;
}

/** Largest multiple of ROUND_TO whose full table, with its matching hash size, fits the budget. */
export function largestWithinBudget(budget: number, entryBytes: number, current: number | null): number {
  let m = Math.min(MAX_ROUNDED, roundDown(budget / entryBytes, ROUND_TO));
  const bytes = (x: number): number => tableBytes(x, hashsizeFor(x, current) ?? current ?? 0, entryBytes);
  while (m > 0 && bytes(m) > budget) m -= ROUND_TO;
  return Math.max(0, m);
}

/** `6.1.0-28-amd64` → true for (5, 15)? Null when the string is not a kernel release. */
export function kernelAtLeast(kernel: string | null, major: number, minor: number): boolean | null {
  const m = /^(\d+)\.(\d+)/.exec(kernel ?? "");
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

/** 0.05 → "5 %", 0.125 → "12.5 %". */
export const formatPercent = (fraction: number): string => `${Number((fraction * 100).toFixed(2))} %`;
