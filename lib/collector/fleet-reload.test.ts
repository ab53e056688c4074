/**
 * Reloading the fleet while it runs, against a real simulated fleet: an Ansible inventory and the
 * fleet file are edited on disk, the watcher notices, the poller gains, loses and re-tags hosts; a
 * bad edit keeps the last good configuration running. Needs root; skipped otherwise. Port 2970.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFleetFile } from "@/lib/config/fleet-file";
import { ownConnectionsTo } from "@/lib/sim/tcp-connections";
import { startSimFleet, type SimFleet, type SimHost } from "@/lib/sim/fleet";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase } from "@/lib/store/sqlite";
import { FleetPoller } from "./fleet-poller";
import { FleetReloader } from "./fleet-reload";

const isRoot = process.getuid?.() === 0;
let fleet: SimFleet;
let work: string;
let fleetFile: string;
let inventory: string;

const line = (h: SimHost, vars = "") => `${h.name} ansible_host=${h.address} ansible_port=${h.port}${vars}`;
const fleetYaml = (extraHosts = "") =>
  `defaults:\n  identityFile: ${fleet.clientKeyFile}\n  knownHosts: ${fleet.knownHostsFile}\n  timeoutSeconds: 3\n` +
  `hosts:${extraHosts ? `\n${extraHosts}` : " []"}\ninventory:\n  - ansible: ./hosts.ini\n    tags: [inv]\n`;

beforeAll(async () => {
  if (!isRoot) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), "reload-it-"));
  fleet = await startSimFleet({ dir: await usableSimDir(".sim-test-reload"), hosts: 4, specials: false, port: 2970, seed: 9 });
  fleetFile = path.join(work, "fleet.yaml");
  inventory = path.join(work, "hosts.ini");
  const [a, b] = fleet.hosts;
  fs.writeFileSync(inventory, `[web]\n${line(a!)}\n${line(b!)}\n`);
  fs.writeFileSync(fleetFile, fleetYaml());
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Resolves with the next line the reloader logs. */
function nextLog(box: { wait: ((line: string) => void) | null }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no reload within 10 s")), 10_000);
    box.wait = (l) => {
      clearTimeout(timer);
      box.wait = null;
      resolve(l);
    };
  });
}

describe.skipIf(!isRoot)("reloading the fleet on change", () => {
  it("adds, removes and re-tags hosts without a restart; a bad edit keeps the last good fleet running", async () => {
    const [a, b, c, d] = fleet.hosts as [SimHost, SimHost, SimHost, SimHost];
    const config = loadFleetFile(fleetFile);
    const store = new FleetStore(openDatabase(path.join(work, "data")));
    const poller = await FleetPoller.open(config, store, new HostKeyStore(config.knownHostsFiles, "strict", null), { kernelLog: false });
    const box: { wait: ((line: string) => void) | null } = { wait: null };
    const logs: string[] = [];
    const reloader = new FleetReloader(config, { poller, debounceMs: 150, pollMs: 1_000, log: (l) => (logs.push(l), box.wait?.(l)) });
    const names = () => poller.hosts().map((h) => h.name);
    const addr = (h: SimHost) => `${h.address}:${h.port}`;
    try {
      await poller.pollAll();
      expect(names()).toEqual([a.name, b.name]);
      expect(await ownConnectionsTo(process.pid, [addr(a)])).toBe(1);

      // The inventory changes: a leaves, c joins, b gets another group.
      let reloaded = nextLog(box);
      fs.writeFileSync(inventory, `[web]\n${line(b)}\n${line(c)}\n\n[eu]\n${b.name}\n`);
      expect(await reloaded).toMatch(new RegExp(`reloaded .*: 2 hosts; added ${c.name}; removed ${a.name}$`));
      expect(names()).toEqual([b.name, c.name]);
      expect(poller.hostView(b.name)?.tags).toEqual(["web", "eu", "inv"]);
      await poller.pollAll();
      expect(poller.hostView(c.name)?.status).toMatch(/^(ok|warn|critical)$/);
      // The removed host's connection is closed; its history stays in the store.
      expect(await ownConnectionsTo(process.pid, [addr(a)])).toBe(0);
      expect(await store.lastOkSample(a.name)).not.toBeNull();

      // A mistake: refused, logged with file, line and field; the running fleet is untouched.
      reloaded = nextLog(box);
      fs.writeFileSync(inventory, `[web]\n${line(b)}\n${c.name} ansible_host=${c.address} ansible_port=http\n`);
      expect(await reloaded).toContain(`${inventory}:3: [web] ${c.name}: ansible_port: not a port number: http`);
      expect(reloader.status.error?.problems).toEqual([`${inventory}:3: [web] ${c.name}: ansible_port: not a port number: http`]);
      expect(names()).toEqual([b.name, c.name]);
      await poller.pollAll();
      expect(poller.hostView(c.name)?.error).toBeNull();

      // Fixed, and the fleet file itself gains a host: both are read again.
      reloaded = nextLog(box);
      fs.writeFileSync(inventory, `[web]\n${line(b)}\n${line(c)}\n`);
      fs.writeFileSync(fleetFile, fleetYaml(`  - name: ${d.name}\n    address: ${d.address}\n    port: ${d.port}`));
      expect(await reloaded).toMatch(new RegExp(`reloaded .*: 3 hosts; added ${d.name}$`));
      expect(reloader.status.error).toBeNull();
      expect(names()).toEqual([d.name, b.name, c.name]);
      await poller.pollAll();
      expect(poller.hostView(d.name)?.status).toMatch(/^(ok|warn|critical)$/);

      // A host whose address changes gets a new connection (here: to the address of a, on the same sim).
      reloaded = nextLog(box);
      fs.writeFileSync(inventory, `[web]\n${line(b)}\n${c.name} ansible_host=${a.address} ansible_port=${a.port}\n`);
      expect(await reloaded).toMatch(new RegExp(`reconnecting ${c.name}$`));
      await poller.pollAll();
      expect(await ownConnectionsTo(process.pid, [addr(c)])).toBe(0);
      expect(await ownConnectionsTo(process.pid, [addr(a)])).toBe(1);
      expect(poller.hostView(c.name)?.address).toBe(a.address);
    } finally {
      reloader.close();
      await poller.stop();
    }
    expect(logs.filter((l) => l.includes("refused"))).toHaveLength(1);
  }, 90_000);
});
