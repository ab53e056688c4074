/**
 * Hosts from an OpenSSH client config (`~/.ssh/config`): every `Host` block names hosts, with
 * `HostName`, `User`, `Port`, `IdentityFile` and `ProxyJump` worked out the way ssh(1) does (the
 * first value obtained wins, `Host *` blocks are defaults, `Include` is followed).
 *
 * Nothing in the file is ever executed: `Match` blocks (whose `exec` runs a shell command) are
 * ignored as a whole and said so in the notes, and a host with a `ProxyCommand` is refused.
 * The `ssh-config` package tokenizes the file (quoting, `=` separators, comments); it does not
 * expand `Include`, keep line numbers or match `?` correctly, which is why the rest is done here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SSHConfig, { type Line } from "ssh-config";
import { globFiles } from "./file-glob";
import { isWildcardPattern, matchesPatternList } from "./host-patterns";
import type { InventoryEntry, InventoryProblem, InventoryRead, Sourced } from "./types";

interface Directive {
  /** Lower-cased keyword. */
  key: string;
  keyword: string;
  args: string[];
  file: string;
  line: number;
  /** Position in reading order (Includes spliced in): which of two keywords came first. */
  seq: number;
}

/** Directives that apply when every pattern list in `conditions` matches the host. */
interface Block {
  conditions: string[][];
  directives: Directive[];
}

interface HostLine {
  alias: string;
  conditions: string[][];
  file: string;
  line: number | null;
}

/** OpenSSH's READCONF_MAX_DEPTH. */
const MAX_INCLUDE_DEPTH = 16;

export interface SshConfigOptions {
  /** The dashboard user's home: `~`, `%d` and relative Include paths (`~/.ssh/…`). */
  home?: string;
  /** The local user name (`%u`). */
  localUser?: string;
  /** The user a host without `User` logs in as (the fleet default), for `%r`. */
  defaultUser?: string;
  /** Read a file (tests; default fs.readFileSync). */
  readFile?: (file: string) => string;
}

interface Ctx {
  blocks: Block[];
  hosts: HostLine[];
  problems: InventoryProblem[];
  notes: string[];
  files: string[];
  home: string;
  seq: number;
  readFile: (file: string) => string;
}

const newlines = (s: string | undefined): number => (s ? s.split("\n").length - 1 : 0);

function argsOf(l: Extract<Line, { param: string }>): string[] {
  if (Array.isArray(l.value)) return l.value.map((v) => v.val);
  return l.value === "" ? [] : [l.value];
}

/** Include paths: `~` is the home, relative paths are under ~/.ssh (ssh_config(5), user configuration). */
function includePath(arg: string, home: string): string {
  if (arg === "~" || arg.startsWith("~/")) return path.join(home, arg.slice(1));
  return path.isAbsolute(arg) ? arg : path.join(home, ".ssh", arg);
}

