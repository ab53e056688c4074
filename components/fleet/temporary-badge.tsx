import { formatCount, formatTimestamp } from "@/lib/client/fleet-format";
import type { FleetHost } from "@/lib/client/fleet-schema";

/** The live max will revert at the next reboot: said where the max is shown, with who set it and what it reverts to. */
export function TemporaryBadge({ raise, testId = "max-temporary", className = "ml-1.5" }: { raise: NonNullable<FleetHost["temporaryRaise"]>; testId?: string; className?: string }) {
  const back = raise.before === null ? "the value the host's config sets" : formatCount(raise.before);
  return (
    <span
      data-testid={testId}
      title={`Raised to ${formatCount(raise.max)} by ${raise.user} at ${formatTimestamp(raise.at)} as a temporary raise: a reboot restores ${back}. Open "Raise limit" to make it permanent.`}
      className={`${className} inline-block rounded bg-amber-100 px-1.5 py-px align-[1px] text-[11px] leading-4 font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-300 ring-inset dark:bg-amber-500/15 dark:text-amber-200 dark:ring-amber-500/40`}
    >
      temporary until reboot
    </span>
  );
}
