import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetConfigError, formatProblem, parseFleetFile } from "./fleet-file";

let dir: string;
let file: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-inv-"));
  file = path.join(dir, "fleet.yaml");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "id_ed25519")]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "id_bastion")]);
  fs.writeFileSync(path.join(dir, "known_hosts"), "");
  fs.writeFileSync(
    path.join(dir, "ssh_config"),
    `Host bastion
    HostName 192.0.2.1
    User jump
    Port 2200
    IdentityFile ${path.join(dir, "id_bastion")}

Host web-01 web-02 web-old
    HostName %h.example.com

Host db-01
    HostName 10.0.0.5
    ProxyJump bastion

Host bad-01
    Port nope

Host *
    User ops
`,
  );
  fs.writeFileSync(
    path.join(dir, "hosts.ini"),
    `[lb]
lb[01:02].example.com ansible_host=10.1.0.1

[cache]
cache-01 ansible_host=10.2.0.1 ansible_user=redis ansible_become=yes
`,
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const head = `defaults:
  identityFile: ./id_ed25519
  knownHosts: ./known_hosts
`;

function problemsOf(text: string): string[] {
  try {
    parseFleetFile(text, file, {});
  } catch (err) {
    if (err instanceof FleetConfigError) return err.problems.map((p) => formatProblem(file, p).replaceAll(`${dir}/`, ""));
    throw err;
  }
  throw new Error("expected a FleetConfigError");
}

describe("fleet file with inventory sources", () => {
  it("merges hosts: and every selected inventory entry, source tags added, defaults below the inventory's values", () => {
    const cfg = parseFleetFile(
      `${head}  port: 2222
hosts:
  - name: mon-01
    address: 10.9.9.9
inventory:
  - sshConfig: ./ssh_config
    include: ["web-*", "db-*"]
    exclude: ["*-old"]
    tags: [from-ssh]
  - ansible: ./hosts.ini
    tags: [dc1]
`,
      file,
      {},
    );
    const rows = cfg.hosts.map((h) => [h.name, h.address, h.port, h.user, h.sudo, h.tags.join(","), h.jumps.map((j) => `${j.user}@${j.address}:${j.port}`).join(",")]);
    expect(rows).toEqual([
      ["mon-01", "10.9.9.9", 2222, "root", false, "", ""],
      ["web-01", "web-01.example.com", 2222, "ops", false, "from-ssh", ""],
      ["web-02", "web-02.example.com", 2222, "ops", false, "from-ssh", ""],
      ["db-01", "10.0.0.5", 2222, "ops", false, "from-ssh", "jump@192.0.2.1:2200"],
      ["lb01.example.com", "10.1.0.1", 2222, "root", false, "lb,dc1", ""],
      ["lb02.example.com", "10.1.0.1", 2222, "root", false, "lb,dc1", ""],
      ["cache-01", "10.2.0.1", 2222, "redis", true, "cache,dc1", ""],
    ]);
    // The bastion hop brings its own key from ssh_config; the host keeps the fleet default.
    const db = cfg.hosts.find((h) => h.name === "db-01")!;
    expect(db.jumps[0]?.privateKey?.equals(fs.readFileSync(path.join(dir, "id_bastion")))).toBe(true);
    expect(db.privateKey?.equals(fs.readFileSync(path.join(dir, "id_ed25519")))).toBe(true);
    expect(db.jumps[0]?.name).toBe("bastion");
    expect(db.source).toBe(`${path.join(dir, "ssh_config")}:10`);
    expect(cfg.hosts[0]?.source).toBe(`${file}:6`);
    expect(cfg.watchFiles).toEqual([file, path.join(dir, "ssh_config"), path.join(dir, "hosts.ini"), path.join(dir, "group_vars"), path.join(dir, "host_vars")]);
  });

  it("names both places when a host is defined twice", () => {
    expect(problemsOf(`${head}hosts:\n  - name: cache-01\n    address: 10.0.0.1\ninventory:\n  - ansible: ./hosts.ini\n`)).toEqual([
      `hosts.ini:5: [cache] cache-01: duplicate host name cache-01: defined here and at fleet.yaml:5 (hosts[0] (cache-01).name); exclude one of them`,
    ]);
  });

  it("reports a mistake in a selected entry at its own file and line, none for an excluded one", () => {
    expect(problemsOf(`${head}inventory:\n  - sshConfig: ./ssh_config\n`)).toEqual(["ssh_config:15: Host bad-01: Port: not a port number: nope"]);
    expect(parseFleetFile(`${head}inventory:\n  - sshConfig: ./ssh_config\n    exclude: [bad-*]\n`, file, {}).hosts.map((h) => h.name)).toEqual([
      "bastion", "web-01", "web-02", "web-old", "db-01",
    ]);
  });

  it("refuses a source it cannot read, a selection that matches nothing, and a source of two kinds", () => {
    expect(problemsOf(`${head}inventory:\n  - sshConfig: ./missing\n`)).toEqual(["fleet.yaml:5: inventory[0].sshConfig: cannot read missing: ENOENT"]);
    expect(problemsOf(`${head}inventory:\n  - ansible: ./hosts.ini\n    include: [nothing-*]\n`)).toEqual([
      `fleet.yaml:6: inventory[0].include: no host of hosts.ini matches include ["nothing-*"]`,
    ]);
    expect(problemsOf(`${head}inventory:\n  - ansible: ./hosts.ini\n    sshConfig: ./ssh_config\n`)).toEqual(["fleet.yaml:5: inventory[0]: give exactly one of sshConfig or ansible"]);
  });

  it("resolves jumps: defaults, several hops, fleet hosts as hops, `none`, and refuses loops and bad syntax", () => {
    const cfg = parseFleetFile(
      `${head}  proxyJump: gw.example.com
hosts:
  - name: a
    address: 10.0.0.1
  - name: b
    address: 10.0.0.2
    proxyJump: "ops@[2001:db8::1]:2222,a"
  - name: c
    address: 10.0.0.3
    proxyJump: none
`,
      file,
      {},
    );
    const path_ = (n: string) => cfg.hosts.find((h) => h.name === n)!.jumps.map((j) => `${j.name}=${j.user}@${j.address}:${j.port}`);
    expect(path_("a")).toEqual(["gw.example.com=root@gw.example.com:22"]);
    // Hop `a` is a fleet host: its address, and its own jump (the default) before it.
    expect(path_("b")).toEqual(["2001:db8::1=ops@2001:db8::1:2222", "gw.example.com=root@gw.example.com:22", "a=root@10.0.0.1:22"]);
    expect(path_("c")).toEqual([]);

    expect(problemsOf(`${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    proxyJump: b\n  - name: b\n    address: 10.0.0.2\n    proxyJump: a\n`)).toEqual([
      "fleet.yaml:10: hosts[1] (b).proxyJump: jump hosts loop or nest deeper than 8: a -> b -> a",
      "fleet.yaml:7: hosts[0] (a).proxyJump: jump hosts loop or nest deeper than 8: b -> a -> b",
    ]);
    expect(problemsOf(`${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    proxyJump: "ops@gw:99999"\n`)).toEqual([
      "fleet.yaml:7: hosts[0] (a).proxyJump: ProxyJump ops@gw:99999: not a port number: 99999",
    ]);
  });
});
