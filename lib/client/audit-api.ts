import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { rangeKey, resolveWindow, toIsoSeconds, type HostRange } from "./host-range";
import { serializeAuditFilters, type AuditFilters } from "./audit-filters";
import { auditResponseSchema, type AuditResponse } from "./audit-schema";

/** Every URL and query key of the audit log lives here; components never build their own. */
export const auditKeys = {
  all: ["audit"] as const,
  list: (f: AuditFilters) => [...auditKeys.all, "list", f.host.trim(), f.user.trim(), f.outcome] as const,
  host: (name: string, range: string) => [...auditKeys.all, "host", name, range] as const,
};

/** The audit page refreshes this often: another operator's raise shows up without a reload. */
export const AUDIT_REFETCH_MS = 15_000;
/** The host chart's annotations change only when someone raises; a slower beat is enough. */
export const HOST_AUDIT_REFETCH_MS = 30_000;

/** Without from/to the server looks back 30 days. */
export function auditUrl(f: AuditFilters, window?: { fromMs: number; toMs: number }): string {
  const qs = new URLSearchParams(serializeAuditFilters(f));
  if (window) {
    qs.set("from", toIsoSeconds(window.fromMs));
    qs.set("to", toIsoSeconds(window.toMs));
  }
  const s = qs.toString();
  return s ? `/api/audit?${s}` : "/api/audit";
}

export function fetchAudit(url: string, signal?: AbortSignal): Promise<AuditResponse> {
  return fetchJson(url, auditResponseSchema, signal, "/api/audit");
}

export function auditQuery(f: AuditFilters) {
  return queryOptions({
    queryKey: auditKeys.list(f),
    queryFn: ({ signal }) => fetchAudit(auditUrl(f), signal),
  });
}

/** Attempts on one host within the chart's window, for annotations. */
export function hostAuditQuery(name: string, range: HostRange) {
  return queryOptions({
    queryKey: auditKeys.host(name, rangeKey(range)),
    queryFn: ({ signal }) => fetchAudit(auditUrl({ host: name, user: "", outcome: "" }, resolveWindow(range, Date.now())), signal),
  });
}
