import "server-only";
import type { NextRequest } from "next/server";
import { readBearer } from "@/lib/auth/api-token";
import { authorize } from "@/lib/auth/http";
import type { Runtime } from "@/lib/collector/runtime";
import { CONTENT_TYPE, negotiateFormat } from "@/lib/metrics/exposition";
import { FleetMetricsRenderer } from "@/lib/metrics/fleet-metrics";

/** One per process: it keeps every host's rendered series names between scrapes. */
const RENDERER_KEY = Symbol.for("conntrack-fleet.metrics-renderer");
const renderer: FleetMetricsRenderer = ((globalThis as { [RENDERER_KEY]?: FleetMetricsRenderer })[RENDERER_KEY] ??= new FleetMetricsRenderer());

/**
 * `GET /metrics`: a token of any role (metrics, viewer, operator) or a signed-in person; without
 * an Authorization header, anyone when the fleet file says `metrics: { anonymous: true }`.
 */
export async function metricsResponse(rt: Runtime, req: NextRequest, now = Date.now()): Promise<Response> {
  if (!(rt.config.metrics.anonymous && readBearer(req.headers).kind === "absent")) await authorize(rt.auth, req, "metrics");
  const format = negotiateFormat(req.headers.get("accept"));
  const body = renderer.render(rt.poller.metricsView(), { format, tagsLabel: rt.config.metrics.tagsLabel, now });
  return new Response(body, { status: 200, headers: { "content-type": CONTENT_TYPE[format], "cache-control": "no-store" } });
}
