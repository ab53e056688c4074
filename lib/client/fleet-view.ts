import { HOST_STATUSES, type HostStatus } from "./fleet-schema";

/**
 * The overview's filter/sort/display state, as carried in the URL (`?q=&tag=&status=&sort=&dir=&view=`)
 * so a link reproduces the view. Defaults are omitted from the URL to keep links short.
 */
export const SORT_KEYS = ["status", "name", "tags", "util", "count", "max", "drops", "age"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

/** Pseudo-statuses a tile or the select can filter by, beyond the literal ones. */
export const STATUS_GROUPS = ["failing", "dropping"] as const;
export type StatusFilter = HostStatus | (typeof STATUS_GROUPS)[number];

/** The table, or one cell per host (the way to see thousands at once). */
export const DISPLAYS = ["table", "heatmap"] as const;
export type Display = (typeof DISPLAYS)[number];

export interface FleetView {
  q: string;
  tag: string;
  status: StatusFilter | "";
  sort: SortKey;
  dir: SortDir;
  display: Display;
}

/** Hottest first: the order an on-call engineer wants to read the fleet in. */
export const DEFAULT_VIEW: FleetView = { q: "", tag: "", status: "", sort: "status", dir: "desc", display: "table" };

/** Direction a column starts in when first clicked: text A→Z, numbers biggest first. */
export function defaultDirFor(sort: SortKey): SortDir {
  return sort === "name" || sort === "tags" ? "asc" : "desc";
}

function isSortKey(v: string): v is SortKey {
  return (SORT_KEYS as readonly string[]).includes(v);
}

function isStatusFilter(v: string): v is StatusFilter {
  return (HOST_STATUSES as readonly string[]).includes(v) || (STATUS_GROUPS as readonly string[]).includes(v);
}

interface ReadableParams {
  get(name: string): string | null;
}

/** Unknown values fall back to defaults rather than erroring: old links must still open. */
export function parseView(params: ReadableParams): FleetView {
  const sortRaw = params.get("sort") ?? "";
  const sort = isSortKey(sortRaw) ? sortRaw : DEFAULT_VIEW.sort;
  const dirRaw = params.get("dir");
  const dir: SortDir = dirRaw === "asc" || dirRaw === "desc" ? dirRaw : defaultDirFor(sort);
  const statusRaw = params.get("status") ?? "";
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    tag: (params.get("tag") ?? "").slice(0, 200),
    status: isStatusFilter(statusRaw) ? statusRaw : "",
    sort,
    dir,
    display: params.get("view") === "heatmap" ? "heatmap" : "table",
  };
}

/** Query string without the leading `?`; empty when the view is the default. */
export function serializeView(view: FleetView): string {
  const params = new URLSearchParams();
  if (view.q.trim()) params.set("q", view.q.trim());
  if (view.tag) params.set("tag", view.tag);
  if (view.status) params.set("status", view.status);
  if (view.sort !== DEFAULT_VIEW.sort) params.set("sort", view.sort);
  if (view.dir !== defaultDirFor(view.sort)) params.set("dir", view.dir);
  if (view.display !== DEFAULT_VIEW.display) params.set("view", view.display);
  return params.toString();
}

/** Clicking a header: same column flips direction, a new column starts in its natural direction. */
export function toggleSort(view: FleetView, sort: SortKey): FleetView {
  if (view.sort === sort) return { ...view, dir: view.dir === "asc" ? "desc" : "asc" };
  return { ...view, sort, dir: defaultDirFor(sort) };
}

export function isFiltered(view: FleetView): boolean {
  return Boolean(view.q.trim() || view.tag || view.status);
}
