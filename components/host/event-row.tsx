import { memo } from "react";
import { formatCount } from "@/lib/client/fleet-format";
import { eventTone, formatEventTime, type EventTone } from "@/lib/client/host-events";
import type { HostEvent } from "@/lib/client/host-schema";

const KIND_STYLE: Record<EventTone, string> = {
  full: "bg-red-50 text-red-800 ring-1 ring-red-300 ring-inset dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
  // Lines the kernel rate-limited away: same family as table_full, but hollow/dashed so a glance
  // tells printed lines from "N callbacks suppressed".
  suppressed: "text-red-700 outline-1 -outline-offset-1 outline-red-400 outline-dashed dark:text-red-300 dark:outline-red-500/60",
  expect: "bg-amber-50 text-amber-800 ring-1 ring-amber-300 ring-inset dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
  other: "bg-zinc-50 text-zinc-700 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-800/60 dark:text-zinc-300 dark:ring-zinc-700",
};

const KIND_HINT: Record<EventTone, string> = {
  full: "conntrack table full: the kernel dropped a packet",
  suppressed: "net_ratelimit: this many more messages were suppressed (log lines undercount; the drop counter is exact)",
  expect: "expectation table full (helpers such as FTP/SIP)",
  other: "conntrack-related kernel message",
};

export function KindBadge({ kind }: { kind: string }) {
  const tone = eventTone(kind);
  return (
    <span
      title={KIND_HINT[tone]}
      className={`inline-block rounded px-1.5 py-px font-mono text-[11px] leading-4 whitespace-nowrap ${KIND_STYLE[tone]}`}
    >
      {kind}
    </span>
  );
}

const cell = "px-3 py-1 align-top";

/** One kernel-log line. `line` is untrusted host output: rendered as text, never as HTML. */
export const EventRow = memo(function EventRow({ event, zone, moment = false }: { event: HostEvent; zone: "utc" | "local"; moment?: boolean }) {
  return (
    <tr
      data-testid="event-row"
      data-moment={moment ? "true" : undefined}
      aria-current={moment ? "true" : undefined}
      className={`border-t border-zinc-100 dark:border-zinc-800/70 ${
        moment ? "bg-amber-100 outline-2 -outline-offset-2 outline-amber-400 dark:bg-amber-500/20" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
      }`}
    >
      <td className={`${cell} num font-mono text-[12px] text-zinc-700 dark:text-zinc-300`}>
        <time dateTime={event.ts} title={event.ts}>
          {formatEventTime(event.ts, zone)}
        </time>
      </td>
      <td className={cell}>
        <span data-testid="event-kind">
          <KindBadge kind={event.kind} />
        </span>
      </td>
      <td className={`${cell} num text-right text-zinc-800 dark:text-zinc-200`}>
        <span data-testid="event-count">{formatCount(event.count)}</span>
      </td>
      <td className={`${cell} text-[12px] text-zinc-500 dark:text-zinc-400`}>
        <span data-testid="event-source">{event.source}</span>
      </td>
      <td className={`${cell} font-mono text-[12px] break-all whitespace-pre-wrap text-zinc-700 dark:text-zinc-300`}>
        <span data-testid="event-line">{event.line}</span>
      </td>
    </tr>
  );
});
