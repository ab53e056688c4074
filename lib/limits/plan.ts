/**
 * The planner of a one-click conntrack limit raise: what to propose, and whether an operator's own
 * value is acceptable. Pure: host facts and policy in, a proposal or a verdict out. The explanation
 * lines are written for the operator; the UI shows them verbatim.
 */
import {
  assertPolicy, budgetBytes, currentHashsize, entryBytesOf, entrySource, formatBytes, formatPercent, HASH_PAGE_BUCKETS,
  hashsizeFor, INT_MAX, kernelAtLeast, kubeProxyFloor, largestWithinBudget, MAX_ENTRIES_PER_BUCKET, ROUND_TO, roundUp,
  SYN_TRIES, tableBytes, TIME_WAIT_SECONDS, unmetDemand, type HostLimitFacts, type LimitPolicy,
} from "./sizing";

export type { HostLimitFacts, LimitPolicy } from "./sizing";

export type RuleId = "kube-proxy" | "peak-headroom" | "rounding" | "memory-budget" | "current-max" | "hashsize";

export interface ProposalRule {
  id: RuleId;
  /** The number this rule contributes (a limit, or a bucket count for `hashsize`). */
  value: number;
  text: string;
  /** True for the rule that fixed the proposed limit. */
  decisive: boolean;
}

export interface Proposal {
  /** False: no raise is proposed (already enough, or the memory budget leaves no room). */
  raise: boolean;
  /** The proposed nf_conntrack_max (the current one when `raise` is false). */
  max: number;
  /** Proposed hash size; null = leave the hash table as it is. */
  hashsize: number | null;
  decidedBy: RuleId;
  /** budgetBytes is null when the host's RAM size is unknown. */
  memory: { fullTableBytes: number; budgetBytes: number | null; entryBytes: number; entryBytesSource: "slabinfo" | "default" };
  /** Inputs the host did not give ("CPU count", "RAM size"); each also has a line in `explanation`. */
  unknownInputs: string[];
  rules: ProposalRule[];
  /** The rules' texts plus a verdict line, in order. */
  explanation: string[];
}

const UNKNOWN_CORES = "The host's CPU count is unknown (no /sys/devices/system/cpu/online, /proc/cpuinfo unreadable and no per-CPU " +
  "rows in a conntrack stat file): the kube-proxy minimum is left out and the proposal rests on the peak alone.";
const UNKNOWN_RAM = "The host's RAM size is unknown (/proc/meminfo gave no MemTotal): without it no memory budget can be checked, " +
  "so no limit is proposed and none can be accepted.";

