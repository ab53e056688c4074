"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { auditKeys } from "@/lib/client/audit-api";
import { describeError, fleetKeys } from "@/lib/client/fleet-api";
import { formatCount } from "@/lib/client/fleet-format";
import { hostKeys } from "@/lib/client/host-api";
import { applyRaise, limitKeys, planQuery, REASON_MAX_LENGTH, type PlanRequest, type RaiseRequest } from "@/lib/client/limit-api";
import { useDebouncedValue } from "@/lib/client/limit-dialog";
import { confirmableRequest, draftFromPlan, readDraft, type DraftRequest, type LimitDraft } from "@/lib/client/limit-draft";
import { OPERATOR_ONLY } from "@/lib/client/limit-eligibility";
import type { LimitMode } from "@/lib/client/limit-schema";
import { useSession } from "@/lib/client/session";
import { CommandPreview, PreviewPlaceholder } from "./command-preview";
import { DialogFooter, DialogHeader, DialogLoadError, DialogSkeleton } from "./dialog-chrome";
import { Modal } from "./modal";
import { CurrentState, ProposalPanel } from "./plan-summary";
import { MakePermanent } from "./make-permanent";
import { RaiseForm } from "./raise-form";
import { RaiseFailed, RaiseSucceeded } from "./raise-outcome";

/** Typing pauses this long before the plan is asked for again. */
const DEBOUNCE_MS = 300;

const sameDraft = (a: LimitDraft, b: LimitDraft) => a === b || (a !== null && b !== null && a.max === b.max && a.hashsize === b.hashsize);
const sameRequest = (a: DraftRequest, b: DraftRequest) =>
  a.ok && b.ok ? a.max === b.max && a.hashsize === b.hashsize : !a.ok && !b.ok && a.reason === b.reason;

/**
 * The raise dialog, and the one component of it that talks to the API. Confirm is enabled only
 * while the preview on screen was computed for exactly the values in the inputs and the chosen
 * mode; the POST carries those values and nothing else.
 */
