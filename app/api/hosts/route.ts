import type { NextRequest } from "next/server";
import { authorize } from "@/lib/auth/http";
import { fleetView } from "@/lib/api/hosts-view";
import { json, jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export function GET(req: NextRequest) {
  try {
    const rt = getRuntime();
    authorize(rt.auth, req, "viewer");
    return json(fleetView(rt));
  } catch (err) {
    return jsonError(err);
  }
}
