/** Shared by the real table and its skeleton so both have identical geometry. */

export const COLUMN_COUNT = 8;

/** Fixed layout: columns keep their width as numbers change, so polling never makes the table jump. */
export function TableColumns() {
  return (
    <colgroup>
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

export const tableClass = "w-full min-w-[1040px] table-fixed border-collapse text-[13px]";
export const theadClass =
  "sticky top-0 z-10 bg-zinc-100/95 text-xs text-zinc-500 backdrop-blur dark:bg-zinc-900/95 dark:text-zinc-400";
