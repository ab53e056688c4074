import { AUDIT_OUTCOMES, type AuditOutcome } from "./audit-schema";

/** How far back the audit page looks, in days; 30 is the default and stays out of the URL. */
export const AUDIT_PERIODS = [1, 7, 30, 90, 365] as const;
export type AuditDays = (typeof AUDIT_PERIODS)[number];
export const DEFAULT_AUDIT_DAYS: AuditDays = 30;

export function auditPeriodLabel(days: AuditDays): string {
  return days === 1 ? "last 24 hours" : days === 365 ? "last year" : `last ${days} days`;
}

/**
 * The audit page's filters, carried in the URL (`?host=&user=&outcome=&days=`) so a link reproduces
 * the view. The server matches host and user exactly; empty means "any" and is left out.
 */
export interface AuditFilters {
  host: string;
  user: string;
  outcome: AuditOutcome | "";
  days: AuditDays;
}

export const NO_FILTERS: AuditFilters = { host: "", user: "", outcome: "", days: DEFAULT_AUDIT_DAYS };

/** The server caps these lengths; longer values could only be typos or noise. */
const MAX_LEN = { host: 300, user: 128 } as const;

interface ReadableParams {
  get(name: string): string | null;
}

function isOutcome(v: string | null): v is AuditOutcome {
  return v !== null && (AUDIT_OUTCOMES as readonly string[]).includes(v);
}

export function parseAuditFilters(params: ReadableParams): AuditFilters {
  const host = (params.get("host") ?? "").trim().slice(0, MAX_LEN.host);
  const user = (params.get("user") ?? "").trim().slice(0, MAX_LEN.user);
  const outcome = params.get("outcome");
  const days = AUDIT_PERIODS.find((d) => String(d) === params.get("days")) ?? DEFAULT_AUDIT_DAYS;
  return { host, user, outcome: isOutcome(outcome) ? outcome : "", days };
}

/** Query string without the leading `?`; empty when nothing is filtered. */
export function serializeAuditFilters(f: AuditFilters): string {
  const params = new URLSearchParams();
  if (f.host.trim()) params.set("host", f.host.trim());
  if (f.user.trim()) params.set("user", f.user.trim());
  if (f.outcome) params.set("outcome", f.outcome);
  if (f.days !== DEFAULT_AUDIT_DAYS) params.set("days", String(f.days));
  return params.toString();
}

export function isAuditFiltered(f: AuditFilters): boolean {
  return serializeAuditFilters(f) !== "";
}
