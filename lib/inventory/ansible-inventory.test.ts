import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shlexSplit } from "./ansible-ini";
import { readAnsibleInventory } from "./ansible-inventory";
import { expandHostRange } from "./host-patterns";
import type { InventoryEntry } from "./types";

/** The shape of a production INI inventory: ranges, host:port, children of children, :vars, comments. */
const INI = `# production — managed by ops
mail.example.com

[webservers]
www[01:03].example.com
web-legacy.example.com:2222 ansible_user=centos   # old box
foo.example.com ansible_host=192.0.2.50 ansible_port=5555 ansible_become=True

[dbservers]
db-[a:c].example.com ansible_user=postgres
one.example.com ansible_ssh_private_key_file=~/.ssh/db_key

[atlanta]
host1 ansible_host=10.0.1.1
host2 ansible_host="10.0.1.2"

[raleigh]
host2
host3 ansible_host=10.0.2.3 ansible_connection=local

[southeast:children]
atlanta
raleigh

[usa:children]
southeast

[southeast:vars]
ansible_user=ops
ansible_become=yes

[atlanta:vars]
ansible_user=atl-ops
ansible_ssh_common_args='-o ProxyJump=jump@bastion.atl.example.com:2200'

[all:vars]
ansible_port=22
ansible_user=deploy
`;

/** The same kind of fleet in YAML, as `ansible-inventory -y` writes and people keep it. */
const YAML = `all:
  vars:
    ansible_user: deploy
  hosts:
    mail.example.com:
  children:
    k8s:
      children:
        control:
          hosts:
            k8s-cp-[1:3].example.com:
              ansible_become: true
        workers:
          hosts:
            k8s-node-[01:10:3].example.com:
          vars:
            ansible_ssh_private_key_file: keys/workers
    monitoring:
      hosts:
        prom-01.example.com:
          ansible_host: 10.9.0.5
          ansible_port: 2201
        k8s-cp-1.example.com:
`;

let dir: string;
let iniFile: string;
let yamlFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ansible-inv-"));
  iniFile = path.join(dir, "hosts");
  yamlFile = path.join(dir, "yaml", "inventory.yml");
  fs.writeFileSync(iniFile, INI);
  fs.mkdirSync(path.join(dir, "group_vars", "dbservers"), { recursive: true });
  fs.mkdirSync(path.join(dir, "host_vars"));
  fs.writeFileSync(path.join(dir, "group_vars", "webservers.yml"), "---\nansible_user: www-admin\nntp_server: ntp.example.com\n");
  fs.writeFileSync(path.join(dir, "group_vars", "dbservers", "ssh.yml"), "ansible_port: 2022\n");
  fs.writeFileSync(path.join(dir, "host_vars", "www02.example.com.yml"), "ansible_host: 10.0.0.2\n");
  fs.mkdirSync(path.dirname(yamlFile));
  fs.writeFileSync(yamlFile, YAML);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const home = "/home/dash";
const brief = (e: InventoryEntry) => ({
  address: e.address?.value, port: e.port?.value ?? null, user: e.user?.value ?? null, sudo: e.sudo?.value ?? null,
  key: e.identityFile?.value ?? null, jump: e.proxyJump?.value ?? null, tags: e.tags,
});

describe("expandHostRange", () => {
  it.each([
    ["www[01:03].example.com", ["www01.example.com", "www02.example.com", "www03.example.com"]],
    ["db-[a:c]", ["db-a", "db-b", "db-c"]],
    ["node[0:20:10]", ["node0", "node10", "node20"]],
    ["node[:2]", ["node0", "node1", "node2"]],
    ["r[1:2]-c[1:2]", ["r1-c1", "r1-c2", "r2-c1", "r2-c2"]],
    ["plain.example.com", ["plain.example.com"]],
    ["[1:3]leading", ["[1:3]leading"]], // ansible does not treat a leading bracket as a range
  ])("%s", (pattern, hosts) => expect(expandHostRange(pattern)).toEqual(hosts));

  it.each([["web[01:100]", /same width/], ["web[1:]", /no end/], ["web[1:5:0]", /step/], ["web[1:z]", /numbers or both letters/], ["w[1:999999]", /more than/]])(
    "%s is refused",
    (pattern, message) => expect(() => expandHostRange(pattern)).toThrow(message),
  );
});

