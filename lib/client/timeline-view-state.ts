"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { sameRange, zoomRange, type HostRange } from "./host-range";
import { parseTimelineView, serializeTimelineView, type TimelineViewState } from "./timeline-url";

/**
 * The timeline's view, owned by the URL (see timeline-url.ts). A brush zoom moves the URL to the
 * zoomed window and remembers the range it came from, which double-click restores.
 */
export function useTimelineView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const view = useMemo(() => parseTimelineView(searchParams), [searchParams]);
  const [zoomBase, setZoomBase] = useState<HostRange | null>(null);

  const replace = useCallback(
    (next: TimelineViewState) => {
      const qs = serializeTimelineView(next);
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const update = useCallback((patch: Partial<Omit<TimelineViewState, "range">>) => replace({ ...view, ...patch }), [view, replace]);

  const setRange = useCallback(
    (range: HostRange) => {
      setZoomBase(null);
      if (!sameRange(range, view.range)) replace({ ...view, range });
    },
    [view, replace],
  );

  const zoomTo = useCallback(
    (fromMs: number, toMs: number) => {
      setZoomBase((base) => base ?? view.range);
      replace({ ...view, range: zoomRange(fromMs, toMs) });
    },
    [view, replace],
  );

  const resetZoom = useCallback(() => {
    if (!zoomBase) return;
    setZoomBase(null);
    replace({ ...view, range: zoomBase });
  }, [zoomBase, view, replace]);

  return { view, zoomed: zoomBase !== null, update, setRange, zoomTo, resetZoom };
}
