"use client";

import { useState } from "react";
import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatEventTime } from "@/lib/client/host-events";
import type { Timeline } from "@/lib/client/timeline-schema";
import { hostLink, timelineLink, type TimelineViewState, type TimelineZone } from "@/lib/client/timeline-url";
import { CSV_KINDS, exportFileName, timelineCsv, timelineJson } from "@/lib/timeline/export";
import { summaryMarkdown } from "@/lib/timeline/summary-markdown";
import { changeLabel } from "@/lib/client/timeline-chart-data";

const button =
  "h-7 rounded-md border border-zinc-300 bg-white px-2.5 text-[12px] font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800";
const label = "text-[11px] uppercase tracking-wide text-zinc-500 dark:text-zinc-400";
const value = "num text-[15px] font-semibold text-zinc-900 dark:text-zinc-100";

/** The export is what the API returned, so the files hold exactly the numbers on screen. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export interface SummaryPanelProps {
  timeline: Timeline;
  zone: TimelineZone;
  view: TimelineViewState;
  /** For a range that ends "now": fetch it again so the copy holds what happened up to this second. */
  refresh?: () => Promise<Timeline | undefined>;
}

export function SummaryPanel({ timeline, zone, view, refresh }: SummaryPanelProps) {
  const s = timeline.summary;
  const stillDropping = timeline.lanes.filter((l) => l.droppingAtEnd);
  const [copied, setCopied] = useState<"copied" | null>(null);
  // Clipboard access is refused on plain http and in some embedded browsers: show the text instead.
  const [fallback, setFallback] = useState<string | null>(null);
  const time = (iso: string | null) => (iso === null ? "—" : formatEventTime(iso, zone));

  const copy = async () => {
    const t = (refresh ? await refresh().catch(() => undefined) : undefined) ?? timeline;
    const win = { fromMs: Date.parse(t.from), toMs: Date.parse(t.to) };
    const origin = location.origin;
    const md = summaryMarkdown(t, {
      zone: zone === "utc" ? "UTC" : "local",
      links: { view: timelineLink(origin, view, win), host: (h) => `${origin}${hostLink(h, win)}` },
    });
    try {
      await navigator.clipboard.writeText(md);
      setFallback(null);
      setCopied("copied");
      setTimeout(() => setCopied(null), 2000);
    } catch {
      setFallback(md);
    }
  };

  return (
    <section aria-label="Incident summary" className="rounded-md border border-zinc-200 bg-white px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1.5 sm:grid-cols-6">
          <div>
            <dt className={label}>Hosts affected</dt>
            <dd data-testid="summary-hosts" className={value}>{formatCount(s.hostsAffected)}</dd>
          </div>
          <div>
            <dt className={label}>Drops (counter)</dt>
            <dd data-testid="summary-total-drops" className={`${value} text-red-700 dark:text-red-400`}>{formatCount(s.totalDrops)}</dd>
          </div>
          <div title="table-full lines the kernel log printed: rate-limited, so fewer than the counter">
            <dt className={label}>Log lines</dt>
            <dd className={value}>
              <span data-testid="summary-log-lines">{formatCount(s.totalLogLines)}</span>
              {s.totalSuppressed > 0 && <span className="ml-1 text-[12px] font-normal text-zinc-500 dark:text-zinc-400">+{formatCount(s.totalSuppressed)} suppressed</span>}
            </dd>
          </div>
          <div>
            <dt className={label}>First drop</dt>
            <dd data-testid="summary-first-drop" className="num text-[13px] text-zinc-800 dark:text-zinc-200">{time(s.firstDropAt)}</dd>
          </div>
          <div>
            <dt className={label}>Last drop</dt>
            <dd data-testid="summary-last-drop" className="num text-[13px] text-zinc-800 dark:text-zinc-200">{time(s.lastDropAt)}</dd>
          </div>
          <div title="hosts whose counter still moved in the range's last step: the incident was not over when the range ended">
            <dt className={label}>Dropping at end</dt>
            <dd data-testid="summary-dropping-at-end" className={`${value} ${stillDropping.length > 0 ? "text-red-700 dark:text-red-400" : ""}`}>
              {formatCount(stillDropping.length)}
            </dd>
          </div>
        </dl>
        <div className="flex flex-wrap items-center gap-1.5">
          <button type="button" data-testid="copy-markdown" className={button} onClick={() => void copy()}>
            {copied ? "Copied" : "Copy as Markdown"}
          </button>
          <span role="group" aria-label="Export CSV, one file per record type" className="inline-flex items-center gap-1">
            <span className="text-[12px] text-zinc-500 dark:text-zinc-400">CSV</span>
            {CSV_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                data-testid={`export-csv-${kind}`}
                title={`Export the ${kind} as CSV`}
                className={button}
                onClick={() => download(exportFileName(timeline, kind), "text/csv", timelineCsv(timeline, kind))}
              >
                {kind}
              </button>
            ))}
          </span>
          <button type="button" data-testid="export-json" className={button} onClick={() => download(exportFileName(timeline, "json"), "application/json", timelineJson(timeline))}>
            Export JSON
          </button>
        </div>
      </div>
      {s.changes.length > 0 && (
        <ul aria-label="Limit changes" className="mt-2 space-y-0.5 border-t border-zinc-100 pt-2 text-[12px] dark:border-zinc-800">
          {s.changes.map((c, i) => (
            <li key={`${c.ts}-${c.host}-${i}`} className="text-zinc-600 dark:text-zinc-300">
              <span className="num text-zinc-500 dark:text-zinc-400">{time(c.ts)}</span> <span className="font-medium">{c.host}</span>: {changeLabel(c)}
            </li>
          ))}
        </ul>
      )}
      {s.hostsAffected > 0 && (
        <p className="mt-2 text-[12px] text-zinc-500 dark:text-zinc-400">
          Peak utilization:{" "}
          {Object.entries(s.peakUtilizationByHost)
            .map(([h, u]) => `${h} ${formatPercent(u)}`)
            .join(" · ")}
        </p>
      )}
      {fallback !== null && (
        <div className="mt-2">
          <p className="text-[12px] text-zinc-500 dark:text-zinc-400">The browser refused clipboard access; copy the text below.</p>
          <textarea
            data-testid="markdown-fallback"
            readOnly
            value={fallback}
            rows={10}
            onFocus={(e) => e.currentTarget.select()}
            autoFocus
            className="num mt-1 w-full rounded-md border border-zinc-300 bg-zinc-50 p-2 text-[12px] dark:border-zinc-700 dark:bg-zinc-950"
          />
        </div>
      )}
    </section>
  );
}
