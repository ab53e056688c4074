import { formatCount } from "@/lib/client/fleet-format";
import { describeRange, type HostRange } from "@/lib/client/host-range";

export interface RangeStatusProps {
  range: HostRange;
  points: number | null;
  /** Seconds between refetches; null when the window is fixed and nothing polls. */
  refreshSeconds: number | null;
  loading: boolean;
  zoomed: boolean;
  onResetZoom: () => void;
}

/** What window is on screen and whether it is live, next to the range buttons. */
export function RangeStatus({ range, points, refreshSeconds, loading, zoomed, onResetZoom }: RangeStatusProps) {
  return (
    <div className="num flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
      <span data-testid="range-label" className="font-medium text-zinc-700 dark:text-zinc-300">
        {describeRange(range)}
      </span>
      {points !== null && <span>{formatCount(points)} {points === 1 ? "sample" : "samples"}</span>}
      {loading ? (
        <span className="text-sky-700 dark:text-sky-400">loading…</span>
      ) : refreshSeconds !== null ? (
        <span title="The window slides with the clock">live · every {refreshSeconds}s</span>
      ) : (
        <span title="A fixed window is not refreshed">fixed window</span>
      )}
      {zoomed && (
        <button
          type="button"
          data-testid="zoom-reset"
          onClick={onResetZoom}
          className="rounded-md border border-zinc-300 px-2 py-0.5 font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Reset zoom
        </button>
      )}
    </div>
  );
}
