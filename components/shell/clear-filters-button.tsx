/** The toolbar's "Clear filters" link-button, shown only while a filter is set. */
export function ClearFiltersButton({ onClear }: { onClear: () => void }) {
  return (
    <button
      type="button"
      onClick={onClear}
      className="h-8 rounded-md px-2 text-[13px] font-medium text-sky-700 hover:bg-sky-50 dark:text-sky-400 dark:hover:bg-sky-950/50"
    >
      Clear filters
    </button>
  );
}