export function RaiseDialog({ host, onClose }: { host: string; onClose: () => void }) {
  const session = useSession();
  const operator = session?.role === "operator";
  const qc = useQueryClient();
  const titleId = useId();
  const [mode, setMode] = useState<LimitMode>("temporary");
  const [draft, setDraft] = useState<LimitDraft>(null);
  const [reason, setReason] = useState("");
  const settled = useDebouncedValue(draft, DEBOUNCE_MS, sameDraft);
  const typed = readDraft(draft);
  const asked = readDraft(draft === null ? null : settled);
  const settling = !sameRequest(typed, asked);
  const req: PlanRequest = { mode, max: asked.ok ? asked.max : null, hashsize: asked.ok ? asked.hashsize : null };

  const planQ = useQuery({ ...planQuery(host, req), enabled: asked.ok, placeholderData: keepPreviousData });
  const plan = planQ.data;
  // The probe may have read the slab's entry size: the host page's memory figure uses it from now
  // on, so both show one bytes-per-entry number instead of a default beside a measured value.
  const entryBytes = plan?.proposal?.entryBytes ?? null;
  useEffect(() => {
    if (entryBytes !== null) void qc.invalidateQueries({ queryKey: hostKeys.detail(host) });
  }, [entryBytes, host, qc]);
  const fresh = typed.ok && !settling && plan !== undefined && !planQ.isPlaceholderData && !planQ.isError;
  const body = fresh && !planQ.isFetching ? confirmableRequest(plan, req) : null;

  const sending = useRef(false);
  const mutation = useMutation({
    mutationFn: (b: RaiseRequest) => applyRaise(host, b, session?.csrf ?? null),
    // Whatever the outcome, the host and the audit log may have changed. The plan is only marked
    // stale: it refetches when the operator goes back to it, not under the result.
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: fleetKeys.all });
      void qc.invalidateQueries({ queryKey: hostKeys.one(host) });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
      void qc.invalidateQueries({ queryKey: limitKeys.host(host), refetchType: "none" });
    },
  });
  const outcome = mutation.data;
  const running = mutation.isPending;

  const confirm = () => {
    if (!body || !operator || sending.current) return;
    sending.current = true;
    mutation.mutate({ ...body, reason });
  };
  const reviewAgain = () => {
    sending.current = false;
    mutation.reset();
    void planQ.refetch();
  };

  const shown = draft ?? (plan ? draftFromPlan(plan) : { max: "", hashsize: "" });
  const planError = planQ.isError && !settling ? describeError(planQ.error) : null;
  const refusal = !typed.ok
    ? typed.reason
    : fresh && !plan.check.ok
      ? plan.check.reason
      : planError && plan !== undefined
        ? planError
        : null;
  // Untouched inputs and nothing requested: the planner proposes no raise, which is news, not an error.
  const nothingProposed = draft === null && fresh && !plan.check.ok && plan.requested === null;
  const invalid = !typed.ok
    ? typed.field
    : refusal && !nothingProposed
      ? fresh && !plan.check.ok && plan.check.code.startsWith("hashsize") ? "hashsize" : "max"
      : null;

  const confirmTitle = !operator
    ? OPERATOR_ONLY
    : body
      ? `Runs the ${body.mode} raise shown above on ${host}`
      : "Nothing can be sent until the preview matches a valid value";

  return (
    <Modal labelledBy={titleId} locked={running} onClose={onClose} testId="raise-dialog">
      <DialogHeader titleId={titleId} host={host} locked={running} onClose={onClose} />
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-4 py-3">
        {outcome?.kind === "success" ? (
          <RaiseSucceeded host={host} mode={mutation.variables?.mode ?? mode} result={outcome.result} onNavigate={onClose} />
        ) : outcome?.kind === "failure" ? (
          <RaiseFailed failure={outcome} />
        ) : plan === undefined ? (
          planError ? (
            <DialogLoadError reason={planError} onRetry={() => void planQ.refetch()} />
          ) : (
            <DialogSkeleton />
          )
        ) : (
          <>
            {plan.persistence?.temporary === true && plan.current?.max != null && (
              <MakePermanent
                liveMax={plan.current.max}
                revertsTo={plan.persistence.revertsTo}
                why={plan.persistence.reason}
                chosen={mode === "permanent" && draft !== null && draft.max.replaceAll(",", "") === String(plan.current.max)}
                disabled={running}
                onChoose={() => {
                  setMode("permanent");
                  setDraft({ max: String(plan.current!.max), hashsize: "" });
                }}
              />
            )}
            {plan.current && <CurrentState current={plan.current} />}
            {plan.proposal && <ProposalPanel proposal={plan.proposal} requested={plan.requested} />}
            <RaiseForm
              max={shown.max}
              hashsize={shown.hashsize}
              currentHashsize={plan.current?.hashsize ?? plan.current?.buckets ?? null}
              mode={mode}
              refusal={refusal}
              refusalIsInfo={nothingProposed}
              invalid={invalid}
              edited={draft !== null}
              disabled={running}
              onMax={(v) => setDraft({ ...shown, max: v })}
              onHashsize={(v) => setDraft({ ...shown, hashsize: v })}
              onMode={setMode}
              onUseProposal={() => setDraft(null)}
            />
            <label className="block space-y-1">
              <span className="text-[11px] font-medium text-zinc-500 dark:text-zinc-400">
                Reason or ticket <span className="font-normal">(optional, kept in the audit log)</span>
              </span>
              <input
                type="text"
                data-testid="raise-reason"
                value={reason}
                maxLength={REASON_MAX_LENGTH}
                disabled={running}
                placeholder="e.g. INC-4711 table full on web tier"
                onChange={(e) => setReason(e.target.value.replace(/[\u0000-\u001f\u007f]/g, " "))}
                className="h-8 w-full rounded-md border border-zinc-300 bg-white px-2 text-[13px] text-zinc-900 placeholder:text-zinc-400 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
              />
            </label>
            <section aria-label="Preview" aria-live="polite" className="border-t border-zinc-100 pt-3 dark:border-zinc-800">
              {!typed.ok ? (
                <PreviewPlaceholder>Nothing will run until the value above is accepted.</PreviewPlaceholder>
              ) : planError ? (
                <PreviewPlaceholder>No preview: {planError}</PreviewPlaceholder>
              ) : !fresh ? (
                <PreviewPlaceholder busy>
                  Working out exactly what would run for max {typed.max === null ? "as proposed" : formatCount(typed.max)}…
                </PreviewPlaceholder>
              ) : !plan.check.ok ? (
                <PreviewPlaceholder>
                  {nothingProposed ? "Nothing will run unless you enter a value." : "Nothing will run: the value is not allowed (see above)."}
                </PreviewPlaceholder>
              ) : !plan.plan || plan.plan.steps.length === 0 ? (
                <PreviewPlaceholder>The server sent no steps for this value, so there is nothing to confirm.</PreviewPlaceholder>
              ) : (
                <CommandPreview
                  host={host}
                  mode={plan.plan.mode}
                  steps={plan.plan.steps}
                  files={plan.plan.files}
                  notes={[...plan.check.warnings, ...plan.plan.notes]}
                />
              )}
            </section>
          </>
        )}
      </div>
      <DialogFooter
        host={host}
        running={running}
        done={outcome !== undefined}
        failed={outcome?.kind === "failure"}
        confirmLabel={body ? `Raise to ${formatCount(body.max)} · ${body.mode}` : `Raise · ${mode}`}
        confirmTitle={confirmTitle}
        canConfirm={body !== null && operator && !running}
        onConfirm={confirm}
        onCancel={onClose}
        onReview={reviewAgain}
      />
    </Modal>
  );
}
