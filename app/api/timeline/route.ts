import { authorize } from "@/lib/auth/http";
import type { NextRequest } from "next/server";
import { parseTimelineQuery, timelineView } from "@/lib/api/timeline-view";
import { json, jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

/**
 * `GET /api/timeline?from=&to=&tags=&hosts=`: one lane per host whose drop counter moved or whose
 * kernel log reported table-full (or suppressed) lines in the window, ordered by first drop, plus
 * the incident summary and the limit changes. `tags`/`hosts` are comma-separated; a host must
 * carry every tag given.
 */
export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    return json(await timelineView(rt, parseTimelineQuery(req.nextUrl.searchParams)));
  } catch (err) {
    return jsonError(err);
  }
}
