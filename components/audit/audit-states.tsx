import type { ReactNode } from "react";
import { AuditColumns, AuditHead, auditTableClass } from "./audit-table";

function Bar({ className }: { className: string }) {
  return <span className={`block h-2.5 rounded-sm bg-zinc-200 motion-safe:animate-pulse dark:bg-zinc-800 ${className}`} />;
}

export function AuditPanel({ children }: { children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white xl:overflow-x-visible dark:border-zinc-800 dark:bg-zinc-900">
      {children}
    </div>
  );
}

export function AuditTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <table className={auditTableClass} aria-busy="true" aria-label="Loading the audit log">
      <AuditColumns />
      <AuditHead />
      <tbody className="max-md:block">
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i} className="h-[33px] border-t border-zinc-100 max-md:grid max-md:h-auto max-md:grid-cols-2 max-md:gap-2 max-md:px-3 max-md:py-3 dark:border-zinc-800/70">
            <td className="px-3 max-md:px-0"><Bar className="w-36 max-w-full" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-20" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-16" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-14" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-28" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-14" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-48 max-w-full" /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Suspense fallback for the page, shaped like it. */
export function AuditPageSkeleton() {
  return (
    <div className="space-y-3" aria-busy="true">
      <div className="flex min-h-7 items-center">
        <h1 className="text-base font-semibold">Audit log</h1>
      </div>
      <div className="h-8" />
      <AuditPanel>
        <AuditTableSkeleton />
      </AuditPanel>
    </div>
  );
}

export function AuditMessage({ title, children, testId }: { title: string; children?: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="px-6 py-14 text-center">
      <p className="font-medium text-zinc-800 dark:text-zinc-200">{title}</p>
      {children && <div className="mt-1.5 text-zinc-500 dark:text-zinc-400">{children}</div>}
    </div>
  );
}

export function AuditLoadError({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  return (
    <div role="alert" data-testid="audit-load-error" className="px-6 py-14 text-center">
      <p className="font-medium text-red-700 dark:text-red-400">Could not load the audit log</p>
      <p className="mt-1.5 text-zinc-600 dark:text-zinc-400">{reason}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-3 rounded-md border border-zinc-300 px-3 py-1 text-[13px] font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Retry now
      </button>
    </div>
  );
}
