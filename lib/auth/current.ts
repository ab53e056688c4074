import "server-only";
import { cookies } from "next/headers";
import { getRuntime } from "@/lib/collector/runtime";
import type { SessionPrincipal } from "./auth-service";
import { readSessionId } from "./http";

/** The signed-in principal for a server component (the proxy has already opened demo sessions). */
export async function currentPrincipal(): Promise<SessionPrincipal | null> {
  const jar = await cookies();
  return (await getRuntime()).auth.fromSession(readSessionId(jar));
}
