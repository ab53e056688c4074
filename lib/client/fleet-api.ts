import { queryOptions } from "@tanstack/react-query";
import { FleetApiError, fetchJson } from "./fetch-json";
import { fleetSnapshotSchema, type FleetSnapshot } from "./fleet-schema";

/** Every URL and query key the browser uses lives here; components never build their own. */
export const fleetKeys = {
  all: ["fleet"] as const,
  hosts: () => [...fleetKeys.all, "hosts"] as const,
};

const HOSTS_URL = "/api/hosts";

/** Refetch no faster than this whatever the server says: a tab per engineer adds up. */
export const MIN_REFETCH_MS = 2_000;
/** Used until the first response tells us the server's poll interval. */
export const DEFAULT_REFETCH_MS = 5_000;

export { FleetApiError } from "./fetch-json";

export function fetchHosts(signal?: AbortSignal): Promise<FleetSnapshot> {
  return fetchJson(HOSTS_URL, fleetSnapshotSchema, signal);
}

export function refetchMsFor(snapshot: FleetSnapshot | undefined): number {
  if (!snapshot) return DEFAULT_REFETCH_MS;
  return Math.max(MIN_REFETCH_MS, snapshot.pollIntervalSeconds * 1000);
}

export function hostsQuery() {
  return queryOptions({
    queryKey: fleetKeys.hosts(),
    queryFn: ({ signal }) => fetchHosts(signal),
  });
}

export function describeError(error: unknown): string {
  if (error instanceof FleetApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "unknown error";
}
