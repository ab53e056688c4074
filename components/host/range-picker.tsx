"use client";

import { useState, type FormEvent } from "react";
import {
  fromInputValue,
  isValidWindow,
  MAX_WINDOW_MS,
  MIN_WINDOW_MS,
  PRESET_LABEL,
  PRESET_MS,
  RANGE_PRESETS,
  toInputValue,
  type HostRange,
} from "@/lib/client/host-range";

const segment =
  "h-7 px-2.5 text-[12px] font-medium first:rounded-l-md last:rounded-r-md -ml-px first:ml-0 border border-zinc-300 dark:border-zinc-700";
const idle = "bg-white text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800";
const active = "relative z-10 border-sky-400 bg-sky-50 text-sky-900 dark:border-sky-600 dark:bg-sky-950/60 dark:text-sky-100";
const input =
  "num h-7 rounded-md border border-zinc-300 bg-white px-1.5 text-[12px] text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:[color-scheme:dark]";

export interface RangePickerProps {
  range: HostRange;
  onChange: (range: HostRange) => void;
}

/** 1h … 30d presets and a custom UTC window; the URL holds the result. */
export function RangePicker({ range, onChange }: RangePickerProps) {
  const [customOpen, setCustomOpen] = useState(false);
  const showCustom = customOpen || range.kind === "absolute";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="group" aria-label="Time range" className="inline-flex">
        {RANGE_PRESETS.map((p) => {
          const on = range.kind === "relative" && range.preset === p;
          return (
            <button
              key={p}
              type="button"
              data-testid={`range-${p}`}
              aria-pressed={on}
              title={PRESET_LABEL[p]}
              onClick={() => {
                setCustomOpen(false);
                onChange({ kind: "relative", preset: p });
              }}
              className={`${segment} ${on ? active : idle}`}
            >
              {p}
            </button>
          );
        })}
        <button
          type="button"
          data-testid="range-custom"
          aria-pressed={range.kind === "absolute"}
          aria-expanded={showCustom}
          onClick={() => setCustomOpen((o) => !o || range.kind === "absolute")}
          className={`${segment} ${range.kind === "absolute" ? active : idle}`}
        >
          custom
        </button>
      </div>
      {showCustom && (
        <CustomRange
          key={range.kind === "absolute" ? `${range.fromMs}-${range.toMs}` : "new"}
          range={range}
          onApply={(r) => {
            setCustomOpen(false);
            onChange(r);
          }}
        />
      )}
    </div>
  );
}

function initialWindow(range: HostRange): { from: string; to: string } {
  if (range.kind === "absolute") return { from: toInputValue(range.fromMs, "utc"), to: toInputValue(range.toMs, "utc") };
  const now = Date.now();
  return { from: toInputValue(now - PRESET_MS[range.preset], "utc"), to: toInputValue(now, "utc") };
}

function CustomRange({ range, onApply }: { range: HostRange; onApply: (r: HostRange) => void }) {
  const [value, setValue] = useState(() => initialWindow(range));
  const fromMs = fromInputValue(value.from, "utc");
  const toMs = fromInputValue(value.to, "utc");
  const problem =
    fromMs === null || toMs === null
      ? "enter both times"
      : toMs <= fromMs
        ? "“to” must be after “from”"
        : !isValidWindow(fromMs, toMs)
          ? toMs - fromMs < MIN_WINDOW_MS
            ? "at least one minute"
            : `at most ${MAX_WINDOW_MS / 86_400_000} days`
          : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (problem || fromMs === null || toMs === null) return;
    onApply({ kind: "absolute", fromMs, toMs });
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1.5 text-[12px]" aria-label="Custom range (UTC)">
      <label className="flex items-center gap-1">
        <span className="text-zinc-500 dark:text-zinc-400">from</span>
        <input
          type="datetime-local"
          step={1}
          data-testid="range-from"
          value={value.from}
          onChange={(e) => setValue((v) => ({ ...v, from: e.target.value }))}
          className={input}
        />
      </label>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500 dark:text-zinc-400">to</span>
        <input
          type="datetime-local"
          step={1}
          data-testid="range-to"
          value={value.to}
          onChange={(e) => setValue((v) => ({ ...v, to: e.target.value }))}
          className={input}
        />
      </label>
      <span className="font-medium text-zinc-500 dark:text-zinc-400">UTC</span>
      <button
        type="submit"
        data-testid="range-apply"
        disabled={problem !== null}
        title={problem ?? "Show this window"}
        className="h-7 rounded-md bg-zinc-900 px-2.5 font-medium text-white hover:bg-zinc-700 disabled:cursor-not-allowed disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        Apply
      </button>
      {problem && value.from && value.to && <span className="text-amber-700 dark:text-amber-400">{problem}</span>}
    </form>
  );
}
