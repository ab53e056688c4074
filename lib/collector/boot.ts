import "server-only";
import { getRuntime } from "./runtime";

/**
 * Load the fleet file and start polling before the first request. A bad fleet file stops the
 * server with a message naming the file, line and field: never a half-configured fleet.
 */
export async function bootCollector(): Promise<void> {
  // `next build` loads the server to collect page data: only a real server polls.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    const rt = await getRuntime();
    console.log(`[fleet] ${rt.config.hosts.length} hosts from ${rt.config.file}, polling every ${rt.config.pollIntervalMs / 1000}s`);
  } catch (err) {
    console.error(`[fleet] start-up failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
