/**
 * Runs once when the Next.js server starts: load the fleet file and start polling before the first
 * request. A bad fleet file stops start-up with a message naming the file, line and field —
 * never a half-configured fleet.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Build-time page data collection also loads the server; only a real server should poll.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getRuntime } = await import("./lib/collector/runtime");
  try {
    const rt = getRuntime();
    console.log(`[fleet] ${rt.config.hosts.length} hosts from ${rt.config.file}, polling every ${rt.config.pollIntervalMs / 1000}s`);
  } catch (err) {
    console.error(`[fleet] start-up failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
