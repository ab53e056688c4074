import { Suspense } from "react";
import { FleetOverview } from "@/components/fleet/fleet-overview";
import { FleetOverviewSkeleton } from "@/components/fleet/table-states";

export default function FleetPage() {
  // FleetOverview reads the view from the URL (useSearchParams): it needs a Suspense boundary so
  // the rest of the page can prerender.
  return (
    <Suspense fallback={<FleetOverviewSkeleton />}>
      <FleetOverview />
    </Suspense>
  );
}