export function proposeLimit(facts: HostLimitFacts, policy: LimitPolicy): Proposal {
  assertPolicy(policy);
  const e = entryBytesOf(facts);
  const budget = budgetBytes(facts, policy);
  const curHash = currentHashsize(facts);
  const unknownInputs = [...(facts.cores === null ? ["CPU count"] : []), ...(budget === null ? ["RAM size"] : [])];
  const kube = facts.cores === null ? null : kubeProxyFloor(facts.cores);
  const observed = Math.max(facts.peakCount, facts.count);
  // A full table caps the count at the limit: the peak then says "at least this much", not demand.
  const dropRate = facts.peakDropRate ?? null;
  const censored = observed >= facts.max || (dropRate !== null && dropRate > 0);
  const unmet = censored && dropRate !== null && dropRate > 0 ? unmetDemand(dropRate) : 0;
  const peakTarget = Math.ceil((observed + unmet) * policy.headroom);
  const want = Math.max(kube ?? 0, peakTarget);
  const rounded = roundUp(want, ROUND_TO);
  const cap = budget === null ? null : largestWithinBudget(budget, e, curHash);
  const candidate = cap === null ? facts.max : Math.min(rounded, cap);
  const raise = candidate > facts.max;

  const decidedBy: RuleId = raise
    ? cap !== null && rounded > cap ? "memory-budget" : kube !== null && kube >= peakTarget ? "kube-proxy" : "peak-headroom"
    : cap === null || rounded > facts.max ? "memory-budget" : "current-max";
  const max = raise ? candidate : facts.max;
  const hashsize = raise ? hashsizeFor(max, curHash) : null;
  const fullBytes = tableBytes(max, hashsize ?? curHash ?? 0, e);

  const peakText = censored
    ? unmet > 0
      ? `Observed peak ${observed} is censored: the table was full and dropped up to ${formatRate(dropRate!)} packets/s, so real demand was higher ` +
        `and is unknown. From the drop counters, at least ${unmet} more entries were wanted (${formatRate(dropRate!)}/s × ${TIME_WAIT_SECONDS} s TIME_WAIT ÷ ` +
        `${SYN_TRIES} SYN tries): (${observed} + ${unmet}) × ${policy.headroom} headroom = ${peakTarget}`
      : `Observed peak ${observed} reached the limit: it is censored (demand may have been higher), and no drop counter moved to estimate by how much; ` +
        `${observed} × ${policy.headroom} headroom = ${peakTarget}`
    : facts.count > facts.peakCount
      ? `Current count ${facts.count} (above the recorded peak ${facts.peakCount}) × ${policy.headroom} headroom = ${peakTarget}`
      : `Observed peak ${facts.peakCount} × ${policy.headroom} headroom = ${peakTarget}`;
  const coresText = facts.coresSource ? `${facts.cores} cores ${facts.coresSource}` : `${facts.cores} cores`;
  const rules: ProposalRule[] = [
    { id: "kube-proxy", value: kube ?? 0, decisive: false,
      text: kube === null ? "kube-proxy minimum: unknown, the host's CPU count could not be read"
        : `kube-proxy minimum: max(32768 × ${coresText}, 131072) = ${kube}` },
    { id: "peak-headroom", value: peakTarget, decisive: false, text: peakText },
    { id: "rounding", value: rounded, decisive: false,
      text: `The larger, ${want}, rounded up to a multiple of ${ROUND_TO} = ${rounded}` },
    { id: "memory-budget", value: cap ?? 0, decisive: false,
      text: budget === null || cap === null ? "Memory budget: unknown, the host's RAM size could not be read"
        : `Memory budget ${formatPercent(policy.memoryBudgetFraction)} of ${formatBytes(facts.memTotalBytes ?? 0)} RAM = ` +
          `${formatBytes(budget)}: room for at most ${cap} entries at ${e} B each (${entrySource(facts)}) plus the hash table` },
    { id: "current-max", value: facts.max, decisive: false,
      text: `Current limit ${facts.max}: one-click only raises, never lowers` },
  ];
  for (const r of rules) r.decisive = r.id === decidedBy || (r.id === "rounding" && raise && decidedBy !== "memory-budget");
  rules.push(hashRule(facts, max, hashsize, curHash, raise));

  const explanation = rules.map((r) => r.text);
  if (facts.cores === null) explanation.push(UNKNOWN_CORES);
  if (budget === null) explanation.push(UNKNOWN_RAM);
  if (raise) {
    explanation.push(`Proposed limit ${max} (decided by: ${labelOf(decidedBy)}); a full table would use ${formatBytes(fullBytes)}.`);
    if (decidedBy === "memory-budget" && max < peakTarget) {
      explanation.push(`Warning: the memory budget keeps the limit below the peak with headroom (${peakTarget}); ` +
        "raise memoryBudgetFraction or add RAM for more.");
    }
  } else if (cap === null) {
    explanation.push("No raise proposed: the host's RAM size is unknown, so no limit can be checked against the memory budget.");
  } else if (decidedBy === "current-max") {
    explanation.push(`No raise proposed: the current limit ${facts.max} already meets every rule.`);
  } else {
    explanation.push(`No raise proposed: the memory budget allows at most ${cap} entries, not above the current limit ${facts.max}.`);
  }
  return {
    raise, max, hashsize, decidedBy, rules, explanation, unknownInputs,
    memory: { fullTableBytes: fullBytes, budgetBytes: budget, entryBytes: e, entryBytesSource: e === facts.entryBytes ? "slabinfo" : "default" },
  };
}

