import type { SortDir, SortKey } from "@/lib/client/fleet-view";

/**
 * A header cell that sorts its column. The button carries the label so the whole header is the
 * click target; `aria-sort` sits on the `th` where assistive tech looks for it.
 */
export function SortHeader({
  label,
  sortKey,
  activeSort,
  dir,
  onSort,
  align = "left",
  hint,
}: {
  label: string;
  sortKey: SortKey;
  activeSort: SortKey;
  dir: SortDir;
  onSort: (key: SortKey) => void;
  align?: "left" | "right";
  hint?: string;
}) {
  const active = activeSort === sortKey;
  const ariaSort = active ? (dir === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" aria-sort={ariaSort} className="px-3 py-2 font-medium whitespace-nowrap">
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        title={hint}
        className={`group inline-flex w-full items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100 ${
          align === "right" ? "flex-row-reverse text-right" : "text-left"
        } ${active ? "text-zinc-900 dark:text-zinc-100" : ""}`}
      >
        <span>{label}</span>
        <span
          aria-hidden
          className={`text-[10px] ${active ? "opacity-100" : "opacity-0 group-hover:opacity-50"}`}
        >
          {active && dir === "asc" ? "▲" : "▼"}
        </span>
      </button>
    </th>
  );
}
