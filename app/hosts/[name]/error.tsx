"use client";

import Link from "next/link";
import { useEffect } from "react";

export default function HostError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest =
    error && typeof error === "object" && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <div
      role="alert"
      className="mx-auto mt-16 max-w-lg rounded-lg border border-red-200 bg-white p-6 dark:border-red-900/60 dark:bg-zinc-900"
    >
      <h1 className="text-base font-semibold text-red-700 dark:text-red-400">This host page hit an error</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        The page failed to render. The host is still being polled; retrying usually recovers.
      </p>
      {digest && (
        <p className="mt-2 font-mono text-xs text-zinc-500">
          reference <span className="select-all">{digest}</span>
        </p>
      )}
      <div className="mt-4 flex items-center gap-4">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Try again
        </button>
        <Link href="/" className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
          Back to the fleet overview
        </Link>
      </div>
    </div>
  );
}
