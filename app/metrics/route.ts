import type { NextRequest } from "next/server";
import { metricsResponse } from "@/lib/api/metrics-view";
import { jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

/** Prometheus scrapes this (see README, "Prometheus"). */
export function GET(req: NextRequest) {
  try {
    return metricsResponse(getRuntime(), req);
  } catch (err) {
    return jsonError(err);
  }
}
