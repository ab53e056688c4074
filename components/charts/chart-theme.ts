"use client";

import { useSyncExternalStore } from "react";

/**
 * Canvas colours for both schemes. Canvas cannot read Tailwind classes, so these mirror the
 * palette the rest of the page uses (zinc chrome, sky for the table, amber/red thresholds).
 */
export interface ChartTheme {
  dark: boolean;
  axis: string;
  grid: string;
  tick: string;
  font: string;
  count: string;
  countFill: string;
  countPeak: string;
  max: string;
  warn: string;
  critical: string;
  drops: string;
  dropsFill: string;
  cursor: string;
  select: string;
  mark: { full: string; suppressed: string; expect: string; other: string };
}

const FONT = '11px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export const LIGHT: ChartTheme = {
  dark: false,
  axis: "#71717a",
  grid: "rgba(228, 228, 231, 0.9)",
  tick: "#d4d4d8",
  font: FONT,
  count: "#0284c7",
  countFill: "rgba(2, 132, 199, 0.10)",
  countPeak: "rgba(2, 132, 199, 0.45)",
  max: "#3f3f46",
  warn: "#d97706",
  critical: "#dc2626",
  drops: "#dc2626",
  dropsFill: "rgba(220, 38, 38, 0.22)",
  cursor: "#71717a",
  select: "rgba(2, 132, 199, 0.12)",
  mark: { full: "#dc2626", suppressed: "#f87171", expect: "#d97706", other: "#71717a" },
};

export const DARK: ChartTheme = {
  dark: true,
  axis: "#a1a1aa",
  grid: "rgba(39, 39, 42, 0.9)",
  tick: "#3f3f46",
  font: FONT,
  count: "#38bdf8",
  countFill: "rgba(56, 189, 248, 0.12)",
  countPeak: "rgba(56, 189, 248, 0.45)",
  max: "#d4d4d8",
  warn: "#fbbf24",
  critical: "#ef4444",
  drops: "#f87171",
  dropsFill: "rgba(239, 68, 68, 0.25)",
  cursor: "#a1a1aa",
  select: "rgba(56, 189, 248, 0.14)",
  mark: { full: "#ef4444", suppressed: "#fca5a5", expect: "#fbbf24", other: "#a1a1aa" },
};

const QUERY = "(prefers-color-scheme: dark)";

function subscribe(onChange: () => void): () => void {
  const mql = window.matchMedia(QUERY);
  mql.addEventListener("change", onChange);
  return () => mql.removeEventListener("change", onChange);
}

const getSnapshot = () => window.matchMedia(QUERY).matches;
const getServerSnapshot = () => false;

/** Whether the page is painted dark (`color-scheme: light dark` follows the OS), live. */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

export function useChartTheme(): ChartTheme {
  return usePrefersDark() ? DARK : LIGHT;
}
