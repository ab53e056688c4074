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
    const cluster = rt.cluster;
    if (cluster) {
      // A replica stopped on purpose frees its hosts at once instead of when its leases run out
      // (best effort: the server's own handler may end the process first; the leases cover that).
      for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void cluster.stop().catch(() => undefined));
    }
  } catch (err) {
    console.error(`[fleet] start-up failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