function readInto(ctx: Ctx, file: string, base: string[][], depth: number): void {
  ctx.files.push(file);
  let text: string;
  try {
    text = ctx.readFile(file);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let lines: Line[];
  try {
    lines = SSHConfig.parse(text);
  } catch (err) {
    ctx.problems.push({ file, line: null, field: "(syntax)", message: (err as Error).message });
    return;
  }
  let lineNo = 1;
  let block: Block = { conditions: base, directives: [] };
  ctx.blocks.push(block);

  const directive = (l: Extract<Line, { param: string }>, conditions: string[][], ignored: boolean) => {
    lineNo += newlines(l.before);
    const at = lineNo;
    lineNo += newlines(l.after);
    if (ignored) return;
    const key = l.param.toLowerCase();
    if (key === "include") {
      if (depth >= MAX_INCLUDE_DEPTH) {
        ctx.problems.push({ file, line: at, field: "Include", message: `nested deeper than ${MAX_INCLUDE_DEPTH} levels` });
        return;
      }
      // A file that matches nothing is not an error to ssh(1) either.
      for (const arg of argsOf(l)) for (const inc of globFiles(includePath(arg, ctx.home))) readInto(ctx, inc, conditions, depth + 1);
      block = { conditions, directives: [] };
      ctx.blocks.push(block);
      return;
    }
    block.directives.push({ key, keyword: l.param, args: argsOf(l), file, line: at, seq: ctx.seq++ });
  };

  for (const l of lines) {
    if (!("param" in l)) {
      lineNo += newlines(l.before) + newlines(l.after);
      continue;
    }
    const section = "config" in l ? l.config : null;
    if (!section) {
      directive(l, block.conditions, false);
      continue;
    }
    lineNo += newlines(l.before);
    const at = lineNo;
    lineNo += newlines(l.after);
    const isHost = l.param.toLowerCase() === "host";
    if (isHost) {
      const patterns = argsOf(l).flatMap((a) => a.split(",")).filter(Boolean);
      const conditions = [...base, patterns];
      block = { conditions, directives: [] };
      ctx.blocks.push(block);
      for (const p of patterns) if (!isWildcardPattern(p)) ctx.hosts.push({ alias: p, conditions, file, line: at });
    } else {
      ctx.notes.push(`${file}:${at}: ${l.param} block ignored (Match blocks are never evaluated; their exec would run a command)`);
    }
    for (const child of section) {
      if ("param" in child) directive(child, block.conditions, !isHost);
      else lineNo += newlines(child.before) + newlines(child.after);
    }
  }
}

/** What ssh(1) would use for `alias`: per keyword, the first value from the blocks that apply. */
function evaluate(blocks: readonly Block[], alias: string): Map<string, Directive> {
  const out = new Map<string, Directive>();
  for (const b of blocks) {
    if (!b.conditions.every((c) => matchesPatternList(c, alias))) continue;
    for (const d of b.directives) if (!out.has(d.key)) out.set(d.key, d);
  }
  return out;
}

/** Expands `%` tokens; unknown ones are an error (ssh(1) refuses them too). */
function expandTokens(value: string, tokens: Record<string, string>): string {
  return value.replace(/%(.)/g, (_, t: string) => {
    if (t === "%") return "%";
    const v = tokens[t];
    if (v === undefined) throw new Error(`unsupported token %${t}`);
    return v;
  });
}

function expandHome(p: string, home: string): string {
  if (p === "~" || p.startsWith("~/")) return path.join(home, p.slice(1));
  return path.isAbsolute(p) ? p : path.join(home, p);
}

function entryOf(alias: string, where: HostLine, found: Map<string, Directive>, opts: Required<Pick<SshConfigOptions, "home" | "localUser" | "defaultUser">>): InventoryEntry {
  const problems: InventoryProblem[] = [];
  const label = `Host ${alias}`;
  const sourced = <T>(d: Directive, value: T): Sourced<T> => ({ value, file: d.file, line: d.line, field: d.keyword });
  const fail = (d: Directive, message: string) => problems.push({ file: d.file, line: d.line, field: `${label}: ${d.keyword}`, message });
  const first = (key: string): [Directive, string] | null => {
    const d = found.get(key);
    if (!d) return null;
    if (d.args.length === 0) {
      fail(d, "has no value");
      return null;
    }
    return [d, d.args.join(" ")];
  };

  const entry: InventoryEntry = {
    name: alias, origin: { file: where.file, line: where.line }, label,
    address: null, port: null, user: null, identityFile: null, proxyJump: null, sudo: null, tags: [], problems,
  };
  const hostName = first("hostname");
  let address = alias;
  if (hostName) {
    try {
      address = expandTokens(hostName[1], { h: alias, n: alias });
      entry.address = sourced(hostName[0], address);
    } catch (err) {
      fail(hostName[0], (err as Error).message);
    }
  } else entry.address = { value: alias, file: where.file, line: where.line, field: "Host" };

  const user = first("user");
  if (user) entry.user = sourced(user[0], user[1]);
  const port = first("port");
  if (port) {
    const n = /^[0-9]{1,5}$/.test(port[1]) ? Number(port[1]) : NaN;
    if (n >= 1 && n <= 65535) entry.port = sourced(port[0], n);
    else fail(port[0], `not a port number: ${port[1]}`);
  }
  const identity = first("identityfile");
  if (identity && identity[1].toLowerCase() !== "none") {
    try {
      const tokens = {
        d: opts.home, u: opts.localUser, h: address, n: alias, r: entry.user?.value ?? opts.defaultUser,
        p: String(entry.port?.value ?? 22), i: String(process.getuid?.() ?? ""),
      };
      entry.identityFile = sourced(identity[0], expandHome(expandTokens(identity[0].args[0]!, tokens), opts.home));
    } catch (err) {
      fail(identity[0], (err as Error).message);
    }
  }
  const jump = first("proxyjump");
  if (jump) entry.proxyJump = sourced(jump[0], jump[1]);
  const command = first("proxycommand");
  // ProxyJump and ProxyCommand: whichever comes first wins in ssh(1).
  if (command && command[1].toLowerCase() !== "none" && (!jump || command[0].seq < jump[0].seq)) {
    fail(command[0], "ProxyCommand is not supported (the dashboard never runs local commands): use ProxyJump, or exclude this host");
  }
  return entry;
}

export interface SshConfigRead extends InventoryRead {
  /** What the file says about any name, a host or not (a ProxyJump hop such as `bastion`). */
  lookup(alias: string): InventoryEntry;
}

/**
 * Reads an ssh_config file (and its Includes) into inventory entries, one per host alias (a `Host`
 * pattern without wildcards or negation, in file order). Throws only when the file itself cannot
 * be read; mistakes inside it are problems.
 */
export function readSshConfig(file: string, options: SshConfigOptions = {}): SshConfigRead {
  const home = options.home ?? os.homedir();
  const ctx: Ctx = {
    blocks: [], hosts: [], problems: [], notes: [], files: [], home, seq: 0,
    readFile: options.readFile ?? ((f) => fs.readFileSync(f, "utf8")),
  };
  const abs = path.resolve(file);
  readInto(ctx, abs, [], 0);
  const opts = { home, localUser: options.localUser ?? os.userInfo().username, defaultUser: options.defaultUser ?? "root" };
  const seen = new Set<string>();
  const entries: InventoryEntry[] = [];
  for (const h of ctx.hosts) {
    if (seen.has(h.alias) || !h.conditions.every((c) => matchesPatternList(c, h.alias))) continue;
    seen.add(h.alias);
    entries.push(entryOf(h.alias, h, evaluate(ctx.blocks, h.alias), opts));
  }
  const lookup = (alias: string): InventoryEntry =>
    entries.find((e) => e.name === alias) ?? entryOf(alias, { alias, conditions: [], file: abs, line: null }, evaluate(ctx.blocks, alias), opts);
  return { entries, problems: ctx.problems, files: [...new Set(ctx.files)], notes: ctx.notes, lookup };
}
