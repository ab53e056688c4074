import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { FleetApiError, fetchJson } from "./fetch-json";
import { rangeKey, resolveWindow, toIsoSeconds, type HostRange } from "./host-range";
import {
  eventsResponseSchema,
  hostResponseSchema,
  samplesResponseSchema,
  type EventsResponse,
  type HostResponse,
} from "./host-schema";
import { buildSeries, type SamplesView } from "./host-series";

/** Every URL and query key of the host page lives here; components never build their own. */
export const hostKeys = {
  all: ["host"] as const,
  one: (name: string) => [...hostKeys.all, name] as const,
  detail: (name: string) => [...hostKeys.one(name), "detail"] as const,
  samples: (name: string, range: string) => [...hostKeys.one(name), "samples", range] as const,
  events: (name: string, range: string) => [...hostKeys.one(name), "events", range] as const,
};

const enc = encodeURIComponent;

export function hostUrl(name: string): string {
  return `/api/hosts/${enc(name)}`;
}

export function samplesUrl(name: string, fromMs: number, toMs: number): string {
  return `/api/hosts/${enc(name)}/samples?from=${enc(toIsoSeconds(fromMs))}&to=${enc(toIsoSeconds(toMs))}`;
}

export function eventsUrl(name: string, fromMs: number, toMs: number): string {
  return `/api/events?host=${enc(name)}&from=${enc(toIsoSeconds(fromMs))}&to=${enc(toIsoSeconds(toMs))}`;
}

export { readErrorReason } from "./fetch-json";


export function isNotFound(error: unknown): boolean {
  return error instanceof FleetApiError && error.status === 404;
}

export function hostQuery(name: string) {
  return queryOptions({
    queryKey: hostKeys.detail(name),
    queryFn: ({ signal }): Promise<HostResponse> => fetchJson(hostUrl(name), hostResponseSchema, signal),
    // A missing host will not appear by retrying.
    retry: (failures, error) => !isNotFound(error) && failures < 1,
  });
}

/**
 * Samples for a range. A relative range keeps one cache key while its window slides: the window
 * is resolved when the request goes out, and the response echoes what it covered.
 */
export function samplesQuery(name: string, range: HostRange) {
  return queryOptions({
    queryKey: hostKeys.samples(name, rangeKey(range)),
    queryFn: async ({ signal }): Promise<SamplesView> => {
      const { fromMs, toMs } = resolveWindow(range, Date.now());
      const res = await fetchJson(samplesUrl(name, fromMs, toMs), samplesResponseSchema, signal);
      return buildSeries(res, fromMs, toMs);
    },
    // Columns of numbers, rebuilt per response: deep-comparing thousands of points buys nothing.
    structuralSharing: false,
  });
}

export function eventsQuery(name: string, range: HostRange) {
  return queryOptions({
    queryKey: hostKeys.events(name, rangeKey(range)),
    queryFn: ({ signal }): Promise<EventsResponse> => {
      const { fromMs, toMs } = resolveWindow(range, Date.now());
      return fetchJson(eventsUrl(name, fromMs, toMs), eventsResponseSchema, signal);
    },
  });
}
