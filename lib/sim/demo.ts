/**
 * `npm run demo`: the simulated 24-host fleet with its scenario driver, and the dashboard on it.
 * HOST / PORT pick the listen address (default 127.0.0.1:3000). Ctrl-C stops everything.
 */
import path from "node:path";
import { startStack } from "./app-stack";

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const stack = await startStack({
    simDir: path.resolve(".sim"),
    dataDir: path.resolve(process.env.DATA_DIR ?? "data/demo"),
    hosts: Number(process.env.DEMO_HOSTS ?? 24),
    sshPort: 2222,
    appPort: port,
    appHost: process.env.HOST ?? "127.0.0.1",
    scenario: true,
    tickMs: 2000,
    seed: 1,
    pollIntervalSeconds: 5,
    // The simulated fleet is generated anew on every start (fresh uptimes, counters and logs), so
    // history kept from a previous run would belong to hosts that no longer exist in that form.
    freshData: true,
    // A simulated week before this start, so the 7-day views, the timeline and the audit log have a story.
    seedHistory: true,
    auth: { demo: true },
  });
  console.log(`\nconntrack fleet demo: ${stack.fleet.hosts.length} simulated hosts, dashboard at ${stack.url}  (Ctrl-C to stop)\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping the demo fleet and the dashboard…");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(`demo failed: ${(err as Error).message}`);
  process.exit(1);
});
