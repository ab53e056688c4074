import { authorize } from "@/lib/auth/http";
import type { NextRequest } from "next/server";
import { samplesView } from "@/lib/api/host-detail-view";
import { parseRange, requireHost } from "@/lib/api/query";
import { json, jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, ctx: RouteContext<"/api/hosts/[name]/samples">) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    const name = requireHost(rt, (await ctx.params).name);
    const { from, to } = parseRange(req.nextUrl.searchParams);
    return json(await samplesView(rt, name, from, to));
  } catch (err) {
    return jsonError(err);
  }
}
