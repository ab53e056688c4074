import { Suspense } from "react";
import { preload } from "react-dom";
import { FleetOverview } from "@/components/fleet/fleet-overview";
import { FleetOverviewSkeleton } from "@/components/fleet/table-states";
import { HOSTS_URL } from "@/lib/client/fleet-api";

export default function FleetPage() {
  // The fleet request starts with the HTML, not after the scripts have loaded and hydrated: the
  // overview's first fetch picks up the preloaded response.
  preload(HOSTS_URL, { as: "fetch", crossOrigin: "anonymous" });
  // FleetOverview reads the view from the URL (useSearchParams): it needs a Suspense boundary so
  // the rest of the page can prerender.
  return (
    <Suspense fallback={<FleetOverviewSkeleton />}>
      <FleetOverview />
    </Suspense>
  );
}
