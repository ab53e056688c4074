import { NextResponse, type NextRequest } from "next/server";
import { readBearer } from "@/lib/auth/api-token";
import type { SessionPrincipal } from "@/lib/auth/auth-service";
import {
  CSRF_HEADER,
  checkSameOrigin,
  isSecureRequest,
  readSessionId,
  sessionCookieName,
  sessionCookieOptions,
} from "@/lib/auth/http";
import { STATIC_SECURITY_HEADERS, contentSecurityPolicy } from "@/lib/auth/security-headers";
import { getRuntime } from "@/lib/collector/runtime";

/** Reachable without a session. Everything else is denied by default. */
const PUBLIC_PATHS = new Set(["/login", "/api/health", "/api/auth/login"]);
/** Routes that decide themselves who may read them (/metrics: a token, a session, or anonymous when configured). */
const SELF_GUARDED = new Set(["/metrics"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one gate every request passes: security headers with a fresh CSP nonce, the same-origin rule
 * for state changes, and sign-in (demo and trusted-proxy sessions are opened here).
 */
export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const secure = isSecureRequest(req.nextUrl, req.headers);
  const finish = (res: NextResponse) => {
    res.headers.set("Content-Security-Policy", csp);
    for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
    return res;
  };
  const deny = (status: number, code: string, message: string) => finish(NextResponse.json({ error: { code, message } }, { status }));

  const rt = await getRuntime();
  const bearer = readBearer(req.headers);
  if (bearer.kind !== "absent") {
    // A token call carries no cookie and nothing a browser sends on its own: no same-origin or CSRF
    // check, no demo or proxy session. The route checks the token's role again.
    const refuse = (reason: string) => {
      const res = deny(401, "unauthorized", reason);
      res.headers.set("WWW-Authenticate", `Bearer error="invalid_token", error_description="${reason.replace(/["\\]/g, "")}"`);
      return res;
    };
    if (!isApi && !SELF_GUARDED.has(pathname)) return refuse("API tokens work on /api/ and /metrics only; pages need a sign-in");
    if (bearer.kind === "malformed") return refuse(bearer.reason);
    const r = await rt.auth.fromToken(bearer.token);
    if (!r.ok) return refuse(r.reason);
    return finish(NextResponse.next());
  }
  if (SELF_GUARDED.has(pathname) && SAFE_METHODS.has(req.method)) return finish(NextResponse.next());

  if (!SAFE_METHODS.has(req.method)) {
    const problem = checkSameOrigin(req.nextUrl, req.headers);
    if (problem) return deny(403, "csrf", `refused: ${problem}`);
  }

  let principal: SessionPrincipal | null = await rt.auth.fromSession(readSessionId(req.cookies));
  let opened: string | null = null;
  if (!principal) {
    const proxied = rt.auth.proxyIdentity(req.headers);
    const session = proxied ? await rt.auth.openSession("proxy", proxied) : rt.config.auth.demo ? await rt.auth.openSession("demo") : null;
    if (session) {
      principal = session.principal;
      opened = session.sessionId;
    }
  }

  if (!principal && !PUBLIC_PATHS.has(pathname)) {
    if (isApi) return deny(401, "unauthorized", "sign in first");
    const login = new URL("/login", req.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + req.nextUrl.search);
    return finish(NextResponse.redirect(login, 303));
  }
  if (principal && !SAFE_METHODS.has(req.method) && pathname !== "/api/auth/login" && req.headers.get(CSRF_HEADER) !== principal.csrf) {
    return deny(403, "csrf", "missing or wrong CSRF token");
  }

  const forwarded = new Headers(req.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", csp);
  const cookieName = sessionCookieName(secure);
  if (opened) {
    // Downstream (layout, route handlers) must see the session opened on this very request.
    const others = (req.headers.get("cookie") ?? "").split(";").map((c) => c.trim()).filter((c) => c && !c.startsWith(`${cookieName}=`));
    forwarded.set("cookie", [...others, `${cookieName}=${opened}`].join("; "));
  }
  const res = NextResponse.next({ request: { headers: forwarded } });
  if (opened) res.cookies.set(cookieName, opened, sessionCookieOptions(secure, rt.config.auth.sessionMaxHours * 3600));
  return finish(res);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|icon.svg|favicon.ico|robots.txt).*)"],
};
