import type { ReactNode } from "react";

/** Same height as the chart it stands in for, so nothing jumps when data arrives. */
export function ChartSkeleton({ height }: { height: number }) {
  return (
    <div aria-busy="true" aria-label="Loading chart" style={{ height }} className="flex flex-col justify-end gap-2 pb-6 pl-14">
      <div className="h-full rounded-sm bg-zinc-100 motion-safe:animate-pulse dark:bg-zinc-800/60" />
    </div>
  );
}

/** Over the (empty) plotting area: the axes stay visible so the window is still readable. */
export function ChartEmpty({ children }: { children: ReactNode }) {
  return (
    <div
      data-testid="samples-empty"
      className="pointer-events-none absolute inset-0 flex items-center justify-center pb-6 pl-14"
    >
      <p className="max-w-md rounded-md bg-white/90 px-3 py-2 text-center text-[13px] text-zinc-600 ring-1 ring-zinc-200 dark:bg-zinc-900/90 dark:text-zinc-300 dark:ring-zinc-800">
        {children}
      </p>
    </div>
  );
}

export function PanelError({ title, reason, onRetry }: { title: string; reason: string; onRetry: () => void }) {
  return (
    <div role="alert" className="absolute inset-0 flex flex-col items-center justify-center bg-white/80 text-center dark:bg-zinc-900/80">
      <p className="font-medium text-red-700 dark:text-red-400">{title}</p>
      <p className="mt-1 text-[13px] text-zinc-600 dark:text-zinc-400">{reason}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-2 rounded-md border border-zinc-300 px-3 py-1 text-[13px] font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Retry now
      </button>
    </div>
  );
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  mark?: "tick" | "ring";
}

export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul aria-label="Legend" className="flex flex-wrap items-center gap-x-3 text-[11px] text-zinc-500 dark:text-zinc-400">
      {items.map((it) => (
        <li key={it.label} className="inline-flex items-center gap-1">
          <Swatch {...it} />
          {it.label}
        </li>
      ))}
    </ul>
  );
}

function Swatch({ color, dashed, mark }: LegendItem) {
  if (mark === "ring") return <span aria-hidden className="inline-block h-[7px] w-[7px] rounded-full border-[1.5px]" style={{ borderColor: color }} />;
  if (mark === "tick") return <span aria-hidden className="inline-block h-2.5 w-[2px]" style={{ background: color }} />;
  return (
    <span
      aria-hidden
      className="inline-block w-3 border-t-2"
      style={{ borderColor: color, borderTopStyle: dashed ? "dashed" : "solid" }}
    />
  );
}
