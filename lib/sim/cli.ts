/**
 * `npx tsx lib/sim/cli.ts up [--dir .sim] [--hosts 24] [--port 2222] [--tick 2000] [--no-scenario] [--seed 1]`
 *   starts the simulated fleet (and the scenario driver) until SIGINT/SIGTERM.
 * `npx tsx lib/sim/cli.ts down [--dir .sim]`
 *   kills sshd instances a crashed run left behind (found by <dir>/run/*.pid and their command lines).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { startSimFleet } from "./fleet";
import { startScenario } from "./scenario";
import { killLeftovers, liveOwner, usableSimDir } from "./sim-dir";

const USAGE = `usage:
  npx tsx lib/sim/cli.ts up [--dir .sim] [--hosts 24] [--port 2222] [--tick 2000] [--no-scenario] [--seed 1] [--quiet]
  npx tsx lib/sim/cli.ts down [--dir .sim]`;

function intOption(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
}

async function up(values: Record<string, string | boolean | undefined>): Promise<void> {
  const dir = await usableSimDir(String(values.dir ?? ".sim"));
  const hosts = intOption(values.hosts as string | undefined, "hosts", 24, 6);
  const port = intOption(values.port as string | undefined, "port", 2222, 1);
  const tickMs = intOption(values.tick as string | undefined, "tick", 2000, 50);
  const seed = intOption(values.seed as string | undefined, "seed", 1, 0);
  const quiet = values.quiet === true;
  const t0 = performance.now();
  const fleet = await startSimFleet({ dir, hosts, port, seed });
  const startMs = performance.now() - t0;
  const scenario = values["no-scenario"]
    ? null
    : startScenario(fleet, { tickMs, seed, log: quiet ? undefined : (l) => console.log(l) });
  const byKind = new Map<string, number>();
  for (const h of fleet.hosts) byKind.set(h.kind, (byKind.get(h.kind) ?? 0) + 1);
  const sshds = Math.ceil(fleet.hosts.filter((h) => h.root !== null).length / 16);
  console.log(fleet.fleetFile);
  console.log(
    `sim fleet up in ${(startMs / 1000).toFixed(2)} s: ${fleet.hosts.length} hosts ` +
      `(${[...byKind].map(([k, n]) => `${n} ${k}`).join(", ")}) on port ${port}, ${sshds} sshd, ` +
      `${scenario ? `scenario every ${tickMs} ms` : "no scenario"}, seed ${seed}. Ctrl-C stops it.`,
  );
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sim fleet`);
    await scenario?.stop();
    await fleet.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: "string" }, hosts: { type: "string" }, port: { type: "string" }, tick: { type: "string" },
      seed: { type: "string" }, "no-scenario": { type: "boolean" }, quiet: { type: "boolean" }, help: { type: "boolean" },
    },
  });
  const cmd = positionals[0];
  if (values.help || (cmd !== "up" && cmd !== "down")) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  if (cmd === "down") {
    const dir = await usableSimDir(values.dir ?? ".sim");
    const owner = await liveOwner(dir);
    if (owner !== null) {
      // The owner holds the blackhole listener and the scenario: ask it to clean up after itself.
      console.log(`asking process ${owner} (running the fleet in ${dir}) to stop`);
      process.kill(owner, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while ((await liveOwner(dir)) !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if ((await liveOwner(dir)) !== null) console.log(`process ${owner} is still running; killing its sshd anyway`);
    }
    const n = await killLeftovers(dir);
    console.log(n > 0 ? `killed ${n} leftover sim sshd process(es) of ${dir}` : `nothing of ${dir} was running`);
    return;
  }
  await up(values);
}

main().catch((err: unknown) => {
  console.error(`sim: ${(err as Error).message}`);
  process.exit(1);
});
