import "server-only";
import { z } from "zod";
import { TOKEN_NAME_RE, TOKEN_NAME_RULE, TOKEN_ROLES } from "@/lib/auth/api-token";
import type { Principal } from "@/lib/auth/auth-service";
import { TokenNameTaken, type ApiToken } from "@/lib/auth/token-store";
import type { Runtime } from "@/lib/collector/runtime";
import { AppError } from "@/lib/errors/app-error";

export const createTokenSchema = z.strictObject({
  name: z.string({ message: "name must be text" }).regex(TOKEN_NAME_RE, `name: ${TOKEN_NAME_RULE}`),
  role: z.enum(TOKEN_ROLES, { message: 'role must be "viewer", "operator" or "metrics"' }),
  /** Omitted or null: the token does not expire. */
  expiresInDays: z.number({ message: "expiresInDays must be a number" }).int("expiresInDays must be an integer").min(1).max(3650).nullable().optional(),
});
export type CreateTokenBody = z.infer<typeof createTokenSchema>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function tokenView(t: ApiToken, now = Date.now()) {
  const state = t.revokedAt !== null ? "revoked" : t.expiresAt !== null && t.expiresAt <= now ? "expired" : "active";
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    hint: t.hint,
    state,
    createdAt: iso(t.createdAt),
    createdBy: t.createdBy,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
    revokedBy: t.revokedBy,
  };
}

export async function createToken(rt: Runtime, who: Principal, body: CreateTokenBody, now = Date.now()) {
  try {
    const expiresAt = body.expiresInDays ? now + body.expiresInDays * 86_400_000 : null;
    const { secret, token } = await rt.auth.tokens.create({ name: body.name, role: body.role, createdBy: who.user, expiresAt }, now);
    console.log(`[tokens] ${who.user} created API token ${token.name} (${token.role}${expiresAt ? `, expires ${iso(expiresAt)}` : ""})`);
    return { token: secret, ...tokenView(token, now) };
  } catch (err) {
    if (err instanceof TokenNameTaken) throw new AppError("conflict", err.message);
    throw err;
  }
}

export async function revokeToken(rt: Runtime, who: Principal, idText: string, now = Date.now()) {
  if (!/^[0-9]{1,12}$/.test(idText)) throw new AppError("bad_request", "the token id must be a number");
  const id = Number(idText);
  const before = await rt.auth.tokens.get(id);
  if (!before) throw new AppError("not_found", `no API token with id ${id}`);
  // The revoke itself decides (only a live token is revoked): of two operators revoking at once, one is told it was already.
  if (!(await rt.auth.tokens.revoke(id, who.user, now))) throw new AppError("conflict", `API token ${before.name} was revoked already`);
  console.log(`[tokens] ${who.user} revoked API token ${before.name}`);
  return tokenView((await rt.auth.tokens.get(id)) as ApiToken, now);
}
