/**
 * Ansible YAML inventories, read as ansible's `yaml` inventory plugin reads them: top-level keys
 * are groups (usually just `all`), each with optional `hosts` (a map of host pattern to vars),
 * `vars` and `children` (a map of group name to the same structure).
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from "yaml";
import { addHosts, emptyInventory, group, type AnsibleInventory, type AnsibleVar } from "./ansible-model";

export function parseAnsibleYaml(text: string, file: string): AnsibleInventory {
  const inv = emptyInventory(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (n: Node | null | undefined) => (n?.range ? lineCounter.linePos(n.range[0]).line : null);
  for (const e of doc.errors) inv.problems.push({ file, line: lineCounter.linePos(e.pos[0]).line, field: "(yaml)", message: e.message.split("\n")[0] ?? e.code });
  if (doc.errors.length > 0) return inv;
  if (doc.contents === null) return inv;
  if (!isMap(doc.contents)) {
    inv.problems.push({ file, line: lineOf(doc.contents), field: "(root)", message: "an inventory is a map of group names" });
    return inv;
  }

  const varsOf = (node: unknown, owner: string): Map<string, AnsibleVar> => {
    const out = new Map<string, AnsibleVar>();
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return out;
    if (!isMap(node)) {
      inv.problems.push({ file, line: lineOf(node as Node), field: owner, message: "vars must be a map" });
      return out;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const value = pair.value && typeof (pair.value as Node).toJSON === "function" ? (pair.value as Node).toJSON() : null;
      out.set(key, { value, file, line: lineOf(pair.key as Node) });
    }
    return out;
  };

  const walkGroup = (name: string, node: unknown, keyNode: Node | null) => {
    group(inv, name);
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return;
    if (!isMap(node)) {
      inv.problems.push({ file, line: lineOf(keyNode), field: name, message: "a group is a map with hosts, vars and children" });
      return;
    }
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const value = pair.value as Node | null;
      if (key === "vars") {
        for (const [k, v] of varsOf(value, `${name}.vars`)) group(inv, name).vars.set(k, v);
      } else if (key === "hosts") {
        if (value === null || (isScalar(value) && value.value === null)) continue;
        if (!isMap(value)) {
          inv.problems.push({ file, line: lineOf(value), field: `${name}.hosts`, message: "hosts is a map of host names (to their vars)" });
          continue;
        }
        for (const hp of value.items) {
          const pattern = isScalar(hp.key) ? String(hp.key.value) : "";
          const at = { file, line: lineOf(hp.key as Node) };
          addHosts(inv, name, pattern, varsOf(hp.value, `${name}.hosts.${pattern}`), at);
        }
      } else if (key === "children") {
        if (value === null || (isScalar(value) && value.value === null)) continue;
        if (!isMap(value)) {
          inv.problems.push({ file, line: lineOf(value), field: `${name}.children`, message: "children is a map of group names" });
          continue;
        }
        for (const cp of value.items) {
          const child = isScalar(cp.key) ? String(cp.key.value) : "";
          group(inv, name).children.add(child);
          walkGroup(child, cp.value, cp.key as Node);
        }
      } else {
        inv.problems.push({ file, line: lineOf(pair.key as Node), field: `${name}.${key}`, message: "unknown key in a group (expected hosts, vars or children)" });
      }
    }
  };

  for (const pair of doc.contents.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : "";
    walkGroup(name, pair.value, pair.key as Node);
  }
  return inv;
}
