/**
 * Hosts from an Ansible inventory (INI or YAML, by file extension as ansible decides), with the
 * `group_vars/` and `host_vars/` beside it. Vars are layered as ansible layers them: inventory group
 * vars (by group depth, then name) < group_vars/all < group_vars/<group> < inventory host vars <
 * host_vars/<host>. Groups (and the groups above them through `children`) become tags.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LineCounter, isMap, isScalar, parseDocument, type Node } from "yaml";
import type { AnsibleGroup, AnsibleInventory, AnsibleVar } from "./ansible-model";
import { parseAnsibleIni } from "./ansible-ini";
import { parseAnsibleYaml } from "./ansible-yaml";
import type { InventoryEntry, InventoryProblem, InventoryRead, Sourced } from "./types";

const IMPLICIT = new Set(["all", "ungrouped"]);
const SSH_CONNECTIONS = new Set(["ssh", "smart", "paramiko", "paramiko_ssh"]);

/** Ansible's boolean(): the strings and numbers it takes for yes and no. */
export function ansibleBoolean(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  const s = String(v).toLowerCase().trim();
  if (["y", "yes", "on", "1", "true", "t", "1.0"].includes(s)) return true;
  if (["n", "no", "off", "0", "false", "f", "0.0"].includes(s)) return false;
  return null;
}

/** Group depth as ansible counts it: `all` 0, its direct children 1, one more per `children` level. */
function depths(inv: AnsibleInventory): Map<string, number> {
  const parents = new Map<string, string[]>();
  for (const g of inv.groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name]);
  const memo = new Map<string, number>();
  const depth = (name: string, seen: Set<string>): number => {
    if (name === "all") return 0;
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    if (seen.has(name)) return 1; // a cycle: ansible refuses it; reported below
    seen.add(name);
    const ps = (parents.get(name) ?? []).filter((p) => p !== "all");
    const d = ps.length === 0 ? 1 : 1 + Math.max(...ps.map((p) => depth(p, seen)));
    memo.set(name, d);
    return d;
  };
  for (const g of inv.groups.keys()) depth(g, new Set());
  return memo;
}

/** Every group that holds the host, directly or through children, in inventory order. */
function groupsOf(inv: AnsibleInventory, host: string): AnsibleGroup[] {
  const direct = new Set([...inv.groups.values()].filter((g) => g.hosts.has(host)).map((g) => g.name));
  const out = new Set<string>(direct);
  let grew = true;
  while (grew) {
    grew = false;
    for (const g of inv.groups.values()) {
      if (!out.has(g.name) && [...g.children].some((c) => out.has(c))) {
        out.add(g.name);
        grew = true;
      }
    }
  }
  return [...inv.groups.values()].filter((g) => out.has(g.name));
}

type VarsFiles = { group: (name: string) => Map<string, AnsibleVar>; host: (name: string) => Map<string, AnsibleVar> };

/** `group_vars/<name>{,.yml,.yaml,.json}` or every such file in `group_vars/<name>/`. */
function readVarsDir(dir: string, files: string[], problems: InventoryProblem[]): (name: string) => Map<string, AnsibleVar> {
  const cache = new Map<string, Map<string, AnsibleVar>>();
  return (name) => {
    const hit = cache.get(name);
    if (hit) return hit;
    const out = new Map<string, AnsibleVar>();
    cache.set(name, out);
    const candidates = ["", ".yml", ".yaml", ".json"].map((ext) => path.join(dir, name + ext));
    // The operator's inventory, read at run time (turbopackIgnore: nothing here is a project file to
    // trace into the build).
    for (const c of candidates) {
      let st: fs.Stats;
      try {
        st = fs.statSync(/* turbopackIgnore: true */ c);
      } catch {
        continue;
      }
      const list = st.isDirectory()
        ? fs.readdirSync(/* turbopackIgnore: true */ c).sort().filter((f) => /\.(ya?ml|json)$/.test(f) || !f.includes(".")).map((f) => path.join(c, f))
        : [c];
      for (const f of list) {
        files.push(f);
        const lc = new LineCounter();
        const doc = parseDocument(fs.readFileSync(f, "utf8"), { lineCounter: lc, prettyErrors: false });
        if (doc.errors.length > 0) {
          problems.push({ file: f, line: lc.linePos(doc.errors[0]!.pos[0]).line, field: "(yaml)", message: doc.errors[0]!.message.split("\n")[0]! });
          continue;
        }
        if (!isMap(doc.contents)) continue;
        for (const pair of doc.contents.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : "";
          const value = pair.value && typeof (pair.value as Node).toJSON === "function" ? (pair.value as Node).toJSON() : null;
          out.set(key, { value, file: f, line: pair.key && (pair.key as Node).range ? lc.linePos((pair.key as Node).range![0]).line : null });
        }
      }
    }
    return out;
  };
}

