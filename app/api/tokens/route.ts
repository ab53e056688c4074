import type { NextRequest } from "next/server";
import { readJsonBody } from "@/lib/api/body";
import { json, jsonError } from "@/lib/api/route-helpers";
import { createToken, createTokenSchema, tokenView } from "@/lib/api/token-actions";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

/** API tokens are managed by signed-in operators (or the CLI), never with a token. */
export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "operator", { sessionOnly: true });
    const now = Date.now();
    return json({ tokens: (await rt.auth.tokens.list()).map((t) => tokenView(t, now)) });
  } catch (err) {
    return jsonError(err);
  }
}

export async function POST(req: NextRequest) {
  try {
    const rt = await getRuntime();
    const who = await authorize(rt.auth, req, "operator", { sessionOnly: true });
    const body = await readJsonBody(req, createTokenSchema);
    return json(await createToken(rt, who, body), { status: 201 });
  } catch (err) {
    return jsonError(err);
  }
}
