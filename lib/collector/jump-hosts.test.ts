/**
 * Jump hosts against real sshd: two simulated bastions on loopback (PermitOpen lets bastion-01 reach
 * three hosts and bastion-02, and only bastion-02 reach the fourth) in front of simulated hosts
 * the dashboard never dials itself, configured the way a team keeps it: an ~/.ssh/config with
 * ProxyJump. Needs root (simulated fleet); skipped otherwise. Ports 2951, 2952, 2961.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { startBastion, type SimBastion } from "@/lib/sim/bastion";
import { ownConnectionsTo } from "@/lib/sim/tcp-connections";
import { startSimFleet, type SimFleet } from "@/lib/sim/fleet";
import { readHostState } from "@/lib/sim/host-state";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase } from "@/lib/store/sqlite";
import { FleetPoller } from "./fleet-poller";

const isRoot = process.getuid?.() === 0;
let fleet: SimFleet;
let b1: SimBastion;
let b2: SimBastion;
let work: string;
let config: FleetConfig;
let knownHosts: string;

const hostsBehind = () => fleet.hosts.slice(0, 3);
const twoHops = () => fleet.hosts[3]!;
const targets = () => fleet.hosts.map((h) => `${h.address}:${h.port}`);

async function writeKnownHosts(): Promise<void> {
  const sim = fs.readFileSync(fleet.knownHostsFile, "utf8");
  fs.writeFileSync(knownHosts, `${sim}${await b1.knownHostsLine()}\n${await b2.knownHostsLine()}\n`);
}

beforeAll(async () => {
  if (!isRoot) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), "jump-it-"));
  knownHosts = path.join(work, "known_hosts");
  fleet = await startSimFleet({ dir: await usableSimDir(".sim-test-jump"), hosts: 4, specials: false, port: 2961, seed: 5 });
  const authorizedKeysFile = path.join(fleet.dir, "authorized_keys");
  const [h1, h2, h3] = hostsBehind().map((h) => `${h.address}:${h.port}`);
  b1 = await startBastion({ dir: path.join(work, "b1"), name: "bastion-01", address: "127.0.30.1", port: 2951, authorizedKeysFile, permitOpen: [h1!, h2!, h3!, "127.0.30.2:2952"] });
  b2 = await startBastion({ dir: path.join(work, "b2"), name: "bastion-02", address: "127.0.30.2", port: 2952, authorizedKeysFile, permitOpen: [`${twoHops().address}:${twoHops().port}`] });
  await writeKnownHosts();
  const blocks = fleet.hosts.map(
    (h, i) => `Host ${h.name}\n    HostName ${h.address}\n    Port ${h.port}\n    ProxyJump ${i < 3 ? "bastion-01" : "bastion-01,bastion-02"}\n`,
  );
  fs.writeFileSync(
    path.join(work, "ssh_config"),
    `Host bastion-01\n    HostName 127.0.30.1\n    Port 2951\n\nHost bastion-02\n    HostName 127.0.30.2\n    Port 2952\n\n${blocks.join("\n")}\nHost *\n    User root\n    IdentityFile ${fleet.clientKeyFile}\n`,
  );
  const fleetFile = path.join(work, "fleet.yaml");
  fs.writeFileSync(
    fleetFile,
    `defaults:\n  identityFile: ${fleet.clientKeyFile}\n  knownHosts: ${knownHosts}\n  timeoutSeconds: 3\ninventory:\n  - sshConfig: ./ssh_config\n    exclude: ["bastion-*"]\n    tags: [behind-bastion]\n`,
  );
  config = loadFleetFile(fleetFile);
}, 90_000);

afterAll(async () => {
  await b1?.close();
  await b2?.close();
  await fleet?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function newPoller(name: string) {
  return FleetPoller.open(config, new FleetStore(openDatabase(path.join(work, name))), new HostKeyStore(config.knownHostsFiles, "strict", null), { kernelLog: false });
}

/** Polls (as the schedule would, backoff respected) until `done` holds. */
async function pollUntil(poller: FleetPoller, done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    await poller.pollAll();
    if (done()) return;
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const view = (p: FleetPoller, name: string) => p.hostView(name)!;

describe.skipIf(!isRoot)("jump hosts", () => {
  it("reads the config: every host behind bastion-01, the fourth through bastion-01 then bastion-02", () => {
    expect(config.hosts.map((h) => [h.name, h.jumps.map((j) => `${j.name}=${j.address}:${j.port}`).join(",")])).toEqual([
      ...hostsBehind().map((h) => [h.name, "bastion-01=127.0.30.1:2951"]),
      [twoHops().name, "bastion-01=127.0.30.1:2951,bastion-02=127.0.30.2:2952"],
    ]);
  });

  it("polls through one and two hops over one shared connection per bastion, never dialling a host itself", async () => {
    const poller = await newPoller("shared");
    try {
      await poller.pollAll();
      for (const h of fleet.hosts) {
        const st = (await readHostState(h.root!))!;
        expect([h.name, view(poller, h.name).status, view(poller, h.name).count]).toEqual([h.name, expect.stringMatching(/^(ok|warn|critical)$/), st.count]);
      }
      // One SSH connection to each bastion; bastion-01 forwards to its three hosts and to bastion-02.
      const c1 = await b1.connections();
      const c2 = await b2.connections();
      expect(c1.clients).toBe(1);
      expect(c1.forwarded.sort()).toEqual([...hostsBehind().map((h) => `${h.address}:${h.port}`), "127.0.30.2:2952"].sort());
      expect(c2).toEqual({ clients: 1, forwarded: [`${twoHops().address}:${twoHops().port}`] });
      expect(await ownConnectionsTo(process.pid, targets())).toBe(0);
      // Bastions go through the same handshake admission: 4 hosts + 2 bastions.
      expect(poller.handshakes.stats().completed).toBe(6);
      expect(poller.jumpPath(twoHops().name).map((j) => [j.name, j.connection])).toEqual([["bastion-01", "connected"], ["bastion-02", "connected"]]);
      expect(poller.jumps.stats().map((s) => [s.path, s.refs])).toEqual([
        ["root@127.0.30.1:2951", 4],
        ["root@127.0.30.1:2951,root@127.0.30.2:2952", 1],
      ]);

      // A second round reuses everything: still one connection per bastion, no new handshakes.
      await poller.pollAll();
      expect((await b1.connections()).clients).toBe(1);
      expect(poller.handshakes.stats().completed).toBe(6);
    } finally {
      await poller.stop();
    }
    // Stopping closes the jump connections too.
    await new Promise((r) => setTimeout(r, 300));
    expect((await b1.connections()).clients).toBe(0);
  }, 60_000);

  it("shows every host behind a dead bastion as unreachable via it, and recovers when it is back", async () => {
    const poller = await newPoller("down-up");
    try {
      await poller.pollAll();
      expect(fleet.hosts.every((h) => view(poller, h.name).status !== "unreachable")).toBe(true);
      await b1.stop();
      const allVia = () => fleet.hosts.every((h) => view(poller, h.name).error?.message === "via bastion-01: connection refused");
      await pollUntil(poller, allVia, 20_000);
      for (const h of fleet.hosts) {
        expect([h.name, view(poller, h.name).status, view(poller, h.name).error]).toEqual([h.name, "unreachable", { code: "unreachable", message: "via bastion-01: connection refused" }]);
      }
      expect(poller.jumpPath(hostsBehind()[0]!.name)[0]?.connection).toBe("backoff");

      await b1.start();
      await pollUntil(poller, () => fleet.hosts.every((h) => view(poller, h.name).error === null), 45_000);
      for (const h of fleet.hosts) expect([h.name, view(poller, h.name).error]).toEqual([h.name, null]);
      expect((await b1.connections()).clients).toBe(1);
    } finally {
      await poller.stop();
    }
  }, 90_000);

  it("refuses everything behind a bastion whose host key changed, and sends nothing through it", async () => {
    const poller = await newPoller("rekey");
    try {
      await b1.stop();
      await b1.rekey();
      await b1.start();
      await poller.pollAll();
      for (const h of fleet.hosts) {
        const v = view(poller, h.name);
        expect([h.name, v.status, v.error?.code]).toEqual([h.name, "hostkey", "hostkey"]);
        expect(v.error?.message).toMatch(/^via bastion-01: HOST KEY CHANGED: offered ssh-ed25519 SHA256:/);
      }
      expect(await b1.connections()).toEqual({ clients: 0, forwarded: [] });
    } finally {
      await poller.stop();
      // Put the new key in known_hosts for whatever runs next.
      await writeKnownHosts();
    }
  }, 60_000);
});
