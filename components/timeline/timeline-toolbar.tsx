"use client";

import { useState, type FormEvent } from "react";
import { fromInputValue, isValidWindow, PRESET_LABEL, toTextValue, type HostRange } from "@/lib/client/host-range";
import { LANE_STATUSES, TIMELINE_PRESETS, type TimelineViewState, type TimelineZone } from "@/lib/client/timeline-url";
import { parseHostList, parseTagList } from "@/lib/timeline/filters";

const segment =
  "h-7 px-2.5 text-[12px] font-medium first:rounded-l-md last:rounded-r-md -ml-px first:ml-0 border border-zinc-300 dark:border-zinc-700";
const idle = "bg-white text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800";
const active = "relative z-10 border-sky-400 bg-sky-50 text-sky-900 dark:border-sky-600 dark:bg-sky-950/60 dark:text-sky-100";
const input =
  "num h-7 rounded-md border border-zinc-300 bg-white px-1.5 text-[12px] text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:[color-scheme:dark]";

export interface TimelineToolbarProps {
  view: TimelineViewState;
  zoomed: boolean;
  onRange: (range: HostRange) => void;
  onResetZoom: () => void;
  onChange: (patch: Partial<Omit<TimelineViewState, "range">>) => void;
}

export function TimelineToolbar({ view, zoomed, onRange, onResetZoom, onChange }: TimelineToolbarProps) {
  const { range } = view;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <div role="group" aria-label="Time range" className="inline-flex">
        {TIMELINE_PRESETS.map((p) => {
          const on = range.kind === "relative" && range.preset === p;
          return (
            <button key={p} type="button" data-testid={`range-preset-${p}`} aria-pressed={on} title={PRESET_LABEL[p]} onClick={() => onRange({ kind: "relative", preset: p })} className={`${segment} ${on ? active : idle}`}>
              {p}
            </button>
          );
        })}
      </div>
      <CustomRange key={`${range.kind === "absolute" ? `${range.fromMs}-${range.toMs}` : range.preset}:${view.zone}`} range={range} zone={view.zone} onApply={onRange} />
      {zoomed && (
        <button type="button" onClick={onResetZoom} className="text-[12px] text-sky-700 hover:underline dark:text-sky-400">
          reset zoom
        </button>
      )}
      <ZoneToggle zone={view.zone} onZone={(zone) => onChange({ zone })} />
      <ListFilter key={`t:${view.tags.join(",")}`} label="tags" placeholder="web,eu-west" values={view.tags} parse={parseTagList} onApply={(tags) => onChange({ tags })} />
      <ListFilter key={`h:${view.hosts.join(",")}`} label="hosts" placeholder="web-01,db-01" values={view.hosts} parse={parseHostList} onApply={(hosts) => onChange({ hosts })} />
      <div role="group" aria-label="Current status" className="flex flex-wrap items-center gap-1 text-[11px]">
        {LANE_STATUSES.map((s) => {
          const on = view.status.includes(s);
          return (
            <button
              key={s}
              type="button"
              data-testid={`status-${s}`}
              aria-pressed={on}
              onClick={() => onChange({ status: on ? view.status.filter((x) => x !== s) : [...view.status, s] })}
              className={`rounded-full border px-2 py-0.5 ${on ? active : idle}`}
            >
              {s}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function ZoneToggle({ zone, onZone }: { zone: TimelineZone; onZone: (z: TimelineZone) => void }) {
  return (
    <div role="group" aria-label="Time zone" className="inline-flex">
      {(["utc", "local"] as const).map((z) => (
        <button key={z} type="button" data-testid={`zone-${z}`} aria-pressed={zone === z} onClick={() => onZone(z)} className={`${segment} ${zone === z ? active : idle}`}>
          {z === "utc" ? "UTC" : "local"}
        </button>
      ))}
    </div>
  );
}

/**
 * Explicit from/to to the second, entered in the page's zone (UTC or local, as the toggle says and
 * the label repeats); the URL always carries UTC, so a link means the same instant for every reader.
 */
const timeField = { type: "text", inputMode: "numeric", autoComplete: "off", spellCheck: false, maxLength: 19, placeholder: "2026-11-25 18:00:00" } as const;

function CustomRange({ range, zone, onApply }: { range: HostRange; zone: TimelineZone; onApply: (r: HostRange) => void }) {
  // A relative range starts empty: filling it from the clock would differ between server and browser.
  const [from, setFrom] = useState(range.kind === "absolute" ? toTextValue(range.fromMs, zone) : "");
  const [to, setTo] = useState(range.kind === "absolute" ? toTextValue(range.toMs, zone) : "");
  const [error, setError] = useState<string | null>(null);
  const zoneLabel = zone === "utc" ? "UTC" : "local";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = fromInputValue(from, zone);
    const t = fromInputValue(to, zone);
    if (f === null || t === null) return setError(`enter both times (${zoneLabel}, 24-hour, with seconds)`);
    if (!isValidWindow(f, t)) return setError("from must be at least a minute before to, at most 400 days");
    setError(null);
    onApply({ kind: "absolute", fromMs: f, toMs: t });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1 text-[12px] text-zinc-500 dark:text-zinc-400" aria-label={`Explicit range (${zoneLabel})`}>
      {/* Text, not datetime-local: the browser would show its locale's 12-hour clock; the app writes 24-hour times with seconds. */}
      <input {...timeField} aria-label={`From (${zoneLabel}, YYYY-MM-DD HH:MM:SS)`} data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} className={`${input} w-[10.5rem]`} />
      →
      <input {...timeField} aria-label={`To (${zoneLabel}, YYYY-MM-DD HH:MM:SS)`} data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} className={`${input} w-[10.5rem]`} />
      <span data-testid="range-zone">{zoneLabel}</span>
      <button type="submit" data-testid="range-apply" className={`${segment} rounded-md ${range.kind === "absolute" ? active : idle}`}>
        apply
      </button>
      {error && <span role="alert" className="text-red-700 dark:text-red-400">{error}</span>}
    </form>
  );
}

function ListFilter(p: { label: string; placeholder: string; values: string[]; parse: typeof parseTagList; onApply: (v: string[]) => void }) {
  const [text, setText] = useState(p.values.join(","));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = p.parse(text);
    if (!r.ok) return setError(r.reason);
    setError(null);
    p.onApply(r.values);
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-1 text-[12px] text-zinc-500 dark:text-zinc-400">
      <label className="flex items-center gap-1">
        {p.label}
        <input
          data-testid={`filter-${p.label}`}
          value={text}
          placeholder={p.placeholder}
          onChange={(e) => setText(e.target.value)}
          onBlur={(e) => e.currentTarget.form?.requestSubmit()}
          className={`${input} w-32`}
          aria-invalid={error !== null}
        />
      </label>
      {error && <span role="alert" className="max-w-60 truncate text-red-700 dark:text-red-400" title={error}>{error}</span>}
    </form>
  );
}
