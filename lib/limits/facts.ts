/**
 * Glue for the caller: the planner's facts from a poll reading (cores, RAM, kernel, count), the
 * probe (fresher live values, the root-only hash size and slab entry size) and the stored peak.
 */
import type { HostReading } from "@/lib/conntrack/parse-collect";
import type { HostProbe } from "./probe";
import type { HostLimitFacts } from "./sizing";

export type FactsResult = { ok: true; facts: HostLimitFacts } | { ok: false; reason: string };

export function limitFactsFrom(reading: HostReading, probe: HostProbe | null, peakCount: number | null): FactsResult {
  if (reading.kind !== "conntrack") return { ok: false, reason: "conntrack is not in use on this host (module not loaded)." };
  const { cores, memTotalBytes, kernel } = reading.facts;
  if (cores === null || memTotalBytes === null) {
    return { ok: false, reason: "the host's CPU count or RAM size is unknown, so no limit can be sized." };
  }
  const live = probe?.live.module === reading.module ? probe.live : null;
  const max = live?.max ?? reading.max;
  return {
    ok: true,
    facts: {
      cores, memTotalBytes, kernel,
      count: reading.count,
      max,
      buckets: live?.buckets ?? reading.buckets,
      hashsize: live?.hashsize ?? null,
      module: reading.module,
      entryBytes: probe?.entryBytes ?? null,
      peakCount: Math.max(peakCount ?? 0, reading.count),
    },
  };
}
