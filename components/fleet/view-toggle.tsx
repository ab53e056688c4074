import type { Display } from "@/lib/client/fleet-view";

const OPTIONS: { value: Display; label: string; hint: string }[] = [
  { value: "table", label: "Table", hint: "One row per host, sortable" },
  { value: "heatmap", label: "Heatmap", hint: "One cell per host, coloured by utilization, grouped by tag" },
];

/** Table or heatmap: a segmented control, the choice kept in the URL (`?view=heatmap`). */
export function ViewToggle({ value, onChange }: { value: Display; onChange: (display: Display) => void }) {
  return (
    <div role="group" aria-label="Display" className="inline-flex h-8 rounded-md border border-zinc-300 bg-white p-0.5 shadow-xs dark:border-zinc-700 dark:bg-zinc-900">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          data-testid={`view-${o.value}`}
          aria-pressed={value === o.value}
          title={o.hint}
          onClick={() => onChange(o.value)}
          className={`rounded px-2.5 text-[13px] font-medium transition-colors ${
            value === o.value
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
          }`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
