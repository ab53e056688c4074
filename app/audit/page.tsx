import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditPageSkeleton } from "@/components/audit/audit-states";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  // AuditView reads its filters from the URL (useSearchParams): it needs a Suspense boundary.
  return (
    <Suspense fallback={<AuditPageSkeleton />}>
      <AuditView />
    </Suspense>
  );
}
