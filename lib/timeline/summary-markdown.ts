import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import type { Timeline, TimelineChange } from "@/lib/client/timeline-schema";

export type SummaryZone = "UTC" | "local";

export interface SummaryLinks {
  /** The dashboard's timeline over this window (absolute, filters and zone kept). */
  view: string;
  /** A host's page over the same window. */
  host: (host: string) => string;
}

/** Pipes and line breaks would end a table cell early. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
/** Brackets would end a link's text early; a space or `)` its target. */
const linkText = (s: string) => cell(s).replace(/[[\]]/g, "\\$&");
const linkTarget = (s: string) => s.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));

function timeIn(iso: string | null, zone: SummaryZone): string {
  if (iso === null) return "—";
  return formatEventTime(iso, zone === "UTC" ? "utc" : "local");
}

const change = (from: number | null, to: number | null) => (from === to ? (to === null ? "—" : `${formatCount(to)} (unchanged)`) : `${formatCount(from)} → ${formatCount(to)}`);

const hashChange = (c: TimelineChange) => (c.oldHashsize === null && c.newHashsize === null ? "—" : change(c.oldHashsize, c.newHashsize));

/**
 * A block to paste into a postmortem: the range (linked back to the dashboard), who was hit and
 * when, which hosts were still dropping when the range ended, the counter's drop total with the
 * kernel log's line count beside it (the log is rate-limited, so it undercounts), peak utilization
 * per host and every limit change (max and hash size) with who made it.
 */
export function summaryMarkdown(t: Timeline, opts: { zone: SummaryZone; links?: SummaryLinks }): string {
  const { zone, links } = opts;
  const s = t.summary;
  const zoneNote = zone === "UTC" ? "UTC" : "local time, offsets shown";
  const stillDropping = t.lanes.filter((l) => l.droppingAtEnd);
  const hostName = (h: string) => (links ? `[${linkText(h)}](${linkTarget(links.host(h))})` : cell(h));
  const out: string[] = [
    `### Conntrack drops, ${timeIn(t.from, zone)} → ${timeIn(t.to, zone)} (${zoneNote})`,
    "",
    ...(links ? [`[Open this view in the dashboard](${linkTarget(links.view)})`, ""] : []),
    `- **Hosts affected:** ${formatCount(s.hostsAffected)}`,
    `- **First drop:** ${timeIn(s.firstDropAt, zone)}`,
    `- **Last drop:** ${timeIn(s.lastDropAt, zone)}`,
    `- **Total drops (kernel counter):** ${formatCount(s.totalDrops)} — the kernel log printed ${formatCount(s.totalLogLines)} table-full lines` +
      (s.totalSuppressed > 0 ? ` and suppressed ${formatCount(s.totalSuppressed)} more` : "") +
      " (the log is rate-limited: it undercounts)",
    `- **Still dropping at the end of the range:** ${stillDropping.length === 0 ? "none" : stillDropping.map((l) => cell(l.host)).join(", ")}`,
    "",
  ];
  if (t.lanes.length > 0) {
    out.push(
      "| Host | First drop | Last drop | Drops (counter) | Log lines | Suppressed | Peak utilization |",
      "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    );
    for (const l of t.lanes) {
      const last = l.droppingAtEnd ? `**still dropping** (${timeIn(l.lastDropAt, zone)})` : timeIn(l.lastDropAt, zone);
      out.push(
        `| ${hostName(l.host)} | ${timeIn(l.firstDropAt, zone)} | ${last} | ${formatCount(l.drops)} | ${formatCount(l.logLines)} | ${formatCount(l.suppressed)} | ${formatPercent(s.peakUtilizationByHost[l.host] ?? null)} |`,
      );
    }
    out.push("");
  }
  if (s.changes.length === 0) {
    out.push("No limit changes in this range.");
  } else {
    out.push(
      "**Limit changes**",
      "",
      "| Time | Host | By | Mode | nf_conntrack_max | hashsize | Outcome |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const c of s.changes) {
      out.push(`| ${timeIn(c.ts, zone)} | ${cell(c.host)} | ${cell(c.user)} | ${c.mode ?? "—"} | ${change(c.oldMax, c.newMax)} | ${hashChange(c)} | ${c.outcome} |`);
    }
  }
  return `${out.join("\n")}\n`;
}
