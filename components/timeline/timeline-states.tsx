import type { ReactNode } from "react";

function Bar({ className }: { className: string }) {
  return <span className={`block h-2.5 rounded-sm bg-zinc-200 motion-safe:animate-pulse dark:bg-zinc-800 ${className}`} />;
}

export function TimelineHeading({ children }: { children?: ReactNode }) {
  return (
    <div className="flex min-h-7 flex-wrap items-center justify-between gap-x-4">
      <h1 className="text-base font-semibold">
        Timeline{" "}
        <span className="hidden text-[13px] font-normal text-zinc-500 sm:inline dark:text-zinc-400">which hosts dropped, when, how much, and what was changed</span>
      </h1>
      {children}
    </div>
  );
}

export function LanesSkeleton({ lanes = 3 }: { lanes?: number }) {
  return (
    <ul className="space-y-2" aria-busy="true" aria-label="Loading the timeline">
      {Array.from({ length: lanes }, (_, i) => (
        <li key={i} className="rounded-md border border-zinc-200 bg-white px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900">
          <Bar className="w-40" />
          <div className="mt-3 h-[120px] rounded bg-zinc-100 motion-safe:animate-pulse dark:bg-zinc-800/60" />
        </li>
      ))}
    </ul>
  );
}

/** Suspense fallback for the page, shaped like it. */
export function TimelinePageSkeleton() {
  return (
    <div className="space-y-3" aria-busy="true">
      <TimelineHeading />
      <div className="h-7" />
      <LanesSkeleton />
    </div>
  );
}

export function TimelineMessage({ title, children, testId }: { title: string; children?: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="rounded-md border border-zinc-200 bg-white px-6 py-14 text-center dark:border-zinc-800 dark:bg-zinc-900">
      <p className="font-medium text-zinc-800 dark:text-zinc-200">{title}</p>
      {children && <div className="mt-1.5 text-zinc-500 dark:text-zinc-400">{children}</div>}
    </div>
  );
}
