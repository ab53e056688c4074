import type { HostDetail } from "@/lib/client/host-schema";

const DOT: Record<HostDetail["jumpPath"][number]["connection"], string> = {
  connected: "bg-emerald-500",
  connecting: "bg-sky-400",
  backoff: "bg-violet-500",
  idle: "bg-zinc-300 dark:bg-zinc-600",
};

/**
 * "via bastion-01 → jump-02": the jump hosts this host is reached through, outermost first, each
 * with the state of its connection (one per bastion, shared by every host behind it).
 */
export function JumpPath({ path }: { path: HostDetail["jumpPath"] }) {
  if (path.length === 0) return null;
  return (
    <span data-testid="host-jump-path" className="inline-flex flex-wrap items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
      via
      {path.map((hop, i) => (
        <span key={`${i}-${hop.spec}`} className="inline-flex items-center gap-1">
          {i > 0 && <span aria-hidden>→</span>}
          <span
            data-testid="jump-hop"
            title={`${hop.user}@${hop.address}:${hop.port} — connection ${hop.connection}`}
            className="inline-flex items-center gap-1 rounded bg-zinc-50 px-1.5 py-px font-mono text-[11px] leading-4 text-zinc-700 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-800/60 dark:text-zinc-300 dark:ring-zinc-700"
          >
            <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${DOT[hop.connection]}`} />
            {hop.name}
            <span className="sr-only">({hop.connection})</span>
          </span>
        </span>
      ))}
    </span>
  );
}
