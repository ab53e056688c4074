/**
 * An Ansible inventory as both formats (INI, YAML) describe it: groups with vars and children,
 * hosts with vars and the groups that list them. Every var keeps the file and line it was set at.
 */
import { expandHostRange } from "./host-patterns";
import type { InventoryProblem, SourceLine } from "./types";

export interface AnsibleVar extends SourceLine {
  value: unknown;
}

export interface AnsibleGroup {
  name: string;
  vars: Map<string, AnsibleVar>;
  children: Set<string>;
  hosts: Set<string>;
}

export interface AnsibleHost {
  name: string;
  /** The first line that lists the host. */
  origin: SourceLine;
  /** The group the first listing was in (`ungrouped` for a host outside every group). */
  firstGroup: string;
  vars: Map<string, AnsibleVar>;
}

export interface AnsibleInventory {
  file: string;
  groups: Map<string, AnsibleGroup>;
  hosts: Map<string, AnsibleHost>;
  problems: InventoryProblem[];
}

export function emptyInventory(file: string): AnsibleInventory {
  const inv: AnsibleInventory = { file, groups: new Map(), hosts: new Map(), problems: [] };
  group(inv, "all");
  group(inv, "ungrouped");
  return inv;
}

export function group(inv: AnsibleInventory, name: string): AnsibleGroup {
  let g = inv.groups.get(name);
  if (!g) {
    g = { name, vars: new Map(), children: new Set(), hosts: new Set() };
    inv.groups.set(name, g);
  }
  return g;
}

/** `host:port` (a colon outside the range brackets, digits after it), as ansible's parse_address. */
export function splitHostPort(pattern: string): { host: string; port: number | null } {
  const m = /^(.+):([0-9]+)$/.exec(pattern);
  if (m && !m[1]!.replace(/\[[^\]]*\]/g, "").includes(":")) return { host: m[1]!, port: Number(m[2]) };
  return { host: pattern, port: null };
}

/**
 * Adds the hosts a pattern names (ranges expanded) to a group, with the vars given on that line;
 * a host listed again (in another group) keeps its first origin and gains the new vars.
 */
export function addHosts(inv: AnsibleInventory, groupName: string, pattern: string, vars: Map<string, AnsibleVar>, at: SourceLine): void {
  const { host, port } = splitHostPort(pattern);
  let names: string[];
  try {
    names = expandHostRange(host);
  } catch (err) {
    inv.problems.push({ ...at, field: `[${groupName}] ${pattern}`, message: (err as Error).message });
    return;
  }
  const g = group(inv, groupName);
  for (const name of names) {
    let h = inv.hosts.get(name);
    if (!h) {
      h = { name, origin: at, firstGroup: groupName, vars: new Map() };
      inv.hosts.set(name, h);
    }
    // `host:port` is the host var ansible_port, set before the line's own vars (which may override it).
    if (port !== null) h.vars.set("ansible_port", { value: port, ...at });
    for (const [k, v] of vars) h.vars.set(k, v);
    g.hosts.add(name);
  }
}
