"use client";

import { createContext, useSyncExternalStore } from "react";

/**
 * One shared 1 s clock for every "Ns ago" on the page. A single interval (not one per cell) and
 * only subscribed components re-render on a tick; the table rows themselves do not.
 */
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function tick() {
  now = Date.now();
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getSnapshot = () => now;
// Ages are rendered client-side only; 0 on the server keeps hydration deterministic.
const getServerSnapshot = () => 0;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

/** The shared clock's current reading, for a title computed while rendering for another reason. */
export function clockNow(): number {
  return timer ? now : Date.now();
}

/**
 * A value derived from the shared clock, e.g. an age's label: the component re-renders only when
 * the value changes, not on every tick. A table of "3m ago" cells then renders once a minute, and
 * nothing around the cell re-renders at all.
 */
export function useTicking<T extends string | number | boolean>(select: (nowMs: number) => T, serverNowMs = 0): T {
  return useSyncExternalStore(
    subscribe,
    () => select(now),
    // The server render, and hydrating it, read the clock the server rendered at.
    () => select(serverNowMs),
  );
}

const noSubscription = () => () => {};

/** False while rendering on the server and hydrating, true after: for values that may not match. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/** The server's clock when it rendered this page (0: no server-rendered ages on this page). */
export const RenderedAtContext = createContext(0);
