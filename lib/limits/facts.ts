/**
 * Glue for the caller: the planner's facts from a poll reading (cores, RAM, kernel, count), the
 * probe (fresher live values, the root-only hash size and slab entry size) and the stored peak.
 */
import type { HostReading } from "@/lib/conntrack/parse-collect";
import type { HostProbe } from "./probe";
import type { HostLimitFacts } from "./sizing";

export type FactsResult = { ok: true; facts: HostLimitFacts } | { ok: false; reason: string };

/**
 * CPUs, best source first: the online list the poll read; the probe's /proc/cpuinfo (online CPUs, on
 * every kernel); the per-CPU rows of the stat file (possible CPUs, may be more than are online).
 * Unknown is not a refusal: the planner leaves out what needs it and says so.
 */
function coresOf(reading: Extract<HostReading, { kind: "conntrack" }>, probe: HostProbe | null): Pick<HostLimitFacts, "cores" | "coresSource"> {
  const { cores, coresSource } = reading.facts;
  if (cores !== null && coresSource !== "stat-rows") return { cores };
  if (probe?.cpus) return { cores: probe.cpus, coresSource: "from /proc/cpuinfo" };
  if (cores !== null) return { cores, coresSource: "counted from the conntrack stat file's per-CPU rows" };
  return { cores: null };
}

export function limitFactsFrom(reading: HostReading, probe: HostProbe | null, peakCount: number | null, peakDropRate: number | null = null): FactsResult {
  if (reading.kind !== "conntrack") return { ok: false, reason: "conntrack is not in use on this host (module not loaded)." };
  const { memTotalBytes, kernel } = reading.facts;
  const live = probe?.live.module === reading.module ? probe.live : null;
  const max = live?.max ?? reading.max;
  return {
    ok: true,
    facts: {
      ...coresOf(reading, probe), memTotalBytes, kernel,
      count: reading.count,
      max,
      buckets: live?.buckets ?? reading.buckets,
      hashsize: live?.hashsize ?? null,
      module: reading.module,
      entryBytes: probe?.entryBytes ?? null,
      peakCount: Math.max(peakCount ?? 0, reading.count),
      peakDropRate,
    },
  };
}
