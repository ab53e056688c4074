/**
 * Runs once when the Next.js server starts. The Node-only start-up lives in lib/collector/boot.ts so
 * the Edge bundle of this file stays free of Node APIs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootCollector } = await import("./lib/collector/boot");
    await bootCollector();
  }
}
