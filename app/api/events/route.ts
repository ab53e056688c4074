import { authorize } from "@/lib/auth/http";
import type { NextRequest } from "next/server";
import { eventsView } from "@/lib/api/host-detail-view";
import { parseRange, requireHost } from "@/lib/api/query";
import { json, jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    const { from, to, extra } = parseRange(req.nextUrl.searchParams, ["host"]);
    const host = extra.host === undefined ? null : requireHost(rt, extra.host);
    return json(await eventsView(rt, host, from, to));
  } catch (err) {
    return jsonError(err);
  }
}
