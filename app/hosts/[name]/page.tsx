import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { HostDetail } from "@/components/host/host-detail";
import { HostPageSkeleton } from "@/components/host/host-states";
import { openingHostRange } from "@/lib/api/host-detail-view";
import { RANGE_COOKIE } from "@/lib/client/host-range";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

interface HostPageProps {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: HostPageProps): Promise<Metadata> {
  const { name } = await params;
  return { title: name };
}

/**
 * Resolves the host against the fleet file (an unknown name is a real 404, not an empty page) and
 * hands the settings the client needs to HostDetail, which owns the data from there; a URL
 * without a range opens on the session's last choice or on one that fits the host's data.
 */
export default async function HostPage({ params }: HostPageProps) {
  const { name } = await params;
  const rt = await getRuntime();
  const { config } = rt;
  if (!config.hosts.some((h) => h.name === name)) notFound();
  const openingRange = await openingHostRange(rt, name, (await cookies()).get(RANGE_COOKIE)?.value);
  return (
    // HostDetail reads the range from the URL (useSearchParams): it needs a Suspense boundary.
    <Suspense fallback={<HostPageSkeleton name={name} />}>
      <HostDetail name={name} pollIntervalSeconds={config.pollIntervalMs / 1000} timeoutSeconds={config.timeoutMs / 1000} thresholds={config.thresholds} openingRange={openingRange} />
    </Suspense>
  );
}
