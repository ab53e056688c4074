import { fleetView } from "@/lib/api/hosts-view";
import { json, jsonError } from "@/lib/api/route-helpers";
import { getRuntime } from "@/lib/collector/runtime";

export const dynamic = "force-dynamic";

export function GET() {
  try {
    return json(fleetView(getRuntime()));
  } catch (err) {
    return jsonError(err);
  }
}
