import { queryOptions } from "@tanstack/react-query";
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

export class FleetApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "FleetApiError";
  }
}

/** Pull a short, user-safe reason out of an error body (`{ error: { message } }` or `{ error }`). */
function readReason(body: unknown): string | null {
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const err = (body as { error: unknown }).error;
  if (typeof err === "string") return err;
  if (err && typeof err === "object" && "message" in err) {
    const msg = (err as { message: unknown }).message;
    if (typeof msg === "string") return msg;
  }
  return null;
}

export async function fetchHosts(signal?: AbortSignal): Promise<FleetSnapshot> {
  let res: Response;
  try {
    res = await fetch(HOSTS_URL, { signal, cache: "no-store", headers: { accept: "application/json" } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new FleetApiError("dashboard server unreachable", null);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    throw new FleetApiError(readReason(body) ?? `HTTP ${res.status}`, res.status);
  }
  const parsed = fleetSnapshotSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join(".") || "body"}: ${first.message}` : "unexpected shape";
    throw new FleetApiError(`bad response from ${HOSTS_URL} (${where})`, res.status);
  }
  return parsed.data;
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
