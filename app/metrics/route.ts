import type { NextRequest } from "next/server";
import { metricsResponse } from "@/lib/api/metrics-view";
import { jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

/** Prometheus scrapes this (see README, "Prometheus"). */
export async function GET(req: NextRequest) {
  try {
    // Awaited here so that a refusal (401/403) is caught below.
    return await metricsResponse(await getRuntime(), req);
  } catch (err) {
    return jsonError(err);
  }
}
