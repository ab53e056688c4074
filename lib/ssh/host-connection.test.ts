/**
 * Host connections against real sshd: how the dashboard authenticates (a key file, a
 * passphrase-protected key file, an ssh-agent holding the key, a key the host does not accept), and
 * long-lived channels. Needs root (the simulated fleet).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimFleet, type SimFleet, type SimHost } from "@/lib/sim/fleet";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { FramedChannel } from "./framed-channel";
import { HandshakeAdmission } from "./handshake-admission";
import { HostConnection, SshError, type HostTarget } from "./host-connection";
import { HostKeyStore } from "./host-keys";

const isRoot = process.getuid?.() === 0;
let fleet: SimFleet;
let work: string;
let agent: ChildProcess | null = null;
const conns: HostConnection[] = [];

beforeAll(async () => {
  if (!isRoot) return;
  work = mkdtempSync(path.join(os.tmpdir(), "auth-it-"));
  fleet = await startSimFleet({ dir: await usableSimDir(".sim-test-auth"), hosts: 2, port: 2640, specials: false, seed: 8 });
}, 60_000);

afterAll(async () => {
  for (const c of conns) c.dispose();
  agent?.kill();
  await fleet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function connect(h: SimHost, auth: Pick<HostTarget, "privateKey" | "passphrase" | "agentSocket">): HostConnection {
  const c = new HostConnection(
    { name: h.name, address: h.address, port: h.port, user: "root", ...auth },
    { timeoutMs: 10_000, hostKeys: new HostKeyStore([fleet.knownHostsFile], "strict", null), handshakes: new HandshakeAdmission({ timeoutMs: 10_000, maxConcurrency: 4 }) },
  );
  conns.push(c);
  return c;
}

const served = () => fleet.hosts.find((h) => h.root !== null)!;

describe.skipIf(!isRoot || !existsSync("/usr/bin/ssh-agent"))("authentication (real sshd)", () => {
  it("with the key file", async () => {
    const res = await connect(served(), { privateKey: readFileSync(fleet.clientKeyFile), passphrase: null, agentSocket: null }).exec("echo in");
    expect(res.stdout.trim()).toBe("in");
  });

  it("with a passphrase-protected key file and its passphrase", async () => {
    const file = path.join(work, "encrypted_key");
    copyFileSync(fleet.clientKeyFile, file);
    execFileSync("/usr/bin/ssh-keygen", ["-q", "-p", "-P", "", "-N", "s3cret phrase", "-f", file]);
    const res = await connect(served(), { privateKey: readFileSync(file), passphrase: "s3cret phrase", agentSocket: null }).exec("echo in");
    expect(res.stdout.trim()).toBe("in");
  });

  it("with an ssh-agent holding the key (no key file)", async () => {
    const sock = path.join(work, "agent.sock");
    agent = spawn("/usr/bin/ssh-agent", ["-D", "-a", sock], { stdio: "ignore" });
    const until = Date.now() + 5000;
    while (!existsSync(sock) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    execFileSync("/usr/bin/ssh-add", ["-q", fleet.clientKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: "ignore" });
    const res = await connect(served(), { privateKey: null, passphrase: null, agentSocket: sock }).exec("echo in");
    expect(res.stdout.trim()).toBe("in");
  });

  it("with a key the host does not accept: an auth failure that says so", async () => {
    const file = path.join(work, "stranger_key");
    execFileSync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file]);
    const err = await connect(served(), { privateKey: readFileSync(file), passphrase: null, agentSocket: null }).exec("echo in").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect((err as SshError).failure).toBe("auth");
  });
});

describe.skipIf(!isRoot)("long-lived channels (real sshd)", () => {
  it("say how a process that ended at once ended, even when it did before anyone listened", async () => {
    const conn = connect(served(), { privateKey: readFileSync(fleet.clientKeyFile), passphrase: null, agentSocket: null });
    const ch = await conn.openChannel("echo refused here >&2; exit 7");
    // The exit status is in before the channel is wrapped (as with a host that refuses the reader).
    await new Promise((r) => setTimeout(r, 500));
    const framed = new FramedChannel(ch, "==> @end <==");
    const err = await framed.next(5000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect((err as SshError).message).toBe("the remote process exited with status 7: refused here");
  });
});
