/**
 * The files other programs use to find the fleet: `fleet.yaml` (the dashboard's own config format)
 * and `hosts.json` (SimHost[] for e2e tests and scenario drivers that did not start the fleet).
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { SimHost } from "./types";

const SAFE_WORD = /^[A-Za-z0-9._-]+$/;

function word(value: string, what: string): string {
  // Generated values only, but a YAML writer without quoting must not be handed anything else.
  if (!SAFE_WORD.test(value)) throw new Error(`fleet file: unsafe ${what} ${JSON.stringify(value)}`);
  return value;
}

export function renderFleetYaml(hosts: readonly SimHost[], port: number): string {
  const lines = [
    "# Simulated fleet (lib/sim). Regenerated on every start; edit the generator, not this file.",
    "defaults:",
    "  user: root",
    `  port: ${port}`,
    "  identityFile: ./client_key",
    "  knownHosts: ./known_hosts",
    "  hostKeyPolicy: strict",
    "  pollIntervalSeconds: 5",
    "  timeoutSeconds: 5",
    "  thresholds: { warn: 0.75, critical: 0.9 }",
    "hosts:",
  ];
  for (const h of hosts) {
    // An IPv6 literal is quoted: YAML would not read `::1` as a plain string everywhere.
    const address = /^[0-9A-Fa-f:.]+$/.test(h.address) && h.address.includes(":") ? `"${h.address}"` : word(h.address, "address");
    lines.push(`  - name: ${word(h.name, "name")}`, `    address: ${address}`);
    if (h.port !== port) lines.push(`    port: ${h.port}`);
    if (h.login) lines.push(`    user: ${word(h.login.user, "user")}`, `    sudo: ${h.login.sudo}`);
    lines.push(`    tags: [${h.tags.map((t) => word(t, "tag")).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

export interface SimHostsFile {
  dir: string;
  port: number;
  seed: number;
  fleetFile: string;
  knownHostsFile: string;
  clientKeyFile: string;
  hosts: SimHost[];
}

export async function writeHostsFile(file: string, data: SimHostsFile): Promise<void> {
  await fs.writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** For processes that did not start the fleet (Playwright tests, a second terminal). */
export async function loadSimHosts(dir: string): Promise<SimHostsFile> {
  const text = await fs.readFile(path.join(path.resolve(dir), "hosts.json"), "utf8");
  return JSON.parse(text) as SimHostsFile;
}
