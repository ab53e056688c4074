import type { FleetHost } from "@/lib/client/fleet-schema";
import { formatTimestamp } from "@/lib/client/fleet-format";
import { formatRate } from "@/lib/client/host-format";

/** What "dropping" means, in words, for a title: the rate, the window it was measured over, since when. */
export function droppingTitle(host: Pick<FleetHost, "droppingNow" | "dropRate" | "droppingSince" | "lastDropAt">): string {
  if (host.droppingNow) {
    return `Dropping as of the last poll: ${formatRate(host.dropRate)} between the last two reads of the drop counter, since ${formatTimestamp(host.droppingSince)}`;
  }
  if (host.lastDropAt) return `Not dropping as of the last poll; last drop seen ${formatTimestamp(host.lastDropAt)}`;
  return "No drops seen";
}

/** The red "dropping 1.2k/s" badge: shown only while the host's last poll saw its drop counter move. */
export function DropBadge({ host, label = "dropping" }: { host: FleetHost; label?: string }) {
  if (!host.droppingNow) return null;
  return (
    <span
      data-testid="dropping-badge"
      title={droppingTitle(host)}
      className="num rounded bg-red-100 px-1.5 py-px text-[11px] leading-4 font-medium whitespace-nowrap text-red-800 ring-1 ring-red-300 ring-inset dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40"
    >
      {label} {formatRate(host.dropRate)}
    </span>
  );
}
