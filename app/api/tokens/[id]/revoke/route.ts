import type { NextRequest } from "next/server";
import { json, jsonError } from "@/lib/api/route-helpers";
import { revokeToken } from "@/lib/api/token-actions";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest, ctx: RouteContext<"/api/tokens/[id]/revoke">) {
  try {
    const rt = await getRuntime();
    const who = await authorize(rt.auth, req, "operator", { sessionOnly: true });
    return json(await revokeToken(rt, who, (await ctx.params).id));
  } catch (err) {
    return jsonError(err);
  }
}
