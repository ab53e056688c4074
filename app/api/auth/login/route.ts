import type { NextRequest } from "next/server";
import { z } from "zod";
import { readJsonBody } from "@/lib/api/body";
import { json, jsonError } from "@/lib/api/route-helpers";
import { isSecureRequest, sessionCookieName, sessionCookieOptions } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

const body = z.strictObject({ user: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

export async function POST(req: NextRequest) {
  try {
    const rt = await getRuntime();
    const { user, password } = await readJsonBody(req, body);
    const client = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
    const result = await rt.auth.login(user, password, client);
    if (!result.ok) {
      if (result.reason === "throttled") {
        const seconds = Math.ceil(result.retryAfterMs / 1000);
        const res = jsonError(new AppError("too_many_requests", `too many failed sign-ins: try again in ${seconds} s`));
        res.headers.set("retry-after", String(seconds));
        return res;
      }
      throw new AppError("unauthorized", "wrong user name or password");
    }
    const secure = isSecureRequest(req.nextUrl, req.headers);
    const res = json({ user: result.principal.user, role: result.principal.role });
    res.cookies.set(sessionCookieName(secure), result.sessionId, sessionCookieOptions(secure, rt.config.auth.sessionMaxHours * 3600));
    return res;
  } catch (err) {
    return jsonError(err);
  }
}
