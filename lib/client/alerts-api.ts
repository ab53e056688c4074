import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

const status = z.enum(["firing", "resolved"]);

export const alertsResponseSchema = z.object({
  firing: z.array(z.object({ rule: z.string(), kind: z.string(), host: z.string(), since: z.string(), value: z.string().nullable() })),
  rules: z.array(z.object({ name: z.string(), kind: z.string(), receivers: z.array(z.string()), hosts: z.array(z.string()).nullable() })),
  receivers: z.array(z.object({ name: z.string(), kind: z.string(), target: z.string() })),
  notifications: z.array(
    z.object({
      id: z.number(),
      createdAt: z.string(),
      host: z.string(),
      receiver: z.string(),
      receiverKind: z.string().nullable(),
      target: z.string().nullable(),
      status,
      alerts: z.array(z.object({ rule: z.string(), status })),
      state: z.enum(["pending", "delivered", "dead"]),
      attempts: z.number(),
      nextAttemptAt: z.string().nullable(),
      lastError: z.string().nullable(),
      doneAt: z.string().nullable(),
    }),
  ),
});

export type AlertsResponse = z.infer<typeof alertsResponseSchema>;
export type AlertNotification = AlertsResponse["notifications"][number];

/** Retries are seconds apart: the page follows them closely. */
export const ALERTS_REFETCH_MS = 2_000;

export const alertsKeys = { all: ["alerts"] as const };

export function alertsQuery() {
  return queryOptions({
    queryKey: alertsKeys.all,
    queryFn: ({ signal }) => fetchJson("/api/alerts", alertsResponseSchema, signal, "/api/alerts"),
  });
}
