import type { Metadata } from "next";
import { Suspense } from "react";
import { TimelinePageSkeleton } from "@/components/timeline/timeline-states";
import { TimelineView } from "@/components/timeline/timeline-view";

export const metadata: Metadata = { title: "Timeline" };

export default function TimelinePage() {
  // TimelineView reads its range and filters from the URL (useSearchParams): it needs a Suspense boundary.
  return (
    <Suspense fallback={<TimelinePageSkeleton />}>
      <TimelineView />
    </Suspense>
  );
}
