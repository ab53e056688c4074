import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import type { Timeline } from "@/lib/client/timeline-schema";

export type SummaryZone = "UTC" | "local";

/** Pipes and line breaks would end a table cell early. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function timeIn(iso: string | null, zone: SummaryZone): string {
  if (iso === null) return "—";
  return formatEventTime(iso, zone === "UTC" ? "utc" : "local");
}

const maxChange = (oldMax: number | null, newMax: number | null) => `${formatCount(oldMax)} → ${formatCount(newMax)}`;

/**
 * A block to paste into a postmortem: the range, who was hit and when, the counter's drop total
 * with the kernel log's line count beside it (the log is rate-limited, so it undercounts), peak
 * utilization per host and every limit change with who made it.
 */
export function summaryMarkdown(t: Timeline, opts: { zone: SummaryZone }): string {
  const { zone } = opts;
  const s = t.summary;
  const zoneNote = zone === "UTC" ? "UTC" : "local time, offsets shown";
  const out: string[] = [
    `### Conntrack drops, ${timeIn(t.from, zone)} → ${timeIn(t.to, zone)} (${zoneNote})`,
    "",
    `- **Hosts affected:** ${formatCount(s.hostsAffected)}`,
    `- **First drop:** ${timeIn(s.firstDropAt, zone)}`,
    `- **Last drop:** ${timeIn(s.lastDropAt, zone)}`,
    `- **Total drops (kernel counter):** ${formatCount(s.totalDrops)} — the kernel log printed ${formatCount(s.totalLogLines)} table-full lines` +
      (s.totalSuppressed > 0 ? ` and suppressed ${formatCount(s.totalSuppressed)} more` : "") +
      " (the log is rate-limited: it undercounts)",
    "",
  ];
  if (t.lanes.length > 0) {
    out.push("| Host | First drop | Last drop | Drops (counter) | Log lines | Suppressed | Peak utilization |", "| --- | --- | --- | ---: | ---: | ---: | ---: |");
    for (const l of t.lanes) {
      out.push(
        `| ${cell(l.host)} | ${timeIn(l.firstDropAt, zone)} | ${timeIn(l.lastDropAt, zone)} | ${formatCount(l.drops)} | ${formatCount(l.logLines)} | ${formatCount(l.suppressed)} | ${formatPercent(s.peakUtilizationByHost[l.host] ?? null)} |`,
      );
    }
    out.push("");
  }
  if (s.changes.length === 0) {
    out.push("No limit changes in this range.");
  } else {
    out.push("**Limit changes**", "", "| Time | Host | By | Mode | nf_conntrack_max | Outcome |", "| --- | --- | --- | --- | --- | --- |");
    for (const c of s.changes) {
      out.push(`| ${timeIn(c.ts, zone)} | ${cell(c.host)} | ${cell(c.user)} | ${c.mode ?? "—"} | ${maxChange(c.oldMax, c.newMax)} | ${c.outcome} |`);
    }
  }
  return `${out.join("\n")}\n`;
}
