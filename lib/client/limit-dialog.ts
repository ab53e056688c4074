"use client";

import { useEffect, useState, useSyncExternalStore } from "react";

/**
 * Which host the raise dialog is open for. It lives outside the button that opened it: a raise
 * moves a host to another status group (or out of a filtered overview) on the next poll, which
 * unmounts its row, and the result must stay on screen. One dialog at a time; `seq` gives each
 * opening a fresh dialog.
 */
export interface RaiseTarget {
  host: string;
  seq: number;
}

let target: RaiseTarget | null = null;
let seq = 0;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

export function openRaiseDialog(host: string): void {
  if (target !== null) return;
  target = { host, seq: ++seq };
  emit();
}

export function closeRaiseDialog(): void {
  if (target === null) return;
  target = null;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRaiseTarget(): RaiseTarget | null {
  return useSyncExternalStore(subscribe, () => target, () => null);
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebouncedValue<T>(value: T, ms: number, same: (a: T, b: T) => boolean = Object.is): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (same(value, settled)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms, same]);
  return settled;
}
