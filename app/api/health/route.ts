import { json } from "@/lib/api/route-helpers";

export const dynamic = "force-dynamic";

export function GET() {
  return json({ status: "ok" });
}
