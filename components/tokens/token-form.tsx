"use client";

import { useState, type FormEvent } from "react";
import { TOKEN_EXPIRY_CHOICES, TOKEN_ROLE_HELP, TOKEN_ROLES, type TokenRole } from "@/lib/client/token-api";

const inputClass =
  "h-8 rounded border border-zinc-300 bg-white px-2 text-[13px] dark:border-zinc-700 dark:bg-zinc-950";

/** Name, role and expiry of a new token. */
export function TokenForm({ busy, error, onCreate }: { busy: boolean; error: string | null; onCreate: (t: { name: string; role: TokenRole; expiresInDays: number | null }) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<TokenRole>("metrics");
  const [expiry, setExpiry] = useState<string>("30");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onCreate({ name: name.trim(), role, expiresInDays: expiry === "never" ? null : Number(expiry) });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create an API token">
      <label className="flex flex-col gap-1 text-xs text-zinc-500 dark:text-zinc-400">
        Name
        <input
          data-testid="token-name"
          className={`${inputClass} w-44`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="prometheus"
          pattern="[A-Za-z0-9._\-]{1,64}"
          title="1-64 letters, digits, '.', '_' or '-'"
          required
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-500 dark:text-zinc-400">
        Role
        <select data-testid="token-role" className={inputClass} value={role} onChange={(e) => setRole(e.target.value as TokenRole)}>
          {TOKEN_ROLES.map((r) => (
            <option key={r} value={r}>
              {r} — {TOKEN_ROLE_HELP[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-500 dark:text-zinc-400">
        Expires after
        <select data-testid="token-expiry" className={inputClass} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {TOKEN_EXPIRY_CHOICES.map((c) => (
            <option key={c.label} value={c.days === null ? "never" : String(c.days)}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={busy}
        data-testid="token-create"
        className="h-8 rounded bg-zinc-900 px-3 text-[13px] font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Create token
      </button>
      {error && (
        <p role="alert" data-testid="token-error" className="basis-full text-[13px] text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}

/** The secret, shown once after creation with a copy button. */
export function NewTokenNotice({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div role="status" data-testid="token-created" className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950/40">
      <p className="text-[13px] font-medium">
        Token <span className="font-mono">{name}</span> created. Copy it now: it is shown this once and cannot be read back.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="token-secret" className="rounded bg-white px-2 py-1 font-mono text-[13px] break-all select-all dark:bg-zinc-950">
          {secret}
        </code>
        <button type="button" onClick={() => void copy()} className="rounded border border-zinc-300 px-2 py-0.5 text-[13px] hover:bg-white dark:border-zinc-700 dark:hover:bg-zinc-900">
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDone} data-testid="token-dismiss" className="text-[13px] text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400">
          Done
        </button>
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Send it as <code className="font-mono">Authorization: Bearer {secret.slice(0, 8)}…</code>
      </p>
    </div>
  );
}