const LABELS: Record<RuleId, string> = {
  "kube-proxy": "kube-proxy minimum", "peak-headroom": "peak with headroom", rounding: "rounding",
  "memory-budget": "memory budget", "current-max": "current limit", hashsize: "hash size",
};
const labelOf = (id: RuleId): string => LABELS[id];

/** 4310.5 → "4,310.5"; 0.25 → "0.25": a rate as the operator reads it. */
const formatRate = (r: number): string => (r >= 10 ? Math.round(r).toLocaleString("en-US") : String(Number(r.toFixed(2))));

function hashRule(facts: HostLimitFacts, max: number, hashsize: number | null, cur: number | null, raise: boolean): ProposalRule {
  const ratio = kernelAtLeast(facts.kernel, 5, 15)
    ? "this kernel (≥ 5.15) defaults to one bucket per entry, older ones to one per 4–8"
    : "older kernels default to one bucket per 4–8 entries";
  if (!raise) return { id: "hashsize", value: cur ?? 0, decisive: false, text: `Hash table: unchanged (${cur ?? "size unknown"} buckets)` };
  if (hashsize === null) {
    return { id: "hashsize", value: cur ?? 0, decisive: false,
      text: `Hash table: keep ${cur} buckets, already at least max/4 = ${Math.ceil(max / 4)} (${ratio})` };
  }
  return { id: "hashsize", value: hashsize, decisive: false,
    text: `Hash table: ${hashsize} buckets = max/4 as kube-proxy sets it (4 entries per bucket when full; ${ratio}), ` +
      `up from ${cur ?? "an unknown size"}; costs ${formatBytes(hashsize * 8)}, allocated at once` };
}

export type RefusalCode =
  | "not_integer" | "out_of_range" | "not_above_count" | "below_current" | "unchanged" | "over_budget" | "budget_unknown"
  | "hashsize_not_integer" | "hashsize_out_of_range" | "hashsize_not_page_multiple" | "hashsize_below_current"
  | "hashsize_too_small" | "hashsize_too_large";

export type LimitCheck =
  | { ok: true; max: number; hashsize: number | null; fullTableBytes: number; warnings: string[] }
  | { ok: false; code: RefusalCode; reason: string };

/** A JSON integer: a finite number without a fractional part. Strings ("1e5", "65536"), booleans, null are not. */
const isJsonInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** Names the kind of a rejected value without echoing arbitrary input back to the page. */
function describe(v: unknown): string {
  if (typeof v === "number") return String(v).length > 24 ? "a number" : String(v);
  if (typeof v === "string") return "text";
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (typeof v === "boolean") return String(v);
  return Array.isArray(v) ? "a list" : `a ${typeof v}`;
}

const refuse = (code: RefusalCode, reason: string): LimitCheck => ({ ok: false, code, reason });

/**
 * Whether `requested` (and optionally `hashsize`, straight from a JSON body) may be sent to the host.
 * An omitted hashsize leaves the hash table alone. With `mode: "permanent"` a value equal to the
 * current limit is accepted: it persists a value that was raised temporarily before.
 */
