import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { rangeKey, resolveWindow, toIsoSeconds, type HostRange } from "./host-range";
import { DEFAULT_AUDIT_DAYS, serializeAuditFilters, type AuditFilters } from "./audit-filters";
import { auditResponseSchema, type AuditResponse } from "./audit-schema";

/** Every URL and query key of the audit log lives here; components never build their own. */
export const auditKeys = {
  all: ["audit"] as const,
  list: (f: AuditFilters) => [...auditKeys.all, "list", f.host.trim(), f.user.trim(), f.outcome, f.days] as const,
  host: (name: string, range: string) => [...auditKeys.all, "host", name, range] as const,
};

/** The audit page refreshes this often: another operator's raise shows up without a reload. */
export const AUDIT_REFETCH_MS = 15_000;
/** The host chart's annotations change only when someone raises; a slower beat is enough. */
export const HOST_AUDIT_REFETCH_MS = 30_000;

/** Host, user and outcome as the API takes them; without a window the server looks back 30 days. */
export function auditUrl(f: Omit<AuditFilters, "days">, window?: { fromMs: number; toMs: number }): string {
  const qs = new URLSearchParams(serializeAuditFilters({ ...f, days: DEFAULT_AUDIT_DAYS }));
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
    queryFn: ({ signal }) => {
      const now = Date.now();
      return fetchAudit(auditUrl(f, { fromMs: now - f.days * 86_400_000, toMs: now }), signal);
    },
  });
}

/** Attempts on one host within the chart's window, for annotations. */
export function hostAuditQuery(name: string, range: HostRange) {
  return queryOptions({
    queryKey: auditKeys.host(name, rangeKey(range)),
    queryFn: ({ signal }) => fetchAudit(auditUrl({ host: name, user: "", outcome: "" }, resolveWindow(range, Date.now())), signal),
  });
}
