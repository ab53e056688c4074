/**
 * Ansible INI inventories, read as ansible's `ini` inventory plugin reads them: `[group]` lists
 * hosts (`name [key=value …]`, ranges, `host:port`), `[group:vars]` sets group vars,
 * `[group:children]` nests groups; hosts before the first section are ungrouped.
 */
import { addHosts, emptyInventory, group, type AnsibleInventory, type AnsibleVar } from "./ansible-model";

/** POSIX shlex with comments (what the plugin splits host lines with): quotes, backslashes, `#` to the end. */
export function shlexSplit(line: string): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && (line[i + 1] === '"' || line[i + 1] === "\\")) cur += line[++i]!;
      else cur += c;
      continue;
    }
    if (c === "#") break;
    if (/\s/.test(c)) {
      if (cur !== null) out.push(cur);
      cur = null;
      continue;
    }
    cur ??= "";
    if (c === '"' || c === "'") quote = c;
    else if (c === "\\" && i + 1 < line.length) cur += line[++i]!;
    else cur += c;
  }
  if (quote) throw new Error("no closing quotation");
  if (cur !== null) out.push(cur);
  return out;
}

/**
 * The plugin's `_parse_value` runs Python's literal_eval: `5555` is a number, `True` a boolean,
 * `'x'` a string without its quotes; anything else stays the text it was.
 */
export function parseIniValue(text: string): unknown {
  const v = text.trim();
  if (/^[+-]?[0-9]+$/.test(v)) return Number(v);
  if (v === "True") return true;
  if (v === "False") return false;
  if (v === "None") return null;
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(v);
  if (quoted) return quoted[1] ?? quoted[2] ?? "";
  return v;
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;

export function parseAnsibleIni(text: string, file: string): AnsibleInventory {
  const inv = emptyInventory(file);
  let state: "hosts" | "vars" | "children" = "hosts";
  let current = "ungrouped";
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const at = { file, line: i + 1 };
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    if (line.startsWith("[")) {
      const m = SECTION.exec(line);
      if (!m) {
        inv.problems.push({ ...at, field: line, message: "not a section header ([group], [group:vars] or [group:children])" });
        state = "vars"; // skip the section's lines rather than misread them as hosts
        current = "\0invalid";
        return;
      }
      const kind = m[2] ?? "hosts";
      if (kind !== "hosts" && kind !== "vars" && kind !== "children") {
        inv.problems.push({ ...at, field: `[${m[1]}:${kind}]`, message: "section type must be vars or children" });
        current = "\0invalid";
        return;
      }
      state = kind;
      current = m[1]!;
      group(inv, current);
      return;
    }
    if (current === "\0invalid") return;
    if (state === "vars") {
      const eq = line.indexOf("=");
      if (eq <= 0) {
        inv.problems.push({ ...at, field: `[${current}:vars]`, message: `expected key=value, got: ${line}` });
        return;
      }
      group(inv, current).vars.set(line.slice(0, eq).trim(), { value: parseIniValue(line.slice(eq + 1)), ...at });
      return;
    }
    if (state === "children") {
      const child = shlexSplit(line)[0];
      if (child) {
        group(inv, child);
        group(inv, current).children.add(child);
      }
      return;
    }
    let tokens: string[];
    try {
      tokens = shlexSplit(line);
    } catch (err) {
      inv.problems.push({ ...at, field: `[${current}]`, message: (err as Error).message });
      return;
    }
    const [pattern, ...assignments] = tokens;
    if (!pattern) return;
    const vars = new Map<string, AnsibleVar>();
    for (const t of assignments) {
      const eq = t.indexOf("=");
      if (eq <= 0) {
        inv.problems.push({ ...at, field: `[${current}] ${pattern}`, message: `expected key=value after the host name, got: ${t}` });
        continue;
      }
      vars.set(t.slice(0, eq), { value: parseIniValue(t.slice(eq + 1)), ...at });
    }
    addHosts(inv, current, pattern, vars, at);
  });
  return inv;
}
