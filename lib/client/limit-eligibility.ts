import type { FleetHost } from "./fleet-schema";

export type RaiseCandidate = Pick<FleetHost, "name" | "status" | "max">;

export const OPERATOR_ONLY = "Raising limits needs the operator role";

/**
 * Why a host cannot be raised from the page right now, or null when it can: the last poll must
 * have reached it and read a limit. The server re-checks everything; this only avoids offering
 * an action that cannot work.
 */
export function raiseBlocker(host: RaiseCandidate): string | null {
  switch (host.status) {
    case "unreachable":
      return "The last poll could not reach this host";
    case "hostkey":
      return "The host key does not match: fix that before changing anything on this host";
    case "pending":
      return "Not polled yet: the current limit is unknown";
    case "no-conntrack":
      return "The conntrack module is not loaded on this host";
    default:
      break;
  }
  if (host.max === null) return "The current limit is unknown";
  if (host.max === 0) return "nf_conntrack_max is 0 here: the kernel applies no limit";
  return null;
}
