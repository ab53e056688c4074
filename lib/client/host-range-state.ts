"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import {
  DEFAULT_RANGE,
  parseExplicitRange,
  parseIsoParam,
  rangeCookie,
  sameRange,
  serializeRange,
  zoomRange,
  type HostRange,
} from "./host-range";

/**
 * The host page's range, owned by the URL. Zooming moves the URL to the zoomed window (so a link
 * reproduces it) and remembers the view it came from, which double-click / "reset zoom" restore.
 */
export function useHostRange(opening: HostRange = DEFAULT_RANGE) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const range = useMemo(() => parseExplicitRange(searchParams) ?? opening, [searchParams, opening]);
  // The view before the first zoom; null when not zoomed (or opened from a zoomed link).
  const [zoomBase, setZoomBase] = useState<HostRange | null>(null);

  const replace = useCallback(
    (next: HostRange) => {
      const params = new URLSearchParams(searchParams.toString());
      params.delete("range");
      params.delete("from");
      params.delete("to");
      for (const [k, v] of new URLSearchParams(serializeRange(next))) params.set(k, v);
      // Always named, even the default: a link must not depend on the reader's own last choice.
      if (next.kind === "relative") params.set("range", next.preset);
      // The next host page of this session opens on the same choice.
      document.cookie = rangeCookie(next);
      const qs = params.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname, searchParams],
  );

  const setRange = useCallback(
    (next: HostRange) => {
      setZoomBase(null);
      if (!sameRange(next, range)) replace(next);
      else document.cookie = rangeCookie(next);
    },
    [range, replace],
  );

  const zoomTo = useCallback(
    (fromMs: number, toMs: number) => {
      setZoomBase((base) => base ?? range);
      replace(zoomRange(fromMs, toMs));
    },
    [range, replace],
  );

  const resetZoom = useCallback(() => {
    if (!zoomBase) return;
    setZoomBase(null);
    replace(zoomBase);
  }, [zoomBase, replace]);

  const atMs = useMemo(() => parseIsoParam(searchParams.get("at")), [searchParams]);

  return { range, zoomed: zoomBase !== null, setRange, zoomTo, resetZoom, atMs };
}
