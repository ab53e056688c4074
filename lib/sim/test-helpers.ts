/** Test helper: a fleet's host roots on disk without any sshd (for the pure-ish parts). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateHostPlans, type HostPlan } from "./host-gen";
import { buildHostRoot } from "./host-root";

const made: string[] = [];

/** Removes every directory buildRootsOnly made (call from afterAll). */
export function cleanupRoots(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function buildRootsOnly(count: number, seed: number): Promise<{ dir: string; plans: HostPlan[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sim-roots-"));
  made.push(dir);
  const plans = generateHostPlans({ count, specials: true, seed, port: 2222, hostsDir: path.join(dir, "hosts") });
  const now = Date.UTC(2024, 10, 25, 12, 0, 0);
  // No journals: a systemd-journal-remote run per host made each build take seconds under load, and
  // the tests using these roots read /etc, /proc and the syslog files only.
  for (const p of plans) await buildHostRoot(p, now, seed, { journal: false });
  return { dir, plans };
}
