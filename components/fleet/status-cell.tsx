import type { FleetHost } from "@/lib/client/fleet-schema";
import { describeHostError } from "@/lib/client/host-key-format";
import { STATUS_DOT, STATUS_HINT, STATUS_TEXT } from "./status-style";
import { TemporaryBadge } from "./temporary-badge";

/**
 * The status word exactly as the API spells it (tests read it), then the reason on a muted
 * second line: truncated, full text in `title` for hover and in the DOM for screen readers.
 */
export function StatusCell({ host }: { host: FleetHost }) {
  const reason = host.error?.message ?? STATUS_HINT[host.status] ?? null;
  const reasonTitle = describeHostError(host.error) ?? reason ?? undefined;
  return (
    <div className="min-w-0">
      <span className={`inline-flex items-center gap-1.5 font-medium ${STATUS_TEXT[host.status]}`}>
        <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${STATUS_DOT[host.status]}`} />
        <span data-testid="host-status">{host.status}</span>
      </span>
      {reason && (
        <span
          data-testid="host-reason"
          title={reasonTitle}
          className="block truncate text-xs text-zinc-500 max-md:line-clamp-2 max-md:whitespace-normal max-md:[overflow-wrap:anywhere] dark:text-zinc-400"
        >
          {reason}
        </span>
      )}
      {host.temporaryRaise && (
        <div>
          <TemporaryBadge raise={host.temporaryRaise} testId="row-max-temporary" className="mt-0.5" />
        </div>
      )}
    </div>
  );
}
