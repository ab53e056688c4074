import type { NextRequest } from "next/server";
import { z } from "zod";
import { parseRange } from "@/lib/api/query";
import { json, jsonError } from "@/lib/api/route-helpers";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

const filters = z.strictObject({
  host: z.string().max(300).optional(),
  user: z.string().max(128).optional(),
  outcome: z.enum(["success", "failed", "refused"]).optional(),
});

export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    const params = new URLSearchParams(req.nextUrl.searchParams);
    // The audit looks back 30 days unless told otherwise.
    const toMs = params.has("to") ? Date.parse(params.get("to") ?? "") : Date.now();
    if (!params.has("from") && Number.isFinite(toMs)) params.set("from", new Date(toMs - 30 * 86_400_000).toISOString());
    const { from, to, extra } = parseRange(params, ["host", "user", "outcome"]);
    const f = filters.safeParse(extra);
    if (!f.success) throw new AppError("bad_request", f.error.issues[0]?.message ?? "invalid filter");
    const entries = await rt.store.audit.query({ from, to, host: f.data.host, user: f.data.user, outcome: f.data.outcome });
    return json({
      entries: entries.map((e) => ({ ...e, ts: new Date(e.ts).toISOString() })),
    });
  } catch (err) {
    return jsonError(err);
  }
}
