import Link from "next/link";
import { NavLinks } from "./nav-links";
import { DemoBanner, UserMenu } from "./user-menu";

export function TopBar() {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <DemoBanner />
      {/* At phone width the user menu wraps onto a second line rather than clip the user's name. */}
      <div className="mx-auto flex min-h-11 w-full max-w-[1600px] flex-wrap items-center gap-x-3 gap-y-1 px-3 py-1.5 sm:h-11 sm:flex-nowrap sm:gap-6 sm:px-6 sm:py-0">
        <Link href="/" aria-label="conntrack fleet" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="flex h-4 w-4 flex-col justify-center gap-[3px]">
            <span className="h-[3px] w-3 rounded-full bg-zinc-400" />
            <span className="h-[3px] w-4 rounded-full bg-amber-500" />
          </span>
          {/* At phone width the mark alone: the user name must not be clipped. */}
          <span className="hidden sm:inline">conntrack fleet</span>
        </Link>
        <NavLinks />
        <UserMenu />
      </div>
    </header>
  );
}