describe("shlexSplit", () => {
  it("splits like Python's shlex with comments", () => {
    expect(shlexSplit(`h a=1 b="x y" c='z' # tail`)).toEqual(["h", "a=1", "b=x y", "c=z"]);
    expect(shlexSplit(`h args='-o ProxyJump=j@b:22'`)).toEqual(["h", "args=-o ProxyJump=j@b:22"]);
    expect(() => shlexSplit(`h a="open`)).toThrow(/no closing quotation/);
  });
});

describe("readAnsibleInventory (INI)", () => {
  it("expands ranges, layers group vars, group_vars and host_vars, turns groups into tags", () => {
    const r = readAnsibleInventory(iniFile, { home });
    const by = new Map(r.entries.map((e) => [e.name, e]));
    expect(r.entries.map((e) => e.name)).toEqual([
      "mail.example.com", "www01.example.com", "www02.example.com", "www03.example.com", "web-legacy.example.com", "foo.example.com",
      "db-a.example.com", "db-b.example.com", "db-c.example.com", "one.example.com", "host1", "host2",
    ]);
    expect(brief(by.get("mail.example.com")!)).toEqual({ address: "mail.example.com", port: 22, user: "deploy", sudo: null, key: null, jump: null, tags: [] });
    // group_vars/webservers.yml beats [all:vars]; host_vars beats everything.
    expect(brief(by.get("www02.example.com")!)).toMatchObject({ address: "10.0.0.2", user: "www-admin", tags: ["webservers"] });
    // An inline host var beats group_vars; host:port sets the port.
    expect(brief(by.get("web-legacy.example.com")!)).toMatchObject({ port: 2222, user: "centos" });
    expect(brief(by.get("foo.example.com")!)).toMatchObject({ address: "192.0.2.50", port: 5555, sudo: true });
    // group_vars/dbservers/ssh.yml (a directory of files).
    expect(brief(by.get("db-b.example.com")!)).toMatchObject({ port: 2022, user: "postgres", tags: ["dbservers"] });
    expect(brief(by.get("one.example.com")!).key).toBe("/home/dash/.ssh/db_key");
    // Child group vars beat parent group vars; tags are the groups up the children chain.
    expect(brief(by.get("host1")!)).toEqual({
      address: "10.0.1.1", port: 22, user: "atl-ops", sudo: true, key: null, jump: "jump@bastion.atl.example.com:2200", tags: ["atlanta", "southeast", "usa"],
    });
    expect(brief(by.get("host2")!)).toMatchObject({ address: "10.0.1.2", tags: ["atlanta", "raleigh", "southeast", "usa"] });
    expect(r.notes).toEqual([`${iniFile}: host3 left out: ansible_connection=local is not SSH`]);
    expect(r.entries.flatMap((e) => e.problems)).toEqual([]);
  });

  it("knows where each value was set", () => {
    const r = readAnsibleInventory(iniFile, { home });
    const host1 = r.entries.find((e) => e.name === "host1")!;
    expect(host1.origin).toEqual({ file: iniFile, line: 14 });
    expect(host1.label).toBe("[atlanta] host1");
    expect(host1.user).toMatchObject({ file: iniFile, line: 33, field: "ansible_user" });
    expect(r.entries.find((e) => e.name === "db-b.example.com")!.port).toMatchObject({ file: path.join(dir, "group_vars", "dbservers", "ssh.yml"), line: 1 });
  });

  it("reports mistakes with file, line and the host", () => {
    const bad = path.join(dir, "bad.ini");
    fs.writeFileSync(bad, "[web]\nweb[01:100]\nok ansible_port=http ansible_become=maybe\ntpl ansible_host='{{ inventory_hostname }}.int'\n[web:oops]\nx\n[db]\nd ansible_become=true ansible_become_method=su\n");
    fs.mkdirSync(path.join(dir, "host_vars"), { recursive: true });
    const vaulted = path.join(dir, "host_vars", "d.yml");
    fs.writeFileSync(vaulted, "ansible_user: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  66386439653765386161\n");
    const r = readAnsibleInventory(bad, { home });
    const all = [...r.problems, ...r.entries.flatMap((e) => e.problems)].map((p) => `${p.line}: ${p.field}: ${p.message}`);
    expect(all).toEqual([
      "2: [web] web[01:100]: host range web[01:100]: zero-padded begin and end must have the same width",
      "5: [web:oops]: section type must be vars or children",
      "3: [web] ok: ansible_port: not a port number: http",
      "3: [web] ok: ansible_become: not a boolean: maybe",
      "4: [web] tpl: ansible_host: templated values ({{ … }}) are not evaluated: give the value itself",
      "1: [db] d: ansible_user: vault-encrypted values are not decrypted: give the value itself",
      "8: [db] d: ansible_become_method: only sudo is supported, not su",
    ]);
    fs.rmSync(vaulted);
  });
});