/** `-J hop` or `-o ProxyJump=hop` in ansible_ssh_common_args / ansible_ssh_extra_args. */
function jumpFromArgs(args: string): { jump: string | null; proxyCommand: boolean } {
  const j = /(?:^|\s)-J\s*(\S+)/.exec(args) ?? /-o\s*['"]?ProxyJump[=\s]+([^'"\s]+)/i.exec(args);
  return { jump: j?.[1] ?? null, proxyCommand: /ProxyCommand/i.test(args) };
}

export interface AnsibleOptions {
  home?: string;
}

export function resolveAnsibleHosts(inv: AnsibleInventory, vars: VarsFiles, options: AnsibleOptions = {}): InventoryRead {
  const home = options.home ?? os.homedir();
  const depth = depths(inv);
  const notes: string[] = [];
  const entries: InventoryEntry[] = [];
  for (const h of inv.hosts.values()) {
    const groups = groupsOf(inv, h.name);
    const ordered = [inv.groups.get("all")!, ...groups.filter((g) => g.name !== "all")].sort(
      (a, b) => (depth.get(a.name) ?? 0) - (depth.get(b.name) ?? 0) || (a.name === b.name ? 0 : a.name < b.name ? -1 : 1),
    );
    const merged = new Map<string, AnsibleVar>();
    const layer = (m: Map<string, AnsibleVar>) => m.forEach((v, k) => merged.set(k, v));
    ordered.forEach((g) => layer(g.vars));
    layer(vars.group("all"));
    ordered.filter((g) => g.name !== "all").forEach((g) => layer(vars.group(g.name)));
    layer(h.vars);
    layer(vars.host(h.name));

    const label = `[${h.firstGroup}] ${h.name}`;
    const problems: InventoryProblem[] = [];
    const get = (...names: string[]): [string, AnsibleVar] | null => {
      for (const n of names) {
        const v = merged.get(n);
        if (v !== undefined && v.value !== null && v.value !== undefined) {
          if (typeof v.value === "string" && v.value.includes("{{")) {
            problems.push({ file: v.file, line: v.line, field: `${label}: ${n}`, message: "templated values ({{ … }}) are not evaluated: give the value itself" });
            return null;
          }
          if (typeof v.value === "string" && v.value.startsWith("$ANSIBLE_VAULT;")) {
            problems.push({ file: v.file, line: v.line, field: `${label}: ${n}`, message: "vault-encrypted values are not decrypted: give the value itself" });
            return null;
          }
          return [n, v];
        }
      }
      return null;
    };
    const sourced = <T>([field, v]: [string, AnsibleVar], value: T): Sourced<T> => ({ value, file: v.file, line: v.line, field });

    const connection = get("ansible_connection");
    if (connection && !SSH_CONNECTIONS.has(String(connection[1].value))) {
      notes.push(`${inv.file}: ${h.name} left out: ansible_connection=${String(connection[1].value)} is not SSH`);
      continue;
    }
    const entry: InventoryEntry = {
      name: h.name, origin: h.origin, label, address: null, port: null, user: null, identityFile: null, proxyJump: null, sudo: null,
      tags: groups.map((g) => g.name).filter((g) => !IMPLICIT.has(g)), problems,
    };
    const address = get("ansible_host", "ansible_ssh_host");
    entry.address = address ? sourced(address, String(address[1].value)) : { value: h.name, ...h.origin, field: "host" };
    const port = get("ansible_port", "ansible_ssh_port");
    if (port) {
      const n = typeof port[1].value === "number" ? port[1].value : /^[0-9]+$/.test(String(port[1].value)) ? Number(port[1].value) : NaN;
      if (Number.isInteger(n) && n >= 1 && n <= 65535) entry.port = sourced(port, n);
      else problems.push({ file: port[1].file, line: port[1].line, field: `${label}: ${port[0]}`, message: `not a port number: ${String(port[1].value)}` });
    }
    const user = get("ansible_user", "ansible_ssh_user");
    if (user) entry.user = sourced(user, String(user[1].value));
    const key = get("ansible_ssh_private_key_file", "ansible_private_key_file");
    if (key) {
      const p = String(key[1].value);
      const abs = p === "~" || p.startsWith("~/") ? path.join(/* turbopackIgnore: true */ home, p.slice(1)) : path.resolve(path.dirname(inv.file), p);
      entry.identityFile = sourced(key, abs);
    }
    const become = get("ansible_become");
    if (become) {
      const b = ansibleBoolean(become[1].value);
      if (b === null) problems.push({ file: become[1].file, line: become[1].line, field: `${label}: ansible_become`, message: `not a boolean: ${String(become[1].value)}` });
      else entry.sudo = sourced(become, b);
      const method = get("ansible_become_method");
      if (b && method && String(method[1].value) !== "sudo") {
        problems.push({ file: method[1].file, line: method[1].line, field: `${label}: ansible_become_method`, message: `only sudo is supported, not ${String(method[1].value)}` });
      }
    }
    for (const argsVar of ["ansible_ssh_common_args", "ansible_ssh_extra_args"]) {
      const args = get(argsVar);
      if (!args) continue;
      const { jump, proxyCommand } = jumpFromArgs(String(args[1].value));
      if (proxyCommand) problems.push({ file: args[1].file, line: args[1].line, field: `${label}: ${argsVar}`, message: "ProxyCommand is not supported (the dashboard never runs local commands): use -J / ProxyJump" });
      if (jump && !entry.proxyJump) entry.proxyJump = sourced(args, jump);
    }
    entries.push(entry);
  }
  return { entries, problems: inv.problems, files: [inv.file], notes };
}

/** Reads the inventory file and the vars directories beside it. Throws only when the file cannot be read. */
export function readAnsibleInventory(file: string, options: AnsibleOptions = {}): InventoryRead {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const inv = /\.(ya?ml|json)$/i.test(abs) ? parseAnsibleYaml(text, abs) : parseAnsibleIni(text, abs);
  const files: string[] = [];
  const problems: InventoryProblem[] = [];
  const dir = path.dirname(abs);
  const read = resolveAnsibleHosts(inv, { group: readVarsDir(path.join(dir, "group_vars"), files, problems), host: readVarsDir(path.join(dir, "host_vars"), files, problems) }, options);
  return {
    ...read,
    problems: [...read.problems, ...problems],
    files: [...new Set([abs, path.join(dir, "group_vars"), path.join(dir, "host_vars"), ...files])],
  };
}
