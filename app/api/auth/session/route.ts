import type { NextRequest } from "next/server";
import { json, jsonError } from "@/lib/api/route-helpers";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

/** Who the cookie belongs to, and the CSRF token scripts must send with state changes. */
export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    const p = await authorize(rt.auth, req, "viewer");
    return json({ user: p.user, role: p.role, csrf: p.csrf, demo: p.via === "demo" });
  } catch (err) {
    return jsonError(err);
  }
}
