import type { Thresholds } from "@/lib/client/fleet-schema";
import { formatPercent } from "@/lib/client/fleet-format";

function fillColor(ratio: number, t: Thresholds): string {
  if (ratio >= t.critical) return "bg-red-600 dark:bg-red-500";
  if (ratio >= t.warn) return "bg-amber-500 dark:bg-amber-400";
  return "bg-zinc-400 dark:bg-zinc-500";
}

function textColor(ratio: number, t: Thresholds): string {
  if (ratio >= t.critical) return "font-semibold text-red-700 dark:text-red-400";
  if (ratio >= t.warn) return "font-medium text-amber-700 dark:text-amber-400";
  return "text-zinc-700 dark:text-zinc-300";
}

/**
 * count/max as a bar with tick marks at the warn and critical thresholds. `stale` dims it: the
 * value is from the last successful read, not this poll.
 */
export function UtilizationBar({
  ratio,
  thresholds,
  stale,
}: {
  ratio: number | null;
  thresholds: Thresholds;
  stale: boolean;
}) {
  const known = ratio !== null;
  const width = known ? Math.min(1, Math.max(0, ratio)) * 100 : 0;
  return (
    <div className={`flex items-center gap-2 ${stale ? "opacity-45" : ""}`}>
      <div
        aria-hidden
        className={`relative h-2 min-w-12 flex-1 overflow-hidden rounded-sm bg-zinc-200 dark:bg-zinc-800 ${known ? "" : "invisible"}`}
      >
        {known && (
          <div
            className={`absolute inset-y-0 left-0 rounded-sm ${fillColor(ratio, thresholds)}`}
            style={{ width: `${width}%` }}
          />
        )}
        {[thresholds.warn, thresholds.critical].map((t) => (
          <div
            key={t}
            className="absolute inset-y-0 w-px bg-zinc-500/60 dark:bg-zinc-400/50"
            style={{ left: `${t * 100}%` }}
          />
        ))}
      </div>
      <span
        data-testid="host-util"
        className={`num w-11 shrink-0 text-right ${known ? textColor(ratio, thresholds) : "text-zinc-400 dark:text-zinc-600"}`}
      >
        {formatPercent(ratio)}
      </span>
    </div>
  );
}
