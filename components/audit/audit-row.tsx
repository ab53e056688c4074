"use client";

import Link from "next/link";
import { memo, useId, useState, type MouseEvent } from "react";
import { describeAuditChange } from "@/lib/client/audit-format";
import type { AuditEntry } from "@/lib/client/audit-schema";
import { formatTimestamp } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import { OutcomeBadge } from "./outcome-badge";

export const AUDIT_COLUMNS = 7;

/**
 * Below md a row is a card, read as: host and outcome, user and time, mode and change, the detail.
 * One DOM for both layouts, so the test ids and the expand button work the same.
 */
const cell = "px-3 py-1.5 align-top max-md:min-w-0 max-md:p-0";
const card = "max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:px-3 max-md:py-2.5";
const muted = "text-zinc-500 dark:text-zinc-400";

/**
 * One attempt. Every field is stored text from the server, rendered as text. The row toggles the
 * commands and files that were (or would have been) run; links and buttons inside keep their own click.
 */
export const AuditRow = memo(function AuditRow({ entry: e, inFleet }: { entry: AuditEntry; inFleet: boolean }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const change = describeAuditChange(e);
  const toggleFromRow = (ev: MouseEvent) => {
    if ((ev.target as HTMLElement).closest("a, button")) return;
    if (window.getSelection()?.toString()) return;
    setOpen((o) => !o);
  };

  return (
    <>
      <tr
        data-testid="audit-row"
        data-outcome={e.outcome}
        data-id={e.id}
        onClick={toggleFromRow}
        className={`cursor-pointer border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-800/40 ${card} ${open ? "bg-zinc-50 dark:bg-zinc-800/40" : ""}`}
      >
        <td className={`${cell} num font-mono text-[12px] text-zinc-700 max-md:order-4 max-md:text-right dark:text-zinc-300`}>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={open ? "Hide commands and files" : "Show commands and files"}
            onClick={() => setOpen((o) => !o)}
            className="mr-1.5 inline-grid h-4 w-4 place-items-center rounded text-[9px] text-zinc-400 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
          >
            <span aria-hidden className={`transition-transform ${open ? "rotate-90" : ""}`}>
              ▶
            </span>
          </button>
          <time dateTime={e.ts} title={formatTimestamp(e.ts)}>
            {formatEventTime(e.ts, "utc")}
          </time>
        </td>
        <td className={`${cell} max-md:order-3`}>
          <span data-testid="audit-user" className="font-medium text-zinc-900 dark:text-zinc-100">
            {e.user}
          </span>
          {e.role && <span className={`ml-1.5 text-xs ${muted}`}>{e.role}</span>}
        </td>
        <td className={`${cell} truncate max-md:order-1`} title={e.host}>
          <span data-testid="audit-host">
            {inFleet ? (
              <Link
                href={`/hosts/${encodeURIComponent(e.host)}`}
                className="font-medium underline-offset-2 hover:text-sky-700 hover:underline dark:hover:text-sky-400"
              >
                {e.host}
              </Link>
            ) : (
              <span className="font-mono text-[12px]" title={`${e.host}: not in the fleet file`}>
                {e.host}
              </span>
            )}
          </span>
        </td>
        <td className={`${cell} text-[12px] max-md:order-5`}>
          <span className={`${muted} md:hidden`}>mode </span>
          <span data-testid="audit-mode" className={e.mode ? "text-zinc-700 dark:text-zinc-300" : muted}>
            {e.mode ?? "—"}
          </span>
        </td>
        <td className={`${cell} num max-md:order-6 max-md:text-right`}>
          <span className={`text-[12px] ${muted} md:hidden`}>max </span>
          <span data-testid="audit-change" className="max-md:inline-block md:block">
            {change.max ? <span className="text-zinc-800 dark:text-zinc-200">{change.max}</span> : <span className={muted}>—</span>}
            {change.hashsize && <span className={`block text-xs ${muted}`}>hashsize {change.hashsize}</span>}
          </span>
        </td>
        <td className={`${cell} max-md:order-2 max-md:text-right`}>
          <span data-testid="audit-outcome">
            <OutcomeBadge outcome={e.outcome} />
          </span>
        </td>
        <td className={`${cell} text-[12px] max-md:order-7 max-md:col-span-2`}>
          {e.reason && (
            <span data-testid="audit-reason" className="mb-0.5 block break-words font-medium text-zinc-800 dark:text-zinc-200" title="the operator's reason">
              “{e.reason}”
            </span>
          )}
          <span data-testid="audit-detail" className={`break-words ${open ? "block" : "line-clamp-2"}`}>
            {e.error && <span className={e.outcome === "failed" ? "text-red-700 dark:text-red-400" : "text-amber-800 dark:text-amber-300"}>{e.error}</span>}
            {e.error && e.detail && " · "}
            {e.detail && <span className="text-zinc-600 dark:text-zinc-400">{e.detail}</span>}
            {!e.error && !e.detail && <span className={muted}>—</span>}
          </span>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} data-testid="audit-expanded" className="bg-zinc-50 max-md:block dark:bg-zinc-800/40">
          <td colSpan={AUDIT_COLUMNS} className="px-3 pt-1 pb-3 pl-10 max-md:block max-md:pl-3">
            <AuditDetails entry={e} />
          </td>
        </tr>
      )}
    </>
  );
});

const heading = "text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

function AuditDetails({ entry: e }: { entry: AuditEntry }) {
  return (
    <div className="grid gap-3 lg:grid-cols-[2fr_1fr]">
      <div className="min-w-0">
        <h3 className={heading}>Commands</h3>
        {e.commands.length === 0 ? (
          <p className={`mt-1 text-[13px] ${muted}`}>
            {e.outcome === "refused" ? "None: refused before anything was sent to the host." : "None recorded."}
          </p>
        ) : (
          <ol className="mt-1 space-y-1">
            {e.commands.map((c, i) => (
              <li key={i} data-testid="audit-command" className="flex gap-2">
                <span className="num w-4 shrink-0 pt-1 text-right text-xs text-zinc-400">{i + 1}</span>
                <pre className="min-w-0 flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-[12px] leading-5 whitespace-pre-wrap text-zinc-800 ring-1 [overflow-wrap:anywhere] ring-zinc-200 dark:bg-zinc-950 dark:text-zinc-200 dark:ring-zinc-800">
                  {c}
                </pre>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="min-w-0">
        <h3 className={heading}>Files</h3>
        {e.files.length === 0 ? (
          <p className={`mt-1 text-[13px] ${muted}`}>None.</p>
        ) : (
          <ul className="mt-1 space-y-0.5">
            {e.files.map((f) => (
              <li key={f} data-testid="audit-file" className="font-mono text-[12px] break-all text-zinc-800 dark:text-zinc-200">
                {f}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