export function checkRequestedLimit(
  facts: HostLimitFacts,
  policy: LimitPolicy,
  requested: unknown,
  hashsize?: unknown,
  opts: { mode?: "temporary" | "permanent" } = {},
): LimitCheck {
  assertPolicy(policy);
  if (!isJsonInteger(requested)) return refuse("not_integer", `The limit must be a whole number, got ${describe(requested)}.`);
  if (requested <= 0 || requested > INT_MAX) {
    return refuse("out_of_range", `The limit must be between 1 and ${INT_MAX} (the kernel stores it in an int), got ${describe(requested)}.`);
  }
  if (requested <= facts.count) {
    return refuse("not_above_count", `${requested} is not above the current count ${facts.count}: the table would be full at once.`);
  }
  if (requested < facts.max) {
    return refuse("below_current", `${requested} is below the current limit ${facts.max}; one-click only raises (a lower limit drops new connections sooner).`);
  }
  if (requested === facts.max && opts.mode !== "permanent") {
    return refuse("unchanged", `${requested} equals the current limit: nothing to change.`);
  }

  const cur = currentHashsize(facts);
  const warnings: string[] = [];
  let hs: number | null = null;
  if (hashsize !== undefined) {
    const checked = checkHashsize(hashsize, requested, cur, opts.mode === "permanent");
    if (typeof checked !== "number" && checked !== null) return checked;
    hs = checked;
  }
  const effective = hs ?? cur;
  if (effective !== null && effective * MAX_ENTRIES_PER_BUCKET < requested) {
    const suggested = hashsizeFor(requested, cur) ?? effective;
    warnings.push(`The hash table (${effective} buckets) would average more than ${MAX_ENTRIES_PER_BUCKET} entries per bucket ` +
      `when full; consider a hash size of ${suggested}.`);
  }

  const e = entryBytesOf(facts);
  const budget = budgetBytes(facts, policy);
  const bytes = tableBytes(requested, effective ?? 0, e);
  // The one input an explicit value needs: without RAM there is no budget to hold it to.
  if (budget === null) {
    return refuse("budget_unknown", `The host's RAM size is unknown (/proc/meminfo gave no MemTotal), so a full table of ${requested} ` +
      "entries cannot be checked against the memory budget.");
  }
  if (bytes > budget) {
    return refuse("over_budget", `A full table of ${requested} entries needs ${formatBytes(bytes)} (${requested} × ${e} B` +
      `${effective ? ` + ${effective} buckets × 8 B` : ""}), over the memory budget of ${formatBytes(budget)} ` +
      `(${formatPercent(policy.memoryBudgetFraction)} of ${formatBytes(facts.memTotalBytes ?? 0)} RAM).`);
  }
  return { ok: true, max: requested, hashsize: hs, fullTableBytes: bytes, warnings };
}

/**
 * A number to set, null for "no change", or the refusal. A permanent raise keeps a value equal to the
 * current one so it is written to modprobe.d (it may have been raised temporarily before).
 */
function checkHashsize(v: unknown, max: number, cur: number | null, persist: boolean): number | null | LimitCheck {
  if (!isJsonInteger(v)) return refuse("hashsize_not_integer", `The hash size must be a whole number, got ${describe(v)}.`);
  if (v <= 0 || v > INT_MAX) return refuse("hashsize_out_of_range", `The hash size must be between 1 and ${INT_MAX}, got ${describe(v)}.`);
  if (v % HASH_PAGE_BUCKETS !== 0) {
    return refuse("hashsize_not_page_multiple", `The hash size must be a multiple of ${HASH_PAGE_BUCKETS} (the kernel rounds ` +
      `it up to whole pages, so ${v} would read back as ${roundUp(v, HASH_PAGE_BUCKETS)}).`);
  }
  if (v === cur) return persist ? v : null; // the current size is always acceptable, even above the limit (≥ 5.15)
  if (cur !== null && v < cur) {
    return refuse("hashsize_below_current", `A hash size of ${v} is below the current ${cur} buckets; one-click only raises.`);
  }
  if (v > max) return refuse("hashsize_too_large", `A hash size of ${v} exceeds the limit ${max}: more buckets than entries only costs memory.`);
  if (v * MAX_ENTRIES_PER_BUCKET < max) {
    return refuse("hashsize_too_small", `A hash size of ${v} means more than ${MAX_ENTRIES_PER_BUCKET} entries per bucket when ` +
      `${max} entries are in use; use at least ${roundUp(Math.ceil(max / MAX_ENTRIES_PER_BUCKET), HASH_PAGE_BUCKETS)}.`);
  }
  return v;
}
