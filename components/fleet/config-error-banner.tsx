import type { FleetSnapshot } from "@/lib/client/fleet-schema";
import { formatTimestamp } from "@/lib/client/fleet-format";

/**
 * A reload of the fleet file (or an inventory source) found mistakes: the previous configuration
 * keeps running, and this says so with every `file:line: field: message` until an edit fixes them.
 */
export function ConfigErrorBanner({ config }: { config: FleetSnapshot["config"] }) {
  if (!config?.error) return null;
  const { problems, at } = config.error;
  return (
    <div
      role="alert"
      data-testid="config-error"
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="font-medium">
        The fleet configuration changed and has {problems.length === 1 ? "a mistake" : `${problems.length} mistakes`}: still polling with the one read at{" "}
        {formatTimestamp(config.loadedAt)}.
      </p>
      <ul className="space-y-0.5 font-mono text-xs break-all">
        {problems.slice(0, 10).map((p) => (
          <li key={p}>{p}</li>
        ))}
        {problems.length > 10 && <li>… and {problems.length - 10} more (see the server log)</li>}
      </ul>
      <p className="text-xs text-amber-800 dark:text-amber-300">Refused {formatTimestamp(at)}. Fix the file: it is read again as soon as it changes.</p>
    </div>
  );
}
