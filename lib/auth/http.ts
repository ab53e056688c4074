import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { AuthService, Principal, Role } from "./auth-service";

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

/** The principal for an API route, or a 401/403 AppError. Deny by default: every route calls this. */
export function authorize(auth: AuthService, req: { cookies: CookieSource; method: string; headers: Headers }, role: Role): Principal {
  const principal = auth.fromSession(readSessionId(req.cookies));
  if (!principal) throw new AppError("unauthorized", "sign in first");
  if (role === "operator" && principal.role !== "operator") {
    throw new AppError("forbidden", `${principal.user} is a viewer; raising limits needs the operator role`);
  }
  if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && req.headers.get(CSRF_HEADER) !== principal.csrf) {
    throw new AppError("csrf", "missing or wrong CSRF token");
  }
  return principal;
}
