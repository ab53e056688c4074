"use client";

import { useState, type FormEvent } from "react";
import { postJson } from "@/lib/client/session";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await postJson("/api/auth/login", { user: form.get("user"), password: form.get("password") }, null);
      window.location.assign(next);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  const input =
    "w-full rounded border border-zinc-300 bg-white px-2 py-1.5 outline-none focus:border-zinc-500 dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">User</span>
        <input name="user" autoComplete="username" required className={input} data-testid="login-user" />
      </label>
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className={input} data-testid="login-password" />
      </label>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400" data-testid="login-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        data-testid="login-submit"
        className="w-full rounded bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
