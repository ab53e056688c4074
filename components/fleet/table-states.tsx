import type { ReactNode } from "react";
import { TableColumns, tableClass, tbodyClass, theadClass } from "./table-layout";

const HEADERS = ["Host", "Tags", "Utilization", "Count", "Max", "Drops 1h", "Status", "Last poll"];
const RIGHT = new Set(["Count", "Max", "Drops 1h", "Last poll"]);

function Bar({ className }: { className: string }) {
  return <span className={`block h-2.5 rounded-sm bg-zinc-200 motion-safe:animate-pulse dark:bg-zinc-800 ${className}`} />;
}

/** Same columns and row height as the real table so nothing moves when data arrives. */
export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <table className={tableClass} aria-busy="true" aria-label="Loading hosts">
      <TableColumns />
      <thead className={theadClass}>
        <tr>
          {HEADERS.map((h) => (
            <th key={h} scope="col" className={`px-3 py-2 font-medium whitespace-nowrap ${RIGHT.has(h) ? "text-right" : "text-left"}`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={tbodyClass}>
        {Array.from({ length: rows }, (_, i) => (
          <tr
            key={i}
            data-testid="skeleton-row"
            className="h-[45px] border-t border-zinc-100 max-md:grid max-md:h-auto max-md:grid-cols-3 max-md:gap-2 max-md:px-3 max-md:py-3 dark:border-zinc-800/70"
          >
            <td className="px-3 max-md:px-0">
              <Bar className="w-24" />
              <Bar className="mt-1.5 h-2 w-16" />
            </td>
            <td className="px-3 max-md:px-0"><Bar className="w-20" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-full" /></td>
            <td className="px-3 max-md:px-0"><Bar className="ml-auto w-14" /></td>
            <td className="px-3 max-md:px-0"><Bar className="ml-auto w-14" /></td>
            <td className="px-3 max-md:px-0"><Bar className="ml-auto w-6" /></td>
            <td className="px-3 max-md:px-0"><Bar className="w-16" /></td>
            <td className="px-3 max-md:px-0"><Bar className="ml-auto w-10" /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Suspense fallback for the whole overview, shaped like it. */
export function FleetOverviewSkeleton() {
  return (
    <div className="space-y-3" aria-busy="true">
      <div className="flex h-7 items-center">
        <h1 className="text-base font-semibold">Fleet overview</h1>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="h-[46px] rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />
        ))}
      </div>
      <div className="h-8" />
      <TablePanel>
        <TableSkeleton />
      </TablePanel>
    </div>
  );
}

export function TablePanel({ children }: { children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white xl:overflow-x-visible dark:border-zinc-800 dark:bg-zinc-900">
      {children}
    </div>
  );
}

function Message({ title, children, testId }: { title: string; children?: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="px-6 py-14 text-center">
      <p className="font-medium text-zinc-800 dark:text-zinc-200">{title}</p>
      {children && <div className="mt-1.5 text-zinc-500 dark:text-zinc-400">{children}</div>}
    </div>
  );
}

export function EmptyFleet() {
  return (
    <Message testId="empty-fleet" title="No hosts in the fleet file">
      The fleet file (<code className="font-mono text-xs">FLEET_CONFIG</code>) lists no hosts yet.
    </Message>
  );
}

export function NoMatches({ onClear }: { onClear: () => void }) {
  return (
    <Message testId="empty-filter" title="No hosts match the filter">
      <button
        type="button"
        onClick={onClear}
        className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
      >
        Clear filters
      </button>
    </Message>
  );
}

export function LoadError({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  return (
    <div role="alert" data-testid="load-error" className="px-6 py-14 text-center">
      <p className="font-medium text-red-700 dark:text-red-400">Could not load the fleet</p>
      <p className="mt-1.5 text-zinc-600 dark:text-zinc-400">{reason}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-3 rounded-md border border-zinc-300 px-3 py-1 text-[13px] font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Retry now
      </button>
      <p className="mt-2 text-xs text-zinc-500">Retrying automatically.</p>
    </div>
  );
}
