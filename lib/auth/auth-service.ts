import "server-only";
import type { AuthConfig } from "@/lib/config/fleet-schema";
import type { Db } from "@/lib/store/sqlite";
import { LoginThrottle } from "./login-throttle";
import { DUMMY_HASH, verifyPassword } from "./password";
import { SessionStore, type Role, type Session } from "./session-store";
import { tokenUser, type TokenRole } from "./api-token";
import { TokenStore } from "./token-store";

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

/**
 * Who is asking. Users and roles come from the configuration on every request, so removing a user
 * or demoting them takes effect at once, also for sessions already open.
 */
export class AuthService {
  readonly sessions: SessionStore;
  readonly tokens: TokenStore;
  // Per user name: 3 free failures. Per client address: 20, because many people can share one
  // address (an office NAT, a reverse proxy) and one of them must not lock out the rest.
  private readonly userThrottle = new LoginThrottle(3);
  private readonly clientThrottle = new LoginThrottle(20);

  constructor(
    readonly config: AuthConfig,
    db: Db,
  ) {
    this.sessions = new SessionStore(db, {
      idleMs: config.sessionIdleMinutes * 60_000,
      absoluteMs: config.sessionMaxHours * 3_600_000,
    });
    this.tokens = new TokenStore(db);
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
    const { id, session } = this.sessions.create(entry.name, entry.role);
    return { ok: true, sessionId: id, principal: { user: session.user, role: session.role, csrf: session.csrf, via: "password" } };
  }

  /** The principal of a session cookie, re-checked against the configuration. */
  fromSession(sessionId: string | undefined): SessionPrincipal | null {
    const s = this.sessions.get(sessionId);
    if (!s) return null;
    return this.current(s);
  }

  /** The principal of an `Authorization: Bearer` secret, or why it is refused (expired, revoked, unknown). */
  fromToken(secret: string, now = Date.now()): TokenAuth {
    const r = this.tokens.check(secret, now);
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
  openSession(kind: "proxy" | "demo", identity?: { user: string; role: Role }): { sessionId: string; principal: SessionPrincipal } {
    if (kind === "demo") {
      const { id, session } = this.sessions.create(DEMO_USER, "operator");
      return { sessionId: id, principal: { user: DEMO_USER, role: "operator", csrf: session.csrf, via: "demo" } };
    }
    if (!identity) throw new Error("proxy session needs an identity");
    const { id, session } = this.sessions.create(`proxy:${identity.user}`, identity.role);
    return { sessionId: id, principal: { user: identity.user, role: identity.role, csrf: session.csrf, via: "proxy" } };
  }
}
