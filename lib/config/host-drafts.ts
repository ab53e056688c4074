import "server-only";
import type { InventoryEntry } from "@/lib/inventory/types";
import { HOST_NAME_RE, TAG_RE, type FleetDefaults, type FleetHostEntry, type InventorySource } from "./fleet-schema";
import type { SourceRead } from "./inventory-sources";
import { expandHome } from "./inventory-sources";

/** Where a problem is reported: file, line, and the field as the operator knows it. */
export interface ProblemAt {
  file: string;
  line: number | null;
  field: string;
}

/**
 * One host from any source, with the fleet defaults applied and every value still knowing where it
 * was set: what credentials, jumps and duplicate names are resolved from.
 */
export interface HostDraft {
  name: string;
  /** The host's own definition (its entry in `hosts:`, its `Host` line, its inventory line). */
  at: ProblemAt;
  /** `fleet.yaml:12`, `/root/.ssh/config:40`: shown on the host page. */
  source: string;
  address: string;
  port: number;
  user: string;
  tags: string[];
  sudo: boolean;
  identity: { path: string; at: ProblemAt } | null;
  passEnv: { name: string; at: ProblemAt } | null;
  agent: { on: boolean; at: ProblemAt };
  jump: { value: string; at: ProblemAt } | null;
  /** Mistakes found while building the draft (bad name, address…). */
  problems: (ProblemAt & { message: string })[];
}

export interface DraftContext {
  file: string;
  baseDir: string;
  defaults: FleetDefaults;
  /** file:line of a path in the fleet file. */
  at: (p: readonly (string | number)[]) => number | null;
}

const ADDRESS_RE = /^[A-Za-z0-9.:_-]+$/;
const USER_RE = /^[a-z_][a-z0-9_.-]*\$?$/i;

export function draftsFromHosts(hosts: readonly FleetHostEntry[], ctx: DraftContext): HostDraft[] {
  const d = ctx.defaults;
  return hosts.map((h, i) => {
    const where = (field: string): ProblemAt => ({ file: ctx.file, line: ctx.at(["hosts", i, field]), field: `hosts[${i}] (${h.name}).${field}` });
    const def = (field: string): ProblemAt => ({ file: ctx.file, line: ctx.at(["defaults", field]), field: `defaults.${field}` });
    const identity = h.identityFile ?? d.identityFile;
    const passEnv = h.passphraseEnv ?? d.passphraseEnv;
    const jump = h.proxyJump ?? d.proxyJump;
    return {
      name: h.name,
      at: where("name"),
      source: `${ctx.file}:${ctx.at(["hosts", i]) ?? "?"}`,
      address: h.address,
      port: h.port ?? d.port,
      user: h.user ?? d.user,
      tags: h.tags,
      sudo: h.sudo ?? d.sudo,
      identity: identity ? { path: expandHome(identity, ctx.baseDir), at: h.identityFile ? where("identityFile") : def("identityFile") } : null,
      passEnv: passEnv ? { name: passEnv, at: h.passphraseEnv ? where("passphraseEnv") : def("passphraseEnv") } : null,
      agent: { on: h.agent ?? d.agent, at: h.agent !== undefined ? where("agent") : def("agent") },
      jump: jump ? { value: jump, at: h.proxyJump ? where("proxyJump") : def("proxyJump") } : null,
      problems: [],
    };
  });
}

/**
 * An inventory entry as a draft: the entry's values first, then the source's, then the fleet
 * defaults. A jump hop (`hop`) is not a fleet host: its name is whatever the ProxyJump said, and
 * the fleet's default jump does not apply to it (only its own ProxyJump from ssh_config does).
 */
export function draftFromEntry(e: InventoryEntry, source: InventorySource | null, sourceIndex: number | null, ctx: DraftContext, hop = false): HostDraft {
  const d = ctx.defaults;
  const def = (field: string): ProblemAt => ({ file: ctx.file, line: ctx.at(["defaults", field]), field: `defaults.${field}` });
  const own = (v: { file: string; line: number | null; field: string }): ProblemAt => ({ file: v.file, line: v.line, field: `${e.label}: ${v.field}` });
  const at: ProblemAt = { file: e.origin.file, line: e.origin.line, field: e.label };
  const problems: HostDraft["problems"] = [];
  if (!hop && (!HOST_NAME_RE.test(e.name) || e.name.length > 253)) {
    problems.push({ ...at, message: `host name ${JSON.stringify(e.name)} may only contain letters, digits, '.', '_' and '-' (exclude it, or rename it)` });
  }
  const address = e.address?.value ?? e.name;
  if (!ADDRESS_RE.test(address) || address.length > 253) problems.push({ ...(e.address ? own(e.address) : at), message: `not a host name or an IP address: ${address}` });
  const user = e.user?.value ?? d.user;
  if (e.user && (!USER_RE.test(user) || user.length > 64)) problems.push({ ...own(e.user), message: `not a valid user name: ${user}` });
  const tags = e.tags.filter((t) => {
    if (TAG_RE.test(t) && t.length <= 64) return true;
    problems.push({ ...at, message: `group ${JSON.stringify(t)} cannot be a tag (letters, digits and . _ : / = - only)` });
    return false;
  });
  const sourceJump = source?.proxyJump && sourceIndex !== null
    ? { value: source.proxyJump, at: { file: ctx.file, line: ctx.at(["inventory", sourceIndex, "proxyJump"]), field: `inventory[${sourceIndex}].proxyJump` } }
    : null;
  const fleetJump = hop ? null : sourceJump ?? (d.proxyJump ? { value: d.proxyJump, at: def("proxyJump") } : null);
  const jump = e.proxyJump ? { value: e.proxyJump.value, at: own(e.proxyJump) } : fleetJump;
  return {
    name: e.name,
    at,
    source: `${e.origin.file}${e.origin.line ? `:${e.origin.line}` : ""}`,
    address,
    port: e.port?.value ?? d.port,
    user,
    tags,
    sudo: e.sudo?.value ?? d.sudo,
    identity: e.identityFile
      ? { path: e.identityFile.value, at: own(e.identityFile) }
      : d.identityFile ? { path: expandHome(d.identityFile, ctx.baseDir), at: def("identityFile") } : null,
    passEnv: d.passphraseEnv ? { name: d.passphraseEnv, at: def("passphraseEnv") } : null,
    agent: { on: d.agent, at: def("agent") },
    jump,
    problems,
  };
}

export function draftsFromSources(reads: readonly SourceRead[], ctx: DraftContext): HostDraft[] {
  return reads.flatMap((r) => r.entries.map((e) => draftFromEntry(e, r.source, r.index, ctx)));
}

