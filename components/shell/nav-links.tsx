"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { RaiseDialogOutlet } from "@/components/limits/raise-dialog-outlet";
import { useSession } from "@/lib/client/session";

const LINKS = [
  { href: "/", label: "Fleet", ready: true },
  // Pages that will exist; shown greyed out so the bar does not shift when they land.
  { href: "/timeline", label: "Timeline", ready: true },
  { href: "/audit", label: "Audit", ready: true },
  { href: "/alerts", label: "Alerts", ready: true },
  { href: "/tokens", label: "Tokens", ready: true, operatorOnly: true },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  const operator = useSession()?.role === "operator";
  return (
    <nav aria-label="Main" className="flex items-center gap-1 text-[13px]">
      {LINKS.map((l) => {
        if ("operatorOnly" in l && !operator) return null;
        if (!l.ready) {
          return (
            <span
              key={l.href}
              aria-disabled="true"
              title={`${l.label} — not available yet`}
              className="cursor-not-allowed rounded px-2 py-1 text-zinc-400 dark:text-zinc-600"
            >
              {l.label}
            </span>
          );
        }
        // A host's page belongs to the fleet section.
        const current = pathname === l.href || (l.href === "/" && pathname.startsWith("/hosts/"));
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={pathname === l.href ? "page" : current ? "true" : undefined}
            // Token management is desk work: at phone width the link would squeeze the user menu (the page stays at /tokens).
            className={`rounded px-2 py-1 font-medium ${"operatorOnly" in l ? "hidden sm:inline" : ""} ${
              current
                ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
                : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {l.label}
          </Link>
        );
      })}
      {/* The raise dialog is mounted with the shell so it outlives the row that opened it. */}
      <RaiseDialogOutlet />
    </nav>
  );
}
