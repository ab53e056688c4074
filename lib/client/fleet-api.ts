import { queryOptions } from "@tanstack/react-query";
import { FleetApiError, fetchJson } from "./fetch-json";
import { fleetSnapshotSchema, type FleetSnapshot } from "./fleet-schema";
import { parseFleetLines } from "./fleet-parse";

/** Every URL and query key the browser uses lives here; components never build their own. */
export const fleetKeys = {
  all: ["fleet"] as const,
  hosts: () => [...fleetKeys.all, "hosts"] as const,
};

/** The browser reads the fleet as NDJSON (one host per line, parsed in slices); scripts get plain JSON. */
export const HOSTS_URL = "/api/hosts?format=ndjson";

/** The same document as one JSON object: the fallback path that turns failures into the page's error. */
const JSON_HOSTS_URL = "/api/hosts";

/** Refetch no faster than this whatever the server says: a tab per engineer adds up. */
export const MIN_REFETCH_MS = 2_000;
/** Used until the first response tells us the server's poll interval. */
export const DEFAULT_REFETCH_MS = 5_000;

export { FleetApiError } from "./fetch-json";

/**
 * A snapshot as the page holds it: the document, its ETag, and when this browser received it
 * (generatedAt − receivedAt maps this browser's clock onto the server's).
 */
export type FleetData = FleetSnapshot & { etag: string | null; receivedAt: number };

/**
 * GET /api/hosts, conditionally once we hold a snapshot: `304 Not Modified` hands back the very
 * object we had, so nothing downstream re-renders. (react-query's structural sharing does the
 * same for the hosts of a changed document that did not move.)
 */
export async function fetchHosts(signal?: AbortSignal, previous?: FleetData): Promise<FleetData> {
  const headers: Record<string, string> = { accept: "application/x-ndjson" };
  if (previous?.etag) headers["if-none-match"] = previous.etag;
  let res: Response | null = null;
  try {
    res = await fetch(HOSTS_URL, { signal, cache: "no-store", headers });
  } catch (err) {
    if (signal?.aborted) throw err;
  }
  if (res?.status === 304 && previous) return previous;
  if (res?.ok) {
    const parsed = await parseFleetLines(await res.text().catch(() => ""), previous);
    if (parsed) return { ...parsed, etag: res.headers.get("etag"), receivedAt: Date.now() };
  }
  // Anything but a good 200 or a 304 (unreachable, signed out, an error, a bad body) is asked
  // once more through the one path that turns it into the page's error (or the sign-in page).
  const snapshot = await fetchJson(JSON_HOSTS_URL, fleetSnapshotSchema, signal);
  return { ...snapshot, etag: null, receivedAt: Date.now() };
}

export function refetchMsFor(snapshot: FleetSnapshot | undefined): number {
  if (!snapshot) return DEFAULT_REFETCH_MS;
  return Math.max(MIN_REFETCH_MS, snapshot.pollIntervalSeconds * 1000);
}

export function hostsQuery() {
  return queryOptions({
    queryKey: fleetKeys.hosts(),
    queryFn: ({ signal, client }) => fetchHosts(signal, client.getQueryData<FleetData>(fleetKeys.hosts())),
    // fetchHosts already hands back the previous host objects that did not change, in slices;
    // react-query's own pass would walk 5000 hosts again in one task.
    structuralSharing: false,
  });
}

export function describeError(error: unknown): string {
  if (error instanceof FleetApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "unknown error";
}
