import { formatTimestamp } from "@/lib/client/fleet-format";
import type { ApiTokenRow } from "@/lib/client/token-api";

const STATE_CLASS: Record<ApiTokenRow["state"], string> = {
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  expired: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  revoked: "bg-zinc-200 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
};

const day = (iso: string | null, none: string) => (iso ? formatTimestamp(iso).slice(0, 16) + " UTC" : none);

export function TokenTable({ tokens, busyId, onRevoke }: { tokens: readonly ApiTokenRow[]; busyId: number | null; onRevoke: (t: ApiTokenRow) => void }) {
  return (
    <table className="w-full min-w-[900px] border-collapse text-[13px]" aria-label="API tokens">
      <thead className="bg-zinc-100/95 text-xs text-zinc-500 dark:bg-zinc-900/95 dark:text-zinc-400">
        <tr>
          {["Name", "Role", "Token", "State", "Created", "Expires", "Last used", ""].map((h) => (
            <th key={h} scope="col" className="px-3 py-2 text-left font-medium whitespace-nowrap">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} data-testid={`token-row-${t.name}-${t.state}`} className="border-t border-zinc-100 dark:border-zinc-800/70">
            <td className="px-3 py-1.5 font-medium">{t.name}</td>
            <td className="px-3 py-1.5">{t.role}</td>
            <td className="px-3 py-1.5 font-mono text-zinc-500">{t.hint}</td>
            <td className="px-3 py-1.5">
              <span data-testid="token-state" className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_CLASS[t.state]}`}>
                {t.state}
              </span>
            </td>
            <td className="px-3 py-1.5 whitespace-nowrap" title={formatTimestamp(t.createdAt)}>
              {day(t.createdAt, "")} <span className="text-zinc-500">by {t.createdBy}</span>
            </td>
            <td className="px-3 py-1.5 whitespace-nowrap" title={t.revokedAt ? `revoked ${formatTimestamp(t.revokedAt)} by ${t.revokedBy}` : undefined}>
              {t.revokedAt ? <span className="text-zinc-500">revoked {day(t.revokedAt, "")}</span> : day(t.expiresAt, "never")}
            </td>
            <td className="px-3 py-1.5 whitespace-nowrap" data-testid="token-last-used" title="updated at most once a minute">
              {day(t.lastUsedAt, "never")}
            </td>
            <td className="px-3 py-1.5 text-right">
              {t.state !== "revoked" && (
                <button
                  type="button"
                  onClick={() => onRevoke(t)}
                  disabled={busyId === t.id}
                  data-testid="token-revoke"
                  className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-900 dark:text-red-400 dark:hover:bg-red-950"
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
