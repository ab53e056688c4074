import Link from "next/link";
import { BackToFleet } from "./host-header";
import { ChartSkeleton } from "./chart-states";

function Bar({ className }: { className: string }) {
  return <span className={`block rounded-sm bg-zinc-200 motion-safe:animate-pulse dark:bg-zinc-800 ${className}`} />;
}

const panel = "rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";

/** Shaped like the loaded page (header, facts, range bar, charts, events) so nothing jumps. */
export function HostPageSkeleton({ name }: { name?: string }) {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading host">
      <BackToFleet />
      <div className="flex h-7 items-center gap-3">
        {name ? <h1 className="text-lg font-semibold tracking-tight">{name}</h1> : <Bar className="h-4 w-32" />}
        <Bar className="h-3 w-24" />
      </div>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        <div className={`${panel} h-[60px] md:col-span-2`} />
        <div className={`${panel} h-[60px]`} />
        <div className={`${panel} h-[60px]`} />
      </div>
      <div className={`${panel} h-[92px] lg:h-[60px]`} />
      <div className="h-7" />
      <div className={`${panel} px-3 pt-2.5 pb-2`}>
        <Bar className="h-3 w-24" />
        <ChartSkeleton height={240} />
        <Bar className="mt-3 h-3 w-24" />
        <ChartSkeleton height={170} />
      </div>
    </div>
  );
}

export function HostNotFound({ name }: { name: string }) {
  return (
    <div
      data-testid="host-not-found"
      className="mx-auto mt-16 max-w-lg rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h1 className="text-base font-semibold">No host named “{name}”</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        It is not in the fleet file. It may have been renamed or removed, or the link has a typo.
      </p>
      <Link href="/" className="mt-4 inline-block font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
        Back to the fleet overview
      </Link>
    </div>
  );
}

export function HostLoadError({ name, reason, onRetry }: { name: string; reason: string; onRetry: () => void }) {
  return (
    <div className="space-y-3">
      <BackToFleet />
      <div role="alert" data-testid="load-error" className={`${panel} px-6 py-14 text-center`}>
        <p className="font-medium text-red-700 dark:text-red-400">Could not load {name}</p>
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
    </div>
  );
}
