import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";
import { postJson } from "./session";

/** The browser's view of `/api/tokens`. Every URL and query key of API tokens lives here. */

export const TOKEN_ROLES = ["viewer", "operator", "metrics"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const TOKEN_ROLE_HELP: Record<TokenRole, string> = {
  metrics: "/metrics only",
  viewer: "reads the API",
  operator: "API and limit raises",
};

/** Expiry choices of the form, in days; null: never. */
export const TOKEN_EXPIRY_CHOICES = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
  { days: 7, label: "7 days" },
  { days: null, label: "never" },
] as const;

export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(TOKEN_ROLES),
  hint: z.string(),
  state: z.enum(["active", "expired", "revoked"]),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
export type ApiTokenRow = z.infer<typeof apiTokenSchema>;

const listSchema = z.object({ tokens: z.array(apiTokenSchema) });

export const tokenKeys = { all: ["api-tokens"] as const };

export function tokensQuery() {
  return queryOptions({
    queryKey: tokenKeys.all,
    queryFn: ({ signal }) => fetchJson("/api/tokens", listSchema, signal, "/api/tokens"),
  });
}

export function createToken(body: { name: string; role: TokenRole; expiresInDays: number | null }, csrf: string): Promise<ApiTokenRow & { token: string }> {
  return postJson("/api/tokens", body, csrf);
}

export function revokeToken(id: number, csrf: string): Promise<ApiTokenRow> {
  return postJson(`/api/tokens/${id}/revoke`, {}, csrf);
}
