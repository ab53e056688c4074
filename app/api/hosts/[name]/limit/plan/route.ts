import type { NextRequest } from "next/server";
import { planView } from "@/lib/api/limit-actions";
import { requireHost } from "@/lib/api/query";
import { json, jsonError } from "@/lib/api/route-helpers";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, ctx: RouteContext<"/api/hosts/[name]/limit/plan">) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    const name = requireHost(rt, (await ctx.params).name);
    return json(await planView(rt, name, req.nextUrl.searchParams));
  } catch (err) {
    return jsonError(err);
  }
}
