import { isFailedStatus, type FleetHost } from "./fleet-schema";
import type { FleetView, StatusFilter } from "./fleet-view";

export function matchesStatus(host: FleetHost, status: StatusFilter | ""): boolean {
  if (!status) return true;
  if (status === "failing") return isFailedStatus(host.status);
  if (status === "dropping") return host.droppingNow;
  return host.status === status;
}

// Lower-cased fields per host object: react-query keeps unchanged hosts identical across polls,
// so a keystroke at 5000 hosts lower-cases nothing it has seen before.
const haystacks = new WeakMap<FleetHost, string[]>();

function haystackOf(host: FleetHost): string[] {
  let h = haystacks.get(host);
  if (!h) {
    h = [host.name, host.address, ...host.tags].map((s) => s.toLowerCase());
    haystacks.set(host, h);
  }
  return h;
}

/** The words of a free-text filter, lower-cased; empty when the filter is blank. */
export function filterWords(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Free text matches name, address or any tag, case-insensitively; every whitespace-separated
 * word must match somewhere (`web eu` finds web hosts tagged eu-west).
 */
export function matchesText(host: FleetHost, q: string): boolean {
  return matchesWords(host, filterWords(q));
}

function matchesWords(host: FleetHost, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = haystackOf(host);
  return words.every((w) => haystack.some((field) => field.includes(w)));
}

export function filterHosts(
  hosts: readonly FleetHost[],
  view: Pick<FleetView, "q" | "tag" | "status">,
): FleetHost[] {
  const words = filterWords(view.q);
  if (words.length === 0 && !view.tag && !view.status) return [...hosts];
  return hosts.filter(
    (h) => (!view.tag || h.tags.includes(view.tag)) && matchesStatus(h, view.status) && matchesWords(h, words),
  );
}

/** Every tag in the fleet, sorted, each once. */
export function collectTags(hosts: readonly FleetHost[]): string[] {
  return [...new Set(hosts.flatMap((h) => h.tags))].sort((a, b) => a.localeCompare(b));
}
