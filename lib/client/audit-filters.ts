import { AUDIT_OUTCOMES, type AuditOutcome } from "./audit-schema";

/**
 * The audit page's filters, carried in the URL (`?host=&user=&outcome=`) so a link reproduces
 * the view. The server matches host and user exactly; empty means "any" and is left out.
 */
export interface AuditFilters {
  host: string;
  user: string;
  outcome: AuditOutcome | "";
}

export const NO_FILTERS: AuditFilters = { host: "", user: "", outcome: "" };

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
  return { host, user, outcome: isOutcome(outcome) ? outcome : "" };
}

/** Query string without the leading `?`; empty when nothing is filtered. */
export function serializeAuditFilters(f: AuditFilters): string {
  const params = new URLSearchParams();
  if (f.host.trim()) params.set("host", f.host.trim());
  if (f.user.trim()) params.set("user", f.user.trim());
  if (f.outcome) params.set("outcome", f.outcome);
  return params.toString();
}

export function isAuditFiltered(f: AuditFilters): boolean {
  return serializeAuditFilters(f) !== "";
}
