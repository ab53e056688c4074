const primary =
  "h-8 rounded-md bg-zinc-900 px-3 text-[13px] font-medium text-white hover:bg-zinc-700 disabled:cursor-not-allowed disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300";
const secondary =
  "h-8 rounded-md border border-zinc-300 px-3 text-[13px] font-medium text-zinc-700 hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800";

export function DialogHeader({ titleId, host, locked, onClose }: { titleId: string; host: string; locked: boolean; onClose: () => void }) {
  return (
    <div className="flex items-center justify-between gap-4 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
      <h2 id={titleId} className="text-base font-semibold tracking-tight">
        Raise the conntrack limit on <span className="font-mono">{host}</span>
      </h2>
      <button
        type="button"
        onClick={onClose}
        disabled={locked}
        aria-label="Close"
        title={locked ? "A change is running on the host" : "Close (Esc)"}
        className="grid h-7 w-7 place-items-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-40 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <span aria-hidden className="text-lg leading-none">
          ×
        </span>
      </button>
    </div>
  );
}

export interface DialogFooterProps {
  host: string;
  running: boolean;
  /** A result (success or failure) is on screen. */
  done: boolean;
  failed: boolean;
  confirmLabel: string;
  confirmTitle: string;
  canConfirm: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onReview: () => void;
}

export function DialogFooter(p: DialogFooterProps) {
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 border-t border-zinc-200 bg-zinc-50 px-4 py-2.5 dark:border-zinc-800 dark:bg-zinc-900/80">
      <p role="status" className="mr-auto text-xs text-zinc-600 dark:text-zinc-400">
        {p.running && (
          <span className="inline-flex items-center gap-2 font-medium text-sky-800 dark:text-sky-300">
            <span aria-hidden className="h-3 w-3 rounded-full border-2 border-sky-600 border-t-transparent motion-safe:animate-spin dark:border-sky-400 dark:border-t-transparent" />
            <span>
              Running on <span className="font-mono">{p.host}</span>… keep this open for the result.
            </span>
          </span>
        )}
      </p>
      {p.done && p.failed && (
        <button type="button" onClick={p.onReview} className={secondary}>
          Back to the plan
        </button>
      )}
      <button type="button" data-testid="raise-cancel" onClick={p.onCancel} disabled={p.running} className={secondary}>
        {p.done ? "Close" : "Cancel"}
      </button>
      {!p.done && (
        <button
          type="button"
          data-testid="raise-confirm"
          onClick={p.onConfirm}
          disabled={!p.canConfirm}
          title={p.confirmTitle}
          aria-busy={p.running || undefined}
          className={primary}
        >
          {p.running ? "Raising…" : p.confirmLabel}
        </button>
      )}
    </div>
  );
}

function Bar({ className }: { className: string }) {
  return <span className={`block rounded-sm bg-zinc-200 motion-safe:animate-pulse dark:bg-zinc-800 ${className}`} />;
}

export function DialogSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the proposal" className="space-y-4">
      <Bar className="h-12 w-full" />
      <Bar className="h-6 w-48" />
      <Bar className="h-16 w-full" />
      <Bar className="h-8 w-full" />
      <p className="text-center text-[13px] text-zinc-500 dark:text-zinc-400">Reading the host and working out a proposal…</p>
    </div>
  );
}

export function DialogLoadError({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  return (
    <div role="alert" data-testid="raise-plan-error" className="px-4 py-8 text-center">
      <p className="font-medium text-red-700 dark:text-red-400">Could not work out a plan</p>
      <p className="mt-1 text-zinc-600 dark:text-zinc-400">{reason}</p>
      <p className="mt-1 text-xs text-zinc-500">Nothing was sent to the host.</p>
      <button type="button" onClick={onRetry} className={`${secondary} mt-3`}>
        Retry now
      </button>
    </div>
  );
}
