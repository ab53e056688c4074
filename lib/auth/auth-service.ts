import "server-only";
import type { AuthConfig } from "@/lib/config/fleet-schema";
import type { SessionLimits, SessionPort, TokenPort } from "@/lib/store/ports";
import { LoginThrottle } from "./login-throttle";
import { DUMMY_HASH, verifyPassword } from "./password";
import type { Role, Session } from "./session-store";
import { tokenUser, type TokenRole } from "./api-token";

export type { Role } from "./session-store";

/** Who is calling: a cookie session (password, proxy, demo) or an API token (`metrics` reads /metrics only). */
export interface Principal {
  user: string;
  role: Role | TokenRole;
  /** The session's CSRF token; null for API tokens, which nothing sends ambiently. */
  csrf: string | null;
  via: "password" | "proxy" | "demo" | "token";
}

export interface SessionPrincipal extends Principal {
  role: Role;
  csrf: string;
  via: "password" | "proxy" | "demo";
}

export type TokenAuth = { ok: true; principal: Principal } | { ok: false; reason: string };

export const DEMO_USER = "demo";

export type LoginResult =
  | { ok: true; sessionId: string; principal: SessionPrincipal }
  | { ok: false; reason: "bad_credentials" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

/** The session timeouts the configuration sets, for the store's SessionPort. */
export function sessionLimits(config: AuthConfig): SessionLimits {
  return { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionMaxHours * 3_600_000 };
}

/**
 * Who is asking. Users and roles come from the configuration on every request, so removing a user
 * or demoting them takes effect at once, also for sessions already open.
 */
export class AuthService {
  readonly sessions: SessionPort;
  readonly tokens: TokenPort;
  // Per user name: 3 free failures. Per client address: 20, because many people can share one
  // address (an office NAT, a reverse proxy) and one of them must not lock out the rest.
  private readonly userThrottle = new LoginThrottle(3);
  private readonly clientThrottle = new LoginThrottle(20);

  /** `sessions` should carry this configuration's timeouts (`sessionLimits(config)`). */
  constructor(
    readonly config: AuthConfig,
    ports: { sessions: SessionPort; tokens: TokenPort },
  ) {
    this.sessions = ports.sessions;
    this.tokens = ports.tokens;
  }

  get canSignIn(): boolean {
    return this.config.demo || this.config.users.length > 0 || this.config.trustedProxy !== undefined;
  }

  /** `client` is the caller's address when a proxy tells us (X-Forwarded-For), else null. */
  async login(user: string, password: string, client: string | null): Promise<LoginResult> {
    const userKey = [`user:${user.toLowerCase()}`];
    const clientKey = client ? [`client:${client}`] : [];
    const wait = Math.max(this.userThrottle.waitMs(userKey), this.clientThrottle.waitMs(clientKey));
    if (wait > 0) return { ok: false, reason: "throttled", retryAfterMs: wait };
    const entry = this.config.users.find((u) => u.name === user);
    // Verify even for unknown users so the answer time does not reveal which names exist.
    const ok = await verifyPassword(password, entry?.passwordHash ?? DUMMY_HASH);
    if (!ok || !entry) {
      this.userThrottle.fail(userKey);
      this.clientThrottle.fail(clientKey);
      return { ok: false, reason: "bad_credentials" };
    }
    this.userThrottle.succeed(userKey);
    const { id, session } = await this.sessions.create(entry.name, entry.role);
    return { ok: true, sessionId: id, principal: { user: session.user, role: session.role, csrf: session.csrf, via: "password" } };
  }

  /** The principal of a session cookie, re-checked against the configuration. */
  async fromSession(sessionId: string | undefined): Promise<SessionPrincipal | null> {
    const s = await this.sessions.get(sessionId);
    if (!s) return null;
    return this.current(s);
  }

  /** The principal of an `Authorization: Bearer` secret, or why it is refused (expired, revoked, unknown). */
  async fromToken(secret: string, now = Date.now()): Promise<TokenAuth> {
    const r = await this.tokens.check(secret, now);
    if (!r.ok) return r;
    return { ok: true, principal: { user: tokenUser(r.token.name), role: r.token.role, csrf: null, via: "token" } };
  }

  private current(s: Session): SessionPrincipal | null {
    if (this.config.demo && s.user === DEMO_USER) return { user: s.user, role: "operator", csrf: s.csrf, via: "demo" };
    const entry = this.config.users.find((u) => u.name === s.user);
    if (entry) return { user: entry.name, role: entry.role, csrf: s.csrf, via: "password" };
    if (this.config.trustedProxy && s.user.startsWith("proxy:")) return { user: s.user.slice(6), role: s.role, csrf: s.csrf, via: "proxy" };
    return null;
  }

  /** Trusted reverse-proxy identity: the header names the user; groups map to a role. */
  proxyIdentity(headers: Headers): { user: string; role: Role } | null {
    const tp = this.config.trustedProxy;
    if (!tp) return null;
    const user = headers.get(tp.userHeader)?.trim();
    if (!user || !/^[A-Za-z0-9._@+-]{1,128}$/.test(user)) return null;
    const groups = (headers.get(tp.groupsHeader) ?? "").split(",").map((g) => g.trim());
    return { user, role: groups.some((g) => tp.operatorGroups.includes(g)) ? "operator" : "viewer" };
  }

  /** A session for a proxy-authenticated user or the demo operator; the cookie carries the CSRF binding. */
  async openSession(kind: "proxy" | "demo", identity?: { user: string; role: Role }): Promise<{ sessionId: string; principal: SessionPrincipal }> {
    if (kind === "demo") {
      const { id, session } = await this.sessions.create(DEMO_USER, "operator");
      return { sessionId: id, principal: { user: DEMO_USER, role: "operator", csrf: session.csrf, via: "demo" } };
    }
    if (!identity) throw new Error("proxy session needs an identity");
    const { id, session } = await this.sessions.create(`proxy:${identity.user}`, identity.role);
    return { sessionId: id, principal: { user: identity.user, role: identity.role, csrf: session.csrf, via: "proxy" } };
  }
}
