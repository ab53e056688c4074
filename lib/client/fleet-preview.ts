import { collectTags, filterHosts } from "./fleet-filter";
import type { FleetSnapshot } from "./fleet-schema";
import { sortHosts } from "./fleet-sort";
import { summarizeFleet, type FleetSummary } from "./fleet-summary";
import type { FleetView } from "./fleet-view";

/** Rows the server renders into the page's HTML: about two screens of the table. */
export const PREVIEW_ROWS = 40;

/**
 * The first rows of the table as the URL's view would show them, with the fleet's summary and
 * tags: rendered with the HTML so rows are on screen before the scripts have loaded, hydrated and
 * fetched `/api/hosts`. The full fleet replaces it on the first fetch.
 */
export interface FleetPreview {
  /** The snapshot with only the first rows of the view in `hosts`. */
  snapshot: FleetSnapshot;
  /** Hosts matching the view, of which `snapshot.hosts` are the first. */
  shown: number;
  total: number;
  summary: FleetSummary;
  tags: string[];
}

export function previewOf(snapshot: FleetSnapshot, view: FleetView, limit = PREVIEW_ROWS): FleetPreview {
  const matching = filterHosts(snapshot.hosts, view);
  return {
    snapshot: { ...snapshot, hosts: sortHosts(matching, view.sort, view.dir).slice(0, limit) },
    shown: matching.length,
    total: snapshot.hosts.length,
    summary: summarizeFleet(snapshot.hosts),
    tags: collectTags(snapshot.hosts),
  };
}
