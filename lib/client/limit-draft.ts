import type { PlanRequest, RaiseRequest } from "./limit-api";
import type { LimitMode, LimitPlan } from "./limit-schema";

/**
 * The raise dialog's inputs as typed, and what may be sent for them. Only whole numbers written
 * out in digits pass ("524288" or "524,288"); "1e6", "5.2e5", "-1", "0x80000" never leave the page.
 */

/** `int` sysctls: the kernel rejects anything above this. */
export const KERNEL_INT_MAX = 2_147_483_647;

export type FieldParse = { kind: "empty" } | { kind: "ok"; value: number } | { kind: "invalid"; reason: string };

const PLAIN = /^\d+$/;
const GROUPED = /^\d{1,3}(,\d{3})+$/;

export function parseCountInput(raw: string): FieldParse {
  const text = raw.trim();
  if (text === "") return { kind: "empty" };
  if (!PLAIN.test(text) && !GROUPED.test(text)) return { kind: "invalid", reason: whyNotDigits(text) };
  const digits = text.replaceAll(",", "").replace(/^0+(?=\d)/, "");
  if (digits.length > 10 || Number(digits) > KERNEL_INT_MAX) {
    return { kind: "invalid", reason: "is too large: the kernel takes at most 2,147,483,647" };
  }
  return { kind: "ok", value: Number(digits) };
}

function whyNotDigits(text: string): string {
  if (/^[+-]/.test(text)) return "is not a whole number: type digits only, without a sign";
  if (/^[\d.,]*[eE][+-]?\d*$/.test(text)) return "is not a whole number: write it out in digits (no exponent), e.g. 1048576";
  if (/^\d[\d,]*\.\d*$/.test(text) || /^\.\d+$/.test(text)) return "is not a whole number: no decimal point";
  if (/^\d[\d,]*$/.test(text)) return "is not a whole number: commas only between groups of three digits (524,288)";
  return "is not a whole number: type digits only, e.g. 524288";
}

/** The inputs as typed; `null` means untouched, i.e. "what the server proposes". */
export type LimitDraft = { max: string; hashsize: string } | null;

export type DraftRequest =
  | { ok: true; max: number | null; hashsize: number | null }
  | { ok: false; field: "max" | "hashsize"; reason: string };

/** An untouched draft asks for the proposal; an empty hashsize leaves the hash table alone. */
export function readDraft(draft: LimitDraft): DraftRequest {
  if (draft === null) return { ok: true, max: null, hashsize: null };
  const max = parseCountInput(draft.max);
  if (max.kind === "empty") return { ok: false, field: "max", reason: "Enter the new nf_conntrack_max." };
  if (max.kind === "invalid") return { ok: false, field: "max", reason: `The limit ${max.reason}.` };
  const hs = parseCountInput(draft.hashsize);
  if (hs.kind === "invalid") return { ok: false, field: "hashsize", reason: `The hash table size ${hs.reason}.` };
  return { ok: true, max: max.value, hashsize: hs.kind === "ok" ? hs.value : null };
}

/** The inputs pre-filled from what the server understood (the proposal, on first load). */
export function draftFromPlan(plan: LimitPlan): { max: string; hashsize: string } {
  const r = plan.requested;
  if (!r) return { max: "", hashsize: "" };
  return { max: String(r.max), hashsize: r.hashsize === null ? "" : String(r.hashsize) };
}

/**
 * The body to POST for a loaded plan, or null when Confirm must stay disabled: the check failed,
 * nothing would run, or the plan on screen is not for exactly these values and this mode. What
 * is sent is what the preview was computed for.
 */
export function confirmableRequest(plan: LimitPlan | undefined, req: PlanRequest): RaiseRequest | null {
  const r = plan?.requested;
  if (!plan || !r || !plan.check.ok || !plan.plan || plan.plan.steps.length === 0) return null;
  if (plan.plan.mode !== req.mode) return null;
  if (req.max !== null && r.max !== req.max) return null;
  if (req.max !== null && req.hashsize !== null && r.hashsize !== req.hashsize) return null;
  const hashsize = req.max === null ? r.hashsize : req.hashsize;
  return { mode: req.mode, max: r.max, hashsize };
}

export const MODE_LABEL: Record<LimitMode, string> = { temporary: "temporary", permanent: "permanent" };
