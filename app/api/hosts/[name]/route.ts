import type { NextRequest } from "next/server";
import { authorize } from "@/lib/auth/http";
import { hostDetailView } from "@/lib/api/host-detail-view";
import { requireHost } from "@/lib/api/query";
import { json, jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, ctx: RouteContext<"/api/hosts/[name]">) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    const name = requireHost(rt, (await ctx.params).name);
    return json(await hostDetailView(rt, name));
  } catch (err) {
    return jsonError(err);
  }
}
