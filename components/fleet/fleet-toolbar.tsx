"use client";

import { useEffect, useRef } from "react";
import type { FleetSummary } from "@/lib/client/fleet-summary";
import type { Display, StatusFilter } from "@/lib/client/fleet-view";
import { ClearFiltersButton } from "@/components/shell/clear-filters-button";
import { ViewToggle } from "./view-toggle";

const STATUS_OPTIONS: { value: StatusFilter; label: string; count?: (s: FleetSummary) => number }[] = [
  { value: "critical", label: "critical", count: (s) => s.critical },
  { value: "warn", label: "warn", count: (s) => s.warn },
  { value: "ok", label: "ok", count: (s) => s.ok },
  { value: "failing", label: "unreachable + hostkey", count: (s) => s.unreachable },
  { value: "unreachable", label: "unreachable" },
  { value: "hostkey", label: "hostkey" },
  { value: "no-conntrack", label: "no-conntrack", count: (s) => s.noConntrack },
  { value: "pending", label: "pending", count: (s) => s.pending },
  { value: "dropping", label: "dropping now", count: (s) => s.droppingNow },
];

const control =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-[13px] text-zinc-900 shadow-xs dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export interface FleetToolbarProps {
  text: string;
  tag: string;
  status: StatusFilter | "";
  display: Display;
  tags: readonly string[];
  summary: FleetSummary | null;
  shown: number;
  /** Hosts in the fleet; null until the first response. */
  total: number | null;
  /** The inputs hold a filter (shows "Clear filters"). */
  filtered: boolean;
  /** The hosts on screen are filtered (the count says "x of y"); lags `filtered` while typing. */
  countFiltered: boolean;
  onText: (text: string) => void;
  /** Enter in the filter box: opens the host when exactly one matches. */
  onEnter: () => void;
  onTag: (tag: string) => void;
  onStatus: (status: StatusFilter | "") => void;
  onDisplay: (display: Display) => void;
  onClear: () => void;
}

export function FleetToolbar(p: FleetToolbarProps) {
  const input = useRef<HTMLInputElement>(null);

  // "/" focuses the filter, as in Grafana and GitHub.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      e.preventDefault();
      input.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="relative">
        <span className="sr-only">Filter hosts by name, address or tag</span>
        <input
          ref={input}
          type="search"
          data-testid="filter-text"
          value={p.text}
          onChange={(e) => p.onText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") p.onText("");
            if (e.key === "Enter" && !e.nativeEvent.isComposing) p.onEnter();
          }}
          enterKeyHint="go"
          title="Enter opens the host when exactly one matches"
          placeholder="Filter name, address, tag…"
          autoComplete="off"
          spellCheck={false}
          className={`${control} w-72 max-w-full pr-7 placeholder:text-zinc-400 dark:placeholder:text-zinc-500`}
        />
        <kbd
          aria-hidden
          className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-200 px-1 font-mono text-[10px] text-zinc-400 dark:border-zinc-700 dark:text-zinc-500"
        >
          /
        </kbd>
      </label>
      <label className="flex items-center gap-1.5">
        <span className="sr-only">Tag</span>
        <select data-testid="filter-tag" value={p.tag} onChange={(e) => p.onTag(e.target.value)} className={control}>
          <option value="">All tags</option>
          {p.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
          {p.tag && !p.tags.includes(p.tag) && <option value={p.tag}>{p.tag} (no hosts)</option>}
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        <span className="sr-only">Status</span>
        <select
          data-testid="filter-status"
          value={p.status}
          onChange={(e) => p.onStatus(e.target.value as StatusFilter | "")}
          className={control}
        >
          <option value="">All statuses</option>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
              {o.count && p.summary ? ` (${o.count(p.summary)})` : ""}
            </option>
          ))}
        </select>
      </label>
      {p.filtered && <ClearFiltersButton onClear={p.onClear} />}
      <span aria-live="polite" data-testid="shown-count" className="num ml-auto text-xs text-zinc-500 dark:text-zinc-400">
        {p.total === null ? "" : p.countFiltered ? `${p.shown} of ${p.total} hosts` : `${p.total} hosts`}
      </span>
      <ViewToggle value={p.display} onChange={p.onDisplay} />
    </div>
  );
}
