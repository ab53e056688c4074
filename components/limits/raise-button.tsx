"use client";

import { openRaiseDialog } from "@/lib/client/limit-dialog";
import { OPERATOR_ONLY, raiseBlocker, type RaiseCandidate } from "@/lib/client/limit-eligibility";
import { useSession } from "@/lib/client/session";

/**
 * "Raise limit" on the host page. Always shown, so the action is where an operator expects it;
 * disabled with the reason in its title when the role or the host's state rules it out.
 */
export function RaiseLimitButton({ host }: { host: RaiseCandidate }) {
  const session = useSession();
  const blocker = session?.role !== "operator" ? OPERATOR_ONLY : raiseBlocker(host);
  return (
    <button
      type="button"
      data-testid="raise-limit"
      disabled={blocker !== null}
      title={blocker ?? `Propose, preview and apply a higher nf_conntrack_max on ${host.name}`}
      onClick={() => openRaiseDialog(host.name)}
      className="inline-flex h-7 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 text-[13px] font-medium text-zinc-800 shadow-xs hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-white dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:disabled:hover:bg-zinc-900"
    >
      <span aria-hidden className="text-zinc-500 dark:text-zinc-400">
        ↑
      </span>
      Raise limit
    </button>
  );
}

/**
 * The overview row's compact version: only on hosts whose limit was just read (nothing to offer
 * on an unreachable one), quiet until the row is hovered or the button focused.
 */
export function RowRaiseButton({ host }: { host: RaiseCandidate }) {
  const session = useSession();
  if (raiseBlocker(host) !== null) return null;
  const viewer = session?.role !== "operator";
  // Where raising is the likely next step it stays in sight; elsewhere it appears on hover or focus.
  const hot = host.status === "critical" || host.status === "warn";
  return (
    <button
      type="button"
      data-testid="row-raise-limit"
      disabled={viewer}
      aria-label={`Raise the limit on ${host.name}`}
      title={viewer ? OPERATOR_ONLY : `Raise nf_conntrack_max on ${host.name}…`}
      onClick={() => openRaiseDialog(host.name)}
      className={`h-5 shrink-0 rounded border border-zinc-200 px-1.5 text-[11px] leading-4 font-medium text-zinc-500 focus-visible:opacity-100 pointer-coarse:opacity-100 enabled:hover:border-zinc-400 enabled:hover:text-zinc-900 disabled:cursor-not-allowed dark:border-zinc-700 dark:text-zinc-400 dark:enabled:hover:border-zinc-500 dark:enabled:hover:text-zinc-100 ${
        viewer ? (hot ? "opacity-40" : "opacity-0 group-hover:opacity-40") : hot ? "opacity-80 group-hover:opacity-100" : "opacity-0 group-hover:opacity-100"
      }`}
    >
      Raise
    </button>
  );
}
