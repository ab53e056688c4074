import { formatTimestamp } from "@/lib/client/fleet-format";
import type { HostDetail } from "@/lib/client/host-schema";

/** Why a range has no samples, in the terms an SRE would check next. */
export function samplesEmptyReason(host: HostDetail): string {
  if (host.status === "no-conntrack") {
    return "No samples in this range — the conntrack module is not loaded on this host, so there is no table to sample.";
  }
  if (host.firstSampleAt) {
    return `No samples in this range yet — the host has been polled since ${formatTimestamp(host.firstSampleAt)}.`;
  }
  if (!host.lastOkAt) {
    return host.lastPollAt
      ? `No samples yet — no poll of this host has succeeded${host.error ? ` (${host.error.message})` : ""}.`
      : "No samples yet — the host has not been polled yet; the first poll is on its way.";
  }
  if (host.error) {
    return `No samples in this range — polls are failing (${host.error.message}); last good read ${formatTimestamp(host.lastOkAt)}.`;
  }
  return `No samples in this range — the last good read of this host was ${formatTimestamp(host.lastOkAt)}.`;
}
