import type { NextRequest } from "next/server";
import { json, jsonError } from "@/lib/api/route-helpers";
import { SESSION_COOKIE_PLAIN, SESSION_COOKIE_SECURE, authorize, readSessionId } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer", { sessionOnly: true });
    await rt.auth.sessions.destroy(readSessionId(req.cookies));
    const res = json({ ok: true });
    res.cookies.delete(SESSION_COOKIE_SECURE);
    res.cookies.delete(SESSION_COOKIE_PLAIN);
    return res;
  } catch (err) {
    return jsonError(err);
  }
}
