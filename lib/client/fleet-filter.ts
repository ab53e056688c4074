import { isFailedStatus, type FleetHost } from "./fleet-schema";
import type { FleetView, StatusFilter } from "./fleet-view";

export function matchesStatus(host: FleetHost, status: StatusFilter | ""): boolean {
  if (!status) return true;
  if (status === "failing") return isFailedStatus(host.status);
  if (status === "dropping") return host.droppingNow;
  return host.status === status;
}

/**
 * Free text matches name, address or any tag, case-insensitively; every whitespace-separated
 * word must match somewhere (`web eu` finds web hosts tagged eu-west).
 */
export function matchesText(host: FleetHost, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [host.name, host.address, ...host.tags].map((s) => s.toLowerCase());
  return words.every((w) => haystack.some((field) => field.includes(w)));
}

export function filterHosts(
  hosts: readonly FleetHost[],
  view: Pick<FleetView, "q" | "tag" | "status">,
): FleetHost[] {
  return hosts.filter(
    (h) =>
      matchesText(h, view.q) && (!view.tag || h.tags.includes(view.tag)) && matchesStatus(h, view.status),
  );
}

/** Every tag in the fleet, sorted, each once. */
export function collectTags(hosts: readonly FleetHost[]): string[] {
  return [...new Set(hosts.flatMap((h) => h.tags))].sort((a, b) => a.localeCompare(b));
}
