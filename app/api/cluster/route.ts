import type { NextRequest } from "next/server";
import { clusterView } from "@/lib/api/cluster-view";
import { json, jsonError } from "@/lib/api/route-helpers";
import { authorize } from "@/lib/auth/http";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest) {
  try {
    const rt = await getRuntime();
    await authorize(rt.auth, req, "viewer");
    return json(await clusterView(rt));
  } catch (err) {
    return jsonError(err);
  }
}
