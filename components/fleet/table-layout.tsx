/** Shared by the real table and its skeleton so both have identical geometry. */

export const COLUMN_COUNT = 8;

/** Fixed layout: columns keep their width as numbers change, so polling never makes the table jump. */
export function TableColumns() {
  return (
    <colgroup className="max-md:hidden">
      <col className="w-[16%]" />
      <col />
      <col className="w-[15%]" />
      <col className="w-24" />
      <col className="w-24" />
      <col className="w-36" />
      <col className="w-[18%]" />
      <col className="w-24" />
    </colgroup>
  );
}

/** Below md the table is a list of cards (see HostRow): no header row, no minimum width. */
export const tableClass = "w-full min-w-[1040px] table-fixed border-collapse text-[13px] max-md:block max-md:min-w-0";
export const theadClass =
  "sticky top-0 z-10 bg-zinc-100/95 text-xs text-zinc-500 backdrop-blur max-md:hidden dark:bg-zinc-900/95 dark:text-zinc-400";
export const tbodyClass = "max-md:block";
/** Group headings and the virtualizer's spacer rows, as blocks in the card list. */
export const blockRowClass = "max-md:block";
