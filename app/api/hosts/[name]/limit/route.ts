import type { NextRequest } from "next/server";
import { readJsonBody } from "@/lib/api/body";
import { raiseBodySchema, raiseLimit, refuse } from "@/lib/api/limit-actions";
import { requireHost } from "@/lib/api/query";
import { json, jsonError } from "@/lib/api/route-helpers";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest, ctx: RouteContext<"/api/hosts/[name]/limit">) {
  try {
    const rt = await getRuntime();
    const who = await authorize(rt.auth, req, "viewer");
    const name = (await ctx.params).name;
    // From here on every refusal is audited: the caller is known.
    try {
      if (who.role !== "operator") await authorize(rt.auth, req, "operator");
      requireHost(rt, name);
    } catch (err) {
      await refuse(rt, who, name, err);
    }
    const body = await readJsonBody(req, raiseBodySchema, { integerFields: ["max", "hashsize"] }).catch((err: unknown) => refuse(rt, who, name, err));
    return json(await raiseLimit(rt, who, name, body));
  } catch (err) {
    return jsonError(err);
  }
}
