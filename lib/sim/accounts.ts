/**
 * The simulated fleet's non-root logins. sshd looks a user up in THIS machine's account database
 * before it enters a host's chroot, so the accounts are real ones here (created once, idempotently, as
 * system accounts with no password and an unlocked `*` entry: sshd without PAM refuses `!`-locked
 * accounts); inside each chroot they exist again in its /etc/passwd, /etc/group and /etc/shadow, which
 * is what bash and sudo read there.
 *
 * - `ctfleet-ops`: has `NOPASSWD: ALL` in the sudoers of every host that has sudo ("allowed").
 * - `ctfleet-nosudo`: has no rule anywhere ("sudo but not allowed": `sudo -n` asks for a password).
 * Hosts without sudo (SimHost.sudo "absent") get no sudoers and no sudo binary at all ("no sudo").
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const execFileP = promisify(execFile);

export const SIM_SUDO_USER = "ctfleet-ops";
export const SIM_PLAIN_USER = "ctfleet-nosudo";

export interface SimAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

async function lookup(name: string): Promise<SimAccount | null> {
  const passwd = await fs.readFile("/etc/passwd", "utf8");
  const f = passwd.split("\n").map((l) => l.split(":")).find((x) => x[0] === name);
  return f ? { name, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? `/home/${name}` } : null;
}

async function ensureAccount(name: string): Promise<SimAccount> {
  let acct = await lookup(name);
  if (acct === null) {
    await execFileP("/usr/sbin/useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", `/home/${name}`, "--shell", "/bin/bash", name]);
    acct = await lookup(name);
    if (acct === null) throw new Error(`useradd ${name} succeeded but the account is not in /etc/passwd`);
  }
  const shadow = await fs.readFile("/etc/shadow", "utf8");
  const hash = shadow.split("\n").map((l) => l.split(":")).find((x) => x[0] === name)?.[1] ?? "";
  if (hash.startsWith("!")) await execFileP("/usr/sbin/usermod", ["-p", "*", name]);
  return acct;
}

let accounts: Promise<SimAccount[]> | null = null;

/** Both accounts, created on first use in this process. Needs root. */
export function ensureSimAccounts(): Promise<SimAccount[]> {
  accounts ??= (async () => [await ensureAccount(SIM_SUDO_USER), await ensureAccount(SIM_PLAIN_USER)])();
  return accounts;
}

/** Debian-like PAM stack for sudo inside a chroot: pam_unix against the chroot's own /etc/shadow. */
const PAM_SUDO = "#%PAM-1.0\nauth       required   pam_unix.so\naccount    required   pam_unix.so\nsession    required   pam_unix.so\n";

/**
 * The accounts inside one host's root, and sudo as the host has it: a sudoers file (root-owned,
 * 0440, as sudo insists) allowing only SIM_SUDO_USER, or, for a host without sudo, a one-entry overlay
 * layer whose whiteout hides /usr/bin/sudo (the sim's sshd mounts it under /usr), so the shell
 * there answers `sudo: command not found` like a host where it was never installed.
 */
export async function writeAccountsInRoot(root: string, sudo: "installed" | "absent"): Promise<void> {
  const list = await ensureSimAccounts();
  const at = (rel: string): string => path.join(root, rel);
  await fs.appendFile(at("etc/passwd"), list.map((a) => `${a.name}:x:${a.uid}:${a.gid}::${a.home}:/bin/bash\n`).join(""));
  await fs.appendFile(at("etc/group"), list.map((a) => `${a.name}:x:${a.gid}:\n`).join(""));
  const shadow = ["root", ...list.map((a) => a.name)].map((n) => `${n}:*:19000:0:99999:7:::\n`).join("");
  await fs.writeFile(at("etc/shadow"), shadow, { mode: 0o640 });
  for (const a of list) {
    await fs.mkdir(at(a.home), { recursive: true, mode: 0o755 });
    await fs.chown(at(a.home), a.uid, a.gid);
  }
  if (sudo === "installed") {
    await fs.mkdir(at("etc/pam.d"), { recursive: true, mode: 0o755 });
    await fs.writeFile(at("etc/pam.d/sudo"), PAM_SUDO, { mode: 0o644 });
    await fs.writeFile(at("etc/sudoers"), `Defaults\tenv_reset\nDefaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\nroot\tALL=(ALL:ALL) ALL\n${SIM_SUDO_USER}\tALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
    await fs.chmod(at("etc/sudoers"), 0o440);
  } else {
    const layer = at(".sim/usr-without-sudo/bin");
    await fs.mkdir(layer, { recursive: true, mode: 0o755 });
    // An overlayfs whiteout is a 0:0 character device; Node has no mknod.
    await execFileP("/usr/bin/mknod", [path.join(layer, "sudo"), "c", "0", "0"]);
  }
}
