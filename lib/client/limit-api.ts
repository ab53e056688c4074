import { queryOptions } from "@tanstack/react-query";
import { FleetApiError, fetchJson } from "./fetch-json";
import {
  limitPlanSchema,
  raiseErrorBodySchema,
  raiseSuccessSchema,
  type FailedStep,
  type LimitMode,
  type LimitPlan,
  type RaiseSuccess,
} from "./limit-schema";

/** Every URL and query key of the raise dialog lives here; components never build their own. */
export const limitKeys = {
  all: ["limit"] as const,
  host: (name: string) => [...limitKeys.all, name] as const,
  /** `max: null` asks for the proposal; `hashsize: null` with a max leaves the hash table alone. */
  plan: (name: string, mode: LimitMode, max: number | null, hashsize: number | null) =>
    [...limitKeys.host(name), "plan", mode, max, hashsize] as const,
};

export interface PlanRequest {
  mode: LimitMode;
  max: number | null;
  hashsize: number | null;
}

export interface RaiseRequest {
  mode: LimitMode;
  max: number;
  hashsize: number | null;
  /** Optional reason or ticket, kept in the audit log as text. */
  reason?: string;
}

/** The server refuses longer reasons; the input stops here. */
export const REASON_MAX_LENGTH = 200;

const enc = encodeURIComponent;

/** Only integers ever reach the query string: the caller parsed them, this refuses anything else. */
function intParam(name: string, v: number | null): string {
  if (v === null) return "";
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return `&${name}=${v}`;
}

export function planUrl(name: string, req: PlanRequest): string {
  const explicit = req.max !== null ? `${intParam("max", req.max)}${intParam("hashsize", req.hashsize)}` : "";
  return `/api/hosts/${enc(name)}/limit/plan?mode=${req.mode}${explicit}`;
}

export function raiseUrl(name: string): string {
  return `/api/hosts/${enc(name)}/limit`;
}

export function fetchPlan(name: string, req: PlanRequest, signal?: AbortSignal): Promise<LimitPlan> {
  return fetchJson(planUrl(name, req), limitPlanSchema, signal, "the plan endpoint");
}

export function planQuery(name: string, req: PlanRequest) {
  return queryOptions({
    queryKey: limitKeys.plan(name, req.mode, req.max, req.hashsize),
    queryFn: ({ signal }) => fetchPlan(name, req, signal),
    // A 4xx will not change by asking again; the dialog offers its own retry.
    retry: (failures, error) => !(error instanceof FleetApiError && error.status !== null && error.status < 500) && failures < 1,
    // The preview must not shift under the operator's eyes because a window regained focus.
    refetchOnWindowFocus: false,
  });
}

export type RaiseOutcome =
  | { kind: "success"; result: RaiseSuccess }
  | {
      kind: "failure";
      /** HTTP status; null when no response arrived. */
      status: number | null;
      code: string;
      message: string;
      failedStep: FailedStep | null;
      /** The server's own words on the host's state; null when it said nothing. */
      hostLeft: string | null;
    };

/**
 * POSTs the raise. Never throws and never reports success unless a 2xx body says `ok: true` in
 * the documented shape: a lost or unreadable reply is a failure whose effect on the host is unknown.
 */
export async function applyRaise(name: string, req: RaiseRequest, csrf: string | null): Promise<RaiseOutcome> {
  const reason = req.reason?.trim();
  const body = { mode: req.mode, max: req.max, ...(req.hashsize !== null ? { hashsize: req.hashsize } : {}), ...(reason ? { reason } : {}) };
  let res: Response;
  try {
    res = await fetch(raiseUrl(name), {
      method: "POST",
      cache: "no-store",
      headers: { "content-type": "application/json", accept: "application/json", ...(csrf ? { "x-csrf-token": csrf } : {}) },
      body: JSON.stringify(body),
    });
  } catch {
    return failure(null, "network", "The dashboard server did not answer. The raise may or may not have run.");
  }
  const data: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const ok = raiseSuccessSchema.safeParse(data);
    if (ok.success) return { kind: "success", result: ok.data };
  }
  const err = raiseErrorBodySchema.safeParse(data);
  if (err.success) {
    const e = err.data.error;
    return { kind: "failure", status: res.status, code: e.code, message: e.message, failedStep: e.failedStep, hostLeft: e.hostLeft };
  }
  return failure(res.status, "bad_response", `The server's reply (HTTP ${res.status}) could not be read. The raise may or may not have run.`);
}

function failure(status: number | null, code: string, message: string): RaiseOutcome {
  return { kind: "failure", status, code, message, failedStep: null, hostLeft: null };
}

/** Codes the server answers before anything is sent to the host. */
const NOTHING_SENT = new Set([
  "refused", "bad_request", "forbidden", "csrf", "unauthorized", "not_found",
  "too_many_requests", "unsupported_media_type", "payload_too_large",
]);

/** What state the host is in after a failure, in words that never overstate what is known. */
export function describeHostLeft(f: { code: string; hostLeft: string | null }): { text: string; known: boolean } {
  if (f.hostLeft) return { text: f.hostLeft, known: true };
  if (NOTHING_SENT.has(f.code)) return { text: "unchanged: nothing was sent to the host", known: true };
  return { text: "unknown: the server did not say. Check the host's current value and the audit log.", known: false };
}
