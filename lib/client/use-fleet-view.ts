"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DEFAULT_VIEW, parseView, serializeView, type FleetView } from "./fleet-view";

/** Typing updates the table at once; the URL catches up after a pause so history stays quiet. */
const URL_DEBOUNCE_MS = 250;

/**
 * The table's filter/sort state, owned by the URL so a copied link reproduces the view.
 * The free-text box is local state (instant filtering), mirrored into `?q=` debounced.
 */
export function useFleetView() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlView = useMemo(() => parseView(searchParams), [searchParams]);
  const [text, setText] = useState(urlView.q);

  const latest = useRef(urlView);
  useEffect(() => {
    latest.current = urlView;
  }, [urlView]);

  const replaceView = useCallback(
    (next: FleetView) => {
      // What the URL says from now on, before Next re-renders with it: a debounced text write that
      // fires before that render must build on this (a view switch just made), not on the URL before.
      latest.current = next;
      const qs = serializeView(next);
      // The history API, not router.replace: Next keeps useSearchParams in step with it, and no
      // server round trip (this page is dynamic) holds up the deferred render of the rows.
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );

  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (text.trim() === latest.current.q.trim()) return;
    const timer = setTimeout(() => replaceView({ ...latest.current, q: text }), URL_DEBOUNCE_MS);
    pending.current = timer;
    return () => clearTimeout(timer);
  }, [text, replaceView]);

  /**
   * Writes the typed text into the URL now and drops the pending debounced write: before leaving
   * the page, so Back returns to this filter and no late history write (which Next turns into a
   * restore of this URL) lands on top of the navigation and cancels it.
   */
  const flushText = useCallback(() => {
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = null;
    if (text.trim() !== latest.current.q.trim()) replaceView({ ...latest.current, q: text });
  }, [replaceView, text]);

  /** Apply a change to the non-text parts of the view; the pending text goes along with it. */
  const update = useCallback(
    (patch: Partial<Omit<FleetView, "q">>) => replaceView({ ...latest.current, q: text, ...patch }),
    [replaceView, text],
  );

  const clearFilters = useCallback(() => {
    setText("");
    replaceView({ ...DEFAULT_VIEW, sort: latest.current.sort, dir: latest.current.dir, display: latest.current.display });
  }, [replaceView]);

  const view: FleetView = useMemo(() => ({ ...urlView, q: text }), [urlView, text]);
  return { view, setText, update, clearFilters, flushText };
}
