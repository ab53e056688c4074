import Link from "next/link";

/** Pages that will exist; shown greyed out so the layout does not shift when they land. */
const UPCOMING = ["Timeline", "Audit"] as const;

export function TopBar() {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-11 w-full max-w-[1600px] items-center gap-6 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="flex h-4 w-4 flex-col justify-center gap-[3px]">
            <span className="h-[3px] w-3 rounded-full bg-zinc-400" />
            <span className="h-[3px] w-4 rounded-full bg-amber-500" />
          </span>
          conntrack fleet
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-[13px]">
          <Link
            href="/"
            aria-current="page"
            className="rounded px-2 py-1 font-medium text-zinc-900 bg-zinc-100 dark:bg-zinc-800 dark:text-zinc-100"
          >
            Fleet
          </Link>
          {UPCOMING.map((label) => (
            <span
              key={label}
              aria-disabled="true"
              title={`${label} — not available yet`}
              className="cursor-not-allowed rounded px-2 py-1 text-zinc-400 dark:text-zinc-600"
            >
              {label}
            </span>
          ))}
        </nav>
      </div>
    </header>
  );
}
