import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSshConfig } from "./ssh-config";

let home: string;
let file: string;
let sentinel: string;

/** A personal ~/.ssh/config as people keep them: an Include, aliases, tokens, a jump, `Host *` last. */
const CONFIG = (sentinel: string) => `# ~/.ssh/config
Include config.d/*

Host bastion
    HostName bastion-01.example.com
    User jump
    IdentityFile ~/.ssh/id_ed25519_bastion

Host web-01 web-02
    HostName %h.prod.example.com

Host db-01
    HostName 10.20.0.5
    Port 2202
    ProxyJump bastion

Host legacy-box
    ProxyCommand ssh -W %h:%p gateway

Host *.prod.example.com
    User deploy

Match exec "touch ${sentinel}"
    User pwned

Host github.com
    User git
    IdentityFile ~/.ssh/github

Host "old box" !nothing
    HostName=192.0.2.99

Host *
    User ops
    IdentityFile %d/.ssh/id_ed25519
    ServerAliveInterval 30
    IdentitiesOnly yes
`;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "ssh-config-"));
  sentinel = path.join(home, "match-exec-ran");
  fs.mkdirSync(path.join(home, ".ssh", "config.d"), { recursive: true });
  file = path.join(home, ".ssh", "config");
  fs.writeFileSync(file, CONFIG(sentinel));
  fs.writeFileSync(path.join(home, ".ssh", "config.d", "10-build"), "Host build-01\n  HostName 192.0.2.10\n  Port 2222\n  User=ci\n");
  fs.writeFileSync(path.join(home, ".ssh", "config.d", "20-bad"), "Host broken\n  Port 70000\n  HostName %z.example\n");
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const read = () => readSshConfig(file, { home, localUser: "dash", defaultUser: "root" });

describe("readSshConfig", () => {
  it("lists every alias without wildcards, Included files in place, `Host *` values as defaults", () => {
    const r = read();
    expect(r.entries.map((e) => e.name)).toEqual(["build-01", "broken", "bastion", "web-01", "web-02", "db-01", "legacy-box", "github.com", "old box"]);
    const byName = new Map(r.entries.map((e) => [e.name, e]));
    const summary = (n: string) => {
      const e = byName.get(n)!;
      return [e.address?.value, e.port?.value ?? null, e.user?.value ?? null, e.identityFile?.value ?? null, e.proxyJump?.value ?? null];
    };
    const key = (k: string) => path.join(home, ".ssh", k);
    expect(summary("build-01")).toEqual(["192.0.2.10", 2222, "ci", key("id_ed25519"), null]);
    expect(summary("bastion")).toEqual(["bastion-01.example.com", null, "jump", key("id_ed25519_bastion"), null]);
    // Patterns match the alias, not the HostName: `Host *.prod.example.com` does not apply to web-01.
    expect(summary("web-01")).toEqual(["web-01.prod.example.com", null, "ops", key("id_ed25519"), null]);
    expect(summary("web-02")).toEqual(["web-02.prod.example.com", null, "ops", key("id_ed25519"), null]);
    expect(summary("db-01")).toEqual(["10.20.0.5", 2202, "ops", key("id_ed25519"), "bastion"]);
    expect(summary("github.com")).toEqual(["github.com", null, "git", key("github"), null]);
    expect(summary("old box")).toEqual(["192.0.2.99", null, "ops", key("id_ed25519"), null]);
  });

  it("remembers the file and line of each value", () => {
    const db = read().entries.find((e) => e.name === "db-01")!;
    expect(db.origin).toEqual({ file, line: 12 });
    expect(db.port).toMatchObject({ file, line: 14, field: "Port", value: 2202 });
    expect(db.user).toMatchObject({ file, line: 34, field: "User" });
    const build = read().entries.find((e) => e.name === "build-01")!;
    expect(build.port).toMatchObject({ file: path.join(home, ".ssh", "config.d", "10-build"), line: 3 });
  });

  it("never runs Match exec: the block is ignored and said so", () => {
    const r = read();
    expect(fs.existsSync(sentinel)).toBe(false);
    expect(r.notes.join("\n")).toMatch(/config:23: Match block ignored/);
    expect(r.entries.every((e) => e.user?.value !== "pwned")).toBe(true);
  });

  it("reports mistakes on the host they belong to, with file and line", () => {
    const r = read();
    const problems = (n: string) => r.entries.find((e) => e.name === n)!.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.field}: ${p.message}`);
    expect(problems("broken")).toEqual([
      "20-bad:3: Host broken: HostName: unsupported token %z",
      "20-bad:2: Host broken: Port: not a port number: 70000",
    ]);
    expect(problems("legacy-box")).toEqual([expect.stringMatching(/^config:18: Host legacy-box: ProxyCommand: ProxyCommand is not supported/)]);
    expect(problems("web-01")).toEqual([]);
    expect(r.files).toEqual([file, path.join(home, ".ssh", "config.d", "10-build"), path.join(home, ".ssh", "config.d", "20-bad")]);
  });

  it("looks up names that are not hosts of the file (a jump hop) with the defaults that apply", () => {
    const r = read();
    expect(r.lookup("bastion").address?.value).toBe("bastion-01.example.com");
    const other = r.lookup("10.1.1.1");
    expect([other.address?.value, other.user?.value]).toEqual(["10.1.1.1", "ops"]);
  });

  it("throws only when the file itself cannot be read", () => {
    expect(() => readSshConfig(path.join(home, "nope"), { home })).toThrow(/cannot read .*nope: ENOENT/);
  });

  // ssh -G prints what ssh(1) itself makes of a config. The copy leaves out the Match block (ssh -G
  // would run its exec) and names the Include absolutely (ssh reads ~ from the password database).
  it.skipIf(!fs.existsSync("/usr/bin/ssh"))("agrees with `ssh -G` on host name, user, port, identity file and jump", () => {
    const copy = path.join(home, "ssh_config.copy");
    fs.writeFileSync(
      copy,
      CONFIG(sentinel)
        .replace(/^Match exec .*\n.*\n/m, "")
        .replace("Include config.d/*", `Include ${path.join(home, ".ssh", "config.d", "10-build")}`)
        .replace("%d/.ssh", path.join(home, ".ssh"))
        .replace(/~\/\.ssh/g, path.join(home, ".ssh")),
    );
    const r = readSshConfig(copy, { home, localUser: "dash" });
    for (const e of r.entries.filter((x) => x.problems.length === 0 && x.name !== "old box")) {
      const out = execFileSync("/usr/bin/ssh", ["-G", "-F", copy, e.name], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      const get = (k: string) => out.split("\n").filter((l) => l.startsWith(`${k} `)).map((l) => l.slice(k.length + 1));
      expect([e.name, e.address?.value]).toEqual([e.name, get("hostname")[0]]);
      expect([e.name, String(e.port?.value ?? 22)]).toEqual([e.name, get("port")[0]]);
      expect([e.name, e.user?.value]).toEqual([e.name, get("user")[0]]);
      expect([e.name, e.identityFile?.value]).toEqual([e.name, get("identityfile")[0]]);
      expect([e.name, e.proxyJump?.value ?? null]).toEqual([e.name, get("proxyjump")[0] ?? null]);
    }
  });
});
