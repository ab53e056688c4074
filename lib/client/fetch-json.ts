import type { z } from "zod";

export class FleetApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "FleetApiError";
  }
}

/** A short, user-safe reason from `{ error: { message } }` or `{ error: "…" }`. */
export function readErrorReason(body: unknown): string | null {
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const err = (body as { error: unknown }).error;
  if (typeof err === "string") return err;
  if (err && typeof err === "object" && "message" in err) {
    const msg = (err as { message: unknown }).message;
    if (typeof msg === "string") return msg;
  }
  return null;
}

/** The session ran out (idle or absolute timeout, or signed out elsewhere): back to the sign-in page. */
function toSignIn(): void {
  if (typeof window === "undefined" || window.location.pathname === "/login") return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/**
 * GET a JSON document and check it against the client's schema: every read of the browser goes
 * through here, so an unreachable server, an error body and an unexpected shape read the same.
 */
export async function fetchJson<S extends z.ZodType>(url: string, schema: S, signal?: AbortSignal, label?: string): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new FleetApiError("dashboard server unreachable", null);
  }
  if (res.status === 401) toSignIn();
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new FleetApiError(readErrorReason(body) ?? `HTTP ${res.status}`, res.status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join(".") || "body"}: ${first.message}` : "unexpected shape";
    throw new FleetApiError(`bad response from ${label ?? url.split("?")[0]} (${where})`, res.status);
  }
  return parsed.data;
}
