import "server-only";
import type { SshConfigRead } from "@/lib/inventory/ssh-config";
import { loadPrivateKey } from "@/lib/ssh/private-key";
import { draftFromEntry, type DraftContext, type HostDraft, type ProblemAt } from "./host-drafts";
import { parseProxyJump, type JumpSpec } from "./proxy-jump";

type Problem = ProblemAt & { message: string };

export interface Credentials {
  privateKey: Buffer | null;
  passphrase: string | null;
  agentSocket: string | null;
}

/** One hop of a host's jump path: an SSH server the dashboard logs in to and forwards through. */
export interface JumpHop extends Credentials {
  /** The hop as written (`ops@bastion-01:2222`). */
  spec: string;
  /** The name the operator knows it by (`bastion-01`): "via bastion-01: connection refused". */
  name: string;
  address: string;
  port: number;
  user: string;
}

export interface ResolvedHost extends Credentials {
  draft: HostDraft;
  /** Outermost hop first; empty for a host reached directly. */
  jumps: JumpHop[];
}

/** Nested ProxyJumps deeper than this are a loop or a mistake. */
const MAX_HOPS = 8;

/**
 * Turns drafts into hosts: a name defined twice is an error naming both places; keys are loaded
 * (each file once); jump hops are looked up by name among the fleet's hosts, then in the ssh_config
 * sources (as ssh(1) looks up a ProxyJump host), else taken literally with the fleet defaults.
 */
export function resolveHosts(
  drafts: readonly HostDraft[],
  ctx: DraftContext & { env: Record<string, string | undefined>; sshConfigs: readonly SshConfigRead[] },
): { hosts: ResolvedHost[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const keyCache = new Map<string, Buffer | Problem>();
  const byName = new Map<string, HostDraft>();
  const hosts: ResolvedHost[] = [];

  const credentials = (d: HostDraft): Credentials => {
    let passphrase: string | null = null;
    if (d.passEnv) {
      passphrase = ctx.env[d.passEnv.name] ?? null;
      if (passphrase === null) push({ ...d.passEnv.at, message: `environment variable ${d.passEnv.name} is not set` });
    }
    let privateKey: Buffer | null = null;
    if (d.identity) {
      const cacheKey = `${d.identity.path}\0${passphrase ?? ""}`;
      let loaded = keyCache.get(cacheKey);
      if (!loaded) {
        try {
          loaded = loadPrivateKey(d.identity.path, passphrase);
        } catch (err) {
          loaded = { ...d.identity.at, message: (err as Error).message };
        }
        keyCache.set(cacheKey, loaded);
      }
      if (Buffer.isBuffer(loaded)) privateKey = loaded;
      else push(loaded);
    }
    let agentSocket: string | null = null;
    if (d.agent.on) {
      agentSocket = ctx.env.SSH_AUTH_SOCK ?? null;
      if (!agentSocket) push({ ...d.agent.at, message: "agent: true but SSH_AUTH_SOCK is not set" });
    }
    if (!d.identity && !d.agent.on) push({ ...d.at, message: "no credentials: set identityFile or agent: true (here or in defaults)" });
    return { privateKey, passphrase, agentSocket };
  };
  // The same problem (a default key that does not load) is reported once, not once per host.
  const seen = new Set<string>();
  function push(p: Problem): void {
    const k = `${p.file}\0${p.line}\0${p.field}\0${p.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    problems.push(p);
  }

  const hopDraft = (spec: JumpSpec): HostDraft => {
    const fleetHost = byName.get(spec.host);
    if (fleetHost) return fleetHost;
    for (const sc of ctx.sshConfigs) {
      const e = sc.lookup(spec.host);
      if (e.address?.value !== spec.host || e.user || e.port || e.identityFile || e.proxyJump) return draftFromEntry(e, null, null, ctx, true);
    }
    return draftFromEntry(
      { name: spec.host, origin: { file: ctx.file, line: null }, label: spec.host, address: null, port: null, user: null, identityFile: null, proxyJump: null, sudo: null, tags: [], problems: [] },
      null, null, ctx, true,
    );
  };

  /** The hops of `value`, each hop's own jumps before it (ssh(1) resolves a jump host's ProxyJump the same way). */
  const resolveJumps = (value: string, at: ProblemAt, trail: string[]): JumpHop[] | null => {
    let specs: JumpSpec[];
    try {
      specs = parseProxyJump(value);
    } catch (err) {
      push({ ...at, message: `ProxyJump ${(err as Error).message}` });
      return null;
    }
    const out: JumpHop[] = [];
    for (const spec of specs) {
      if (trail.includes(spec.host) || trail.length >= MAX_HOPS) {
        push({ ...at, message: `jump hosts loop or nest deeper than ${MAX_HOPS}: ${[...trail, spec.host].join(" -> ")}` });
        return null;
      }
      const d = hopDraft(spec);
      for (const p of d.problems) push(p);
      if (d.jump) {
        const inner = resolveJumps(d.jump.value, d.jump.at, [...trail, spec.host]);
        if (!inner) return null;
        out.push(...inner);
      }
      out.push({ spec: spec.text, name: spec.host, address: d.address, port: spec.port ?? d.port, user: spec.user ?? d.user, ...credentials(d) });
    }
    return out;
  };

  for (const d of drafts) {
    const first = byName.get(d.name);
    if (first) {
      push({ ...d.at, message: `duplicate host name ${d.name}: defined here and at ${first.at.file}${first.at.line ? `:${first.at.line}` : ""} (${first.at.field}); exclude one of them` });
      continue;
    }
    byName.set(d.name, d);
  }
  for (const d of byName.values()) {
    for (const p of d.problems) push(p);
    const creds = credentials(d);
    const jumps = d.jump ? resolveJumps(d.jump.value, d.jump.at, [d.name]) : [];
    hosts.push({ draft: d, ...creds, jumps: jumps ?? [] });
  }
  return { hosts, problems };
}
