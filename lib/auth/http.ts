import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { readBearer } from "./api-token";
import type { AuthService, Principal } from "./auth-service";

/** `__Host-` pins the cookie to this origin and path, but browsers only accept it over https. */
export const SESSION_COOKIE_SECURE = "__Host-ctf_session";
export const SESSION_COOKIE_PLAIN = "ctf_session";
export const CSRF_HEADER = "x-csrf-token";

export function isSecureRequest(url: URL, headers: Headers): boolean {
  return url.protocol === "https:" || headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN;
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, secure, sameSite: "strict" as const, path: "/", maxAge: maxAgeSeconds };
}

interface CookieSource {
  get(name: string): { value: string } | undefined;
}

export function readSessionId(cookies: CookieSource): string | undefined {
  return cookies.get(SESSION_COOKIE_SECURE)?.value ?? cookies.get(SESSION_COOKIE_PLAIN)?.value;
}

/**
 * State changes must come from our own pages: the Origin (or, failing that, Referer) must name
 * this host. Browsers always send Origin on cross-site POSTs, so a forged form post is refused here.
 */
export function checkSameOrigin(url: URL, headers: Headers): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || url.host;
  const origin = headers.get("origin") ?? headers.get("referer");
  if (!origin) return "missing Origin header";
  try {
    if (new URL(origin).host !== host) return `cross-origin request from ${new URL(origin).origin}`;
  } catch {
    return "malformed Origin header";
  }
  return null;
}

/** What each role may do, lowest first: a `metrics` token reads /metrics only. */
const RANK: Record<Principal["role"], number> = { metrics: 0, viewer: 1, operator: 2 };

function forbidden(p: Principal, need: Principal["role"]): AppError {
  const what = need === "operator" ? "raising limits needs the operator role" : need === "viewer" ? "this API needs the viewer or operator role" : "";
  const who = p.via === "token" ? `API token ${p.user.slice("token:".length)} has the ${p.role} role` : `${p.user} is a ${p.role}`;
  return new AppError("forbidden", p.role === "metrics" ? `${who}: it may read /metrics only` : `${who}; ${what}`);
}

/**
 * The principal for an API route, or a 401/403 AppError. Deny by default: every route calls this.
 * An Authorization header means token auth and nothing else (a bad token is a 401 with the reason,
 * never a fall-back to the cookie); tokens need no CSRF token, since no browser sends them on its own.
 * `sessionOnly`: the route is for signed-in people (token management), not for tokens.
 */
export async function authorize(
  auth: AuthService,
  req: { cookies: CookieSource; method: string; headers: Headers },
  need: Principal["role"],
  opts: { sessionOnly?: boolean } = {},
): Promise<Principal> {
  const bearer = readBearer(req.headers);
  let principal: Principal | null;
  if (bearer.kind === "malformed") throw new AppError("unauthorized", bearer.reason);
  if (bearer.kind === "token") {
    const r = await auth.fromToken(bearer.token);
    if (!r.ok) throw new AppError("unauthorized", r.reason);
    principal = r.principal;
    if (opts.sessionOnly) throw new AppError("forbidden", "API tokens are managed by a signed-in operator or with lib/auth/token-cli.ts, not with a token");
  } else {
    principal = await auth.fromSession(readSessionId(req.cookies));
    if (!principal) throw new AppError("unauthorized", "sign in first, or send an API token as Authorization: Bearer");
  }
  if (RANK[principal.role] < RANK[need]) throw forbidden(principal, need);
  if (principal.via !== "token" && !["GET", "HEAD", "OPTIONS"].includes(req.method) && req.headers.get(CSRF_HEADER) !== principal.csrf) {
    throw new AppError("csrf", "missing or wrong CSRF token");
  }
  return principal;
}
