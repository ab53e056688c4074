import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { HostDetail } from "@/components/host/host-detail";
import { HostPageSkeleton } from "@/components/host/host-states";
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
 * hands the settings the client needs to HostDetail, which owns the data from there.
 */
export default async function HostPage({ params }: HostPageProps) {
  const { name } = await params;
  const { config } = getRuntime();
  if (!config.hosts.some((h) => h.name === name)) notFound();
  return (
    // HostDetail reads the range from the URL (useSearchParams): it needs a Suspense boundary.
    <Suspense fallback={<HostPageSkeleton name={name} />}>
      <HostDetail name={name} pollIntervalSeconds={config.pollIntervalMs / 1000} thresholds={config.thresholds} />
    </Suspense>
  );
}
