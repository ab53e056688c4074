import type { FleetProgress } from "@/lib/client/fleet-schema";
import { describeProgress } from "@/lib/client/fleet-progress";

const SEGMENTS = [
  "bg-emerald-500 dark:bg-emerald-500",
  "bg-sky-400 dark:bg-sky-500",
  "bg-violet-500 dark:bg-violet-400",
  "bg-zinc-200 dark:bg-zinc-700",
] as const;

/**
 * "connected 612 / 1000, 23 failing" while not every host is connected: during a cold start it
 * says how far along it is instead of a page of `pending`; afterwards it stays, quieter, as long
 * as some hosts fail.
 */
export function ColdStartProgress({ progress }: { progress: FleetProgress | null }) {
  const view = describeProgress(progress);
  if (!view) return null;
  return (
    <div
      role="status"
      data-testid="cold-start-progress"
      data-starting={view.starting || undefined}
      className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border px-3 py-1.5 text-[13px] ${
        view.starting
          ? "border-sky-200 bg-sky-50 text-sky-950 dark:border-sky-800/60 dark:bg-sky-950/40 dark:text-sky-100"
          : "border-zinc-200 bg-white text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
      }`}
    >
      <span className="num font-medium" data-testid="progress-headline">
        {view.headline}
      </span>
      {view.detail && <span className="num text-xs text-zinc-500 dark:text-zinc-400">{view.detail}</span>}
      <span aria-hidden className="flex h-1.5 min-w-24 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        {view.shares.map((share, i) => (
          <span key={i} className={SEGMENTS[i]} style={{ width: `${share * 100}%` }} />
        ))}
      </span>
    </div>
  );
}
