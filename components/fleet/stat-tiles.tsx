import type { FleetSummary } from "@/lib/client/fleet-summary";
import type { StatusFilter } from "@/lib/client/fleet-view";
import { formatRate } from "@/lib/client/host-format";

interface Tile {
  id: "hosts" | "critical" | "warn" | "unreachable" | "dropping";
  label: string;
  value: number;
  /** What clicking the tile filters to; "" shows every host. */
  filter: StatusFilter | "";
  /** Colour of the number when it is non-zero; zero stays grey so a healthy fleet is quiet. */
  hot: string;
  hint: string;
  /** A second line under the label (the fleet's drop rate, hosts that dropped earlier). */
  detail?: string;
}

function tilesFor(s: FleetSummary): Tile[] {
  return [
    { id: "hosts", label: "Hosts", value: s.hosts, filter: "", hot: "text-zinc-900 dark:text-zinc-100", hint: "Show all hosts" },
    { id: "critical", label: "Critical", value: s.critical, filter: "critical", hot: "text-red-700 dark:text-red-400", hint: "Table above the critical threshold" },
    { id: "warn", label: "Warn", value: s.warn, filter: "warn", hot: "text-amber-700 dark:text-amber-400", hint: "Table above the warn threshold" },
    { id: "unreachable", label: "Unreachable", value: s.unreachable, filter: "failing", hot: "text-violet-700 dark:text-violet-300", hint: "Last poll failed (unreachable, auth, timeout, host key)" },
    {
      id: "dropping",
      label: "Dropping now",
      value: s.droppingNow,
      filter: "dropping",
      hot: "text-red-700 dark:text-red-400",
      hint: "Hosts whose drop counter moved at their last poll",
      detail: [s.droppingNow > 0 ? formatRate(s.dropRate) : null, s.droppedRecently > 0 ? `+${s.droppedRecently} earlier in the hour` : null]
        .filter(Boolean)
        .join(" · "),
    },
  ];
}

export function StatTiles({
  summary,
  active,
  onSelect,
}: {
  summary: FleetSummary | null;
  active: StatusFilter | "";
  onSelect: (filter: StatusFilter | "") => void;
}) {
  const tiles = tilesFor(summary ?? summarizeEmpty);
  return (
    <div role="group" aria-label="Fleet summary" className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
      {tiles.map((t) => {
        // "Hosts" clears the status filter; it is an action, not a toggle.
        const pressed = t.filter !== "" && t.filter === active;
        const tone = summary === null ? "text-zinc-300 dark:text-zinc-700" : t.value > 0 ? t.hot : "text-zinc-400 dark:text-zinc-600";
        return (
          <button
            key={t.id}
            type="button"
            data-testid={`tile-${t.id}`}
            aria-pressed={t.filter ? pressed : undefined}
            title={t.hint}
            onClick={() => onSelect(pressed ? "" : t.filter)}
            className={`flex items-baseline justify-between gap-3 rounded-md border px-3 py-2 text-left transition-colors ${
              pressed
                ? "border-sky-400 bg-sky-50 dark:border-sky-600 dark:bg-sky-950/50"
                : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700"
            }`}
          >
            <span className="min-w-0">
              <span className="block text-xs font-medium text-zinc-500 dark:text-zinc-400">{t.label}</span>
              {t.detail && summary !== null && (
                <span data-testid={`tile-${t.id}-detail`} className="num block truncate text-[11px] text-zinc-500 dark:text-zinc-400">
                  {t.detail}
                </span>
              )}
            </span>
            <span data-value className={`num text-xl leading-7 font-semibold ${tone}`}>
              {summary === null ? "–" : t.value}
            </span>
          </button>
        );
      })}
    </div>
  );
}

const summarizeEmpty: FleetSummary = {
  hosts: 0, critical: 0, warn: 0, ok: 0, unreachable: 0, noConntrack: 0, pending: 0, droppingNow: 0, dropRate: 0, droppedRecently: 0, dropsLastHour: 0,
};
