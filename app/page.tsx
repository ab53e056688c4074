import { Suspense } from "react";
import { preload } from "react-dom";
import { FleetOverview } from "@/components/fleet/fleet-overview";
import { FleetOverviewSkeleton } from "@/components/fleet/table-states";
import { fleetView } from "@/lib/api/hosts-view";
import { HOSTS_URL } from "@/lib/client/fleet-api";
import { previewOf } from "@/lib/client/fleet-preview";
import { parseView } from "@/lib/client/fleet-view";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

interface FleetPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function FleetPage({ searchParams }: FleetPageProps) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") params.set(k, v);
  const view = parseView(params);
  // The first rows of the table come with the HTML; the fleet request starts with it too, so
  // the overview's first fetch picks up the preloaded response instead of waiting for hydration.
  const preview = view.display === "table" ? previewOf(await fleetView(await getRuntime()), view) : null;
  preload(HOSTS_URL, { as: "fetch", crossOrigin: "anonymous" });
  // FleetOverview reads the view from the URL (useSearchParams): it needs a Suspense boundary.
  return (
    <Suspense fallback={<FleetOverviewSkeleton />}>
      <FleetOverview preview={preview} />
    </Suspense>
  );
}
