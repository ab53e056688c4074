import type { NextRequest } from "next/server";
import { authorize } from "@/lib/auth/http";
import { etagMatches, fleetDocument } from "@/lib/api/hosts-view";
import { jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export function GET(req: NextRequest) {
  try {
    const rt = getRuntime();
    authorize(rt.auth, req, "viewer");
    const { json, etag } = fleetDocument(rt);
    const headers = { "cache-control": "no-store", etag };
    if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
    return new Response(json, { status: 200, headers: { ...headers, "content-type": "application/json" } });
  } catch (err) {
    return jsonError(err);
  }
}