describe("readAnsibleInventory (YAML)", () => {
  it("reads groups, nested children, ranges with a step and vars", () => {
    const r = readAnsibleInventory(yamlFile, { home });
    const by = new Map(r.entries.map((e) => [e.name, e]));
    expect(r.entries.map((e) => e.name)).toEqual([
      "mail.example.com", "k8s-cp-1.example.com", "k8s-cp-2.example.com", "k8s-cp-3.example.com",
      "k8s-node-01.example.com", "k8s-node-04.example.com", "k8s-node-07.example.com", "k8s-node-10.example.com", "prom-01.example.com",
    ]);
    expect(brief(by.get("k8s-cp-1.example.com")!)).toMatchObject({ sudo: true, user: "deploy", tags: ["k8s", "control", "monitoring"] });
    expect(brief(by.get("k8s-node-04.example.com")!)).toMatchObject({ key: path.join(dir, "yaml", "keys", "workers"), tags: ["k8s", "workers"] });
    expect(brief(by.get("prom-01.example.com")!)).toMatchObject({ address: "10.9.0.5", port: 2201 });
    expect(by.get("prom-01.example.com")!.port).toMatchObject({ line: 22 });
  });

  it("reports structural mistakes with their line", () => {
    const bad = path.join(dir, "bad.yml");
    fs.writeFileSync(bad, "all:\n  hosts:\n    - a\n  childs:\n    x: {}\n");
    const r = readAnsibleInventory(bad, { home });
    expect(r.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
      "3: all.hosts: hosts is a map of host names (to their vars)",
      "4: all.childs: unknown key in a group (expected hosts, vars or children)",
    ]);
  });
});

// The real thing, where installed (Debian: ansible-core). The product never needs it.
const ansibleInventory = ["/usr/bin/ansible-inventory"].find((p) => fs.existsSync(p));
describe.skipIf(!ansibleInventory)("cross-check with ansible-inventory --list", () => {
  it.each([["INI", () => iniFile], ["YAML", () => yamlFile]])("%s: the same hosts, addresses, ports, users, become and groups", (_kind, fileOf) => {
    const file = fileOf();
    const out = execFileSync(ansibleInventory!, ["-i", file, "--list"], {
      encoding: "utf8",
      env: { ...process.env, ANSIBLE_LOCAL_TEMP: path.join(dir, ".ansible-tmp"), ANSIBLE_HOME: path.join(dir, ".ansible"), ANSIBLE_INVENTORY_UNPARSED_WARNING: "False" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const listed = JSON.parse(out) as Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };
    const hostvars = listed._meta.hostvars;
    const ours = readAnsibleInventory(file, { home });
    const local = Object.keys(hostvars).filter((h) => hostvars[h]?.ansible_connection === "local");
    expect(ours.entries.map((e) => e.name).sort()).toEqual(Object.keys(hostvars).filter((h) => !local.includes(h)).sort());

    const groupsOf = (host: string): string[] => {
      const out = new Set<string>();
      const visit = (g: string, trail: string[]) => {
        const node = listed[g];
        if (!node) return;
        if (node.hosts?.includes(host)) trail.forEach((t) => out.add(t));
        for (const c of node.children ?? []) visit(c, [...trail, c]);
      };
      visit("all", []);
      out.delete("ungrouped");
      return [...out].sort();
    };
    for (const e of ours.entries) {
      const v = hostvars[e.name] ?? {};
      const theirs = {
        address: String(v.ansible_host ?? e.name),
        port: v.ansible_port === undefined ? null : Number(v.ansible_port),
        user: v.ansible_user === undefined ? null : String(v.ansible_user),
        sudo: v.ansible_become === undefined ? null : v.ansible_become === true || /^(yes|true)$/i.test(String(v.ansible_become)),
      };
      expect({ name: e.name, address: e.address?.value, port: e.port?.value ?? null, user: e.user?.value ?? null, sudo: e.sudo?.value ?? null }).toEqual({ name: e.name, ...theirs });
      expect([e.name, [...e.tags].sort()]).toEqual([e.name, groupsOf(e.name)]);
    }
  });
});
