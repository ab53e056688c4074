import type { NextRequest } from "next/server";
import { authorize } from "@/lib/auth/http";
import { etagMatches, fleetDocument } from "@/lib/api/hosts-view";
import { jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    const format = req.nextUrl.searchParams.get("format") ?? "json";
    if (format !== "json" && format !== "ndjson") throw new AppError("bad_request", `format must be json or ndjson, not ${JSON.stringify(format.slice(0, 40))}`);
    const { body, etag } = await fleetDocument(rt, Date.now(), format);
    const headers = { "cache-control": "no-store", etag };
    if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
    const type = format === "ndjson" ? "application/x-ndjson" : "application/json";
    return new Response(body, { status: 200, headers: { ...headers, "content-type": type } });
  } catch (err) {
    return jsonError(err);
  }
}
