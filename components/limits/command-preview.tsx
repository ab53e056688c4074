import type { ReactNode } from "react";
import type { LimitMode, PlanFile, PlanStep } from "@/lib/client/limit-schema";

const CHANGE_LABEL: Record<NonNullable<PlanFile["change"]>, string> = { create: "new file", update: "edited", unchanged: "already up to date" };
const CHANGE_STYLE: Record<NonNullable<PlanFile["change"]>, string> = {
  create: "bg-sky-50 text-sky-800 ring-1 ring-sky-200 ring-inset dark:bg-sky-950/60 dark:text-sky-200 dark:ring-sky-800",
  update: "bg-amber-50 text-amber-800 ring-1 ring-amber-200 ring-inset dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-800",
  unchanged: "bg-zinc-50 text-zinc-600 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
};

const heading = "text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

/**
 * Exactly what will run on the host, in order, and every file it will write with its full new
 * content. The commands are the server's, shown as text: what is read here is what is sent.
 */
export interface CommandPreviewProps {
  host: string;
  mode: LimitMode;
  steps: readonly PlanStep[];
  files: readonly PlanFile[];
  /** The planner's warnings and notes about this plan, verbatim. */
  notes: readonly string[];
}

export function CommandPreview({ host, mode, steps, files, notes }: CommandPreviewProps) {
  return (
    <div className="space-y-3">
      {notes.length > 0 && (
        <ul data-testid="raise-notes" className="space-y-0.5 text-xs text-amber-800 dark:text-amber-300">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div>
        <h3 className={heading}>
          Will run on <span className="font-mono normal-case">{host}</span>, in this order
        </h3>
        <ol className="mt-1.5 space-y-1.5">
          {steps.map((s, i) => (
            <li key={`${s.id}-${i}`} data-testid="raise-step" data-step={s.id} className="flex gap-2">
              <span className="num w-4 shrink-0 pt-px text-right text-xs text-zinc-400 dark:text-zinc-500">{i + 1}</span>
              <div className="min-w-0 flex-1">
                <p className="text-[13px]">{s.description}</p>
                <pre className="mt-0.5 overflow-x-auto rounded bg-zinc-100 px-2 py-1 font-mono text-[12px] leading-5 whitespace-pre-wrap text-zinc-800 [overflow-wrap:anywhere] dark:bg-zinc-950 dark:text-zinc-200">
                  <code>{s.command}</code>
                </pre>
              </div>
            </li>
          ))}
        </ol>
      </div>
      <div>
        <h3 className={heading}>Files it will write</h3>
        {files.length === 0 ? (
          <p data-testid="raise-no-files" className="mt-1 text-[13px] text-zinc-600 dark:text-zinc-400">
            {mode === "temporary" ? "None: only the live value changes, and it is lost at the next reboot." : "None."}
          </p>
        ) : (
          <ul className="mt-1.5 space-y-1.5">
            {files.map((f) => (
              <li key={f.path} data-testid="raise-file" className="rounded-md border border-zinc-200 dark:border-zinc-700">
                <details className="group">
                  <summary className="flex cursor-pointer items-baseline gap-2 px-2 py-1.5 select-none [&::-webkit-details-marker]:hidden">
                    <span aria-hidden className="text-[10px] text-zinc-400 transition-transform group-open:rotate-90">
                      ▶
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="flex flex-wrap items-baseline gap-x-2">
                        <span className="font-mono text-[12px] text-zinc-900 [overflow-wrap:anywhere] dark:text-zinc-100">{f.path}</span>
                        {f.change && <span className={`rounded px-1 text-[11px] ${CHANGE_STYLE[f.change]}`}>{CHANGE_LABEL[f.change]}</span>}
                      </span>
                      {f.purpose && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{f.purpose}</span>}
                    </span>
                    <span className="shrink-0 text-[11px] text-sky-700 dark:text-sky-400">
                      <span className="group-open:hidden">show content</span>
                      <span className="hidden group-open:inline">hide content</span>
                    </span>
                  </summary>
                  <pre className="max-h-60 overflow-auto border-t border-zinc-200 bg-zinc-50 px-2 py-1.5 font-mono text-[12px] leading-5 whitespace-pre text-zinc-800 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-200">
                    {f.content}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** Stands in for the preview while there is no plan for exactly the values shown. */
export function PreviewPlaceholder({ children, busy }: { children: ReactNode; busy?: boolean }) {
  return (
    <p
      aria-busy={busy || undefined}
      className="rounded-md border border-dashed border-zinc-300 px-3 py-4 text-center text-[13px] text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
    >
      {children}
    </p>
  );
}
