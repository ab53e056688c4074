"use client";

import { useState } from "react";
import { postJson, useSession } from "@/lib/client/session";

export function UserMenu() {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const logout = async () => {
    setBusy(true);
    try {
      await postJson("/api/auth/logout", {}, session.csrf);
    } finally {
      window.location.assign("/login");
    }
  };
  return (
    <div className="ml-auto flex min-w-0 items-center gap-2 text-[13px] sm:gap-3">
      <span className="min-w-0 truncate text-zinc-600 dark:text-zinc-400" data-testid="signed-in-as" title={`${session.user} · ${session.role}`}>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{session.user}</span>
        <span className="hidden sm:inline"> · {session.role}</span>
      </span>
      {!session.demo && (
        <button
          type="button"
          onClick={logout}
          disabled={busy}
          data-testid="logout"
          className="rounded border border-zinc-300 px-2 py-0.5 whitespace-nowrap text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Sign out
        </button>
      )}
    </div>
  );
}

export function DemoBanner() {
  const session = useSession();
  if (!session?.demo) return null;
  return (
    <div role="note" data-testid="demo-banner" className="bg-amber-100 px-4 py-1 text-center text-[12px] text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      Demo mode: you are signed in automatically as the demo operator; the week of history before this start is simulated. Do not point a demo at real hosts.
    </div>
  );
}
