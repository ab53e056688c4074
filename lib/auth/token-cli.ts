/**
 * API tokens from the command line, against the dashboard's store (DATABASE_URL, else DATA_DIR; the
 * running dashboard sees the change on its next request):
 *
 *   npx tsx lib/auth/token-cli.ts create --name ci --role viewer [--expires 30d]
 *   npx tsx lib/auth/token-cli.ts list
 *   npx tsx lib/auth/token-cli.ts revoke ci            (or --id 3)
 *
 * `create` prints the token alone on stdout (so `$(…)` captures it) and what it is on stderr: it is
 * shown this once; the store keeps only its SHA-256.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import type { TokenPort } from "@/lib/store/ports";
import { TOKEN_NAME_RE, TOKEN_NAME_RULE, TOKEN_ROLES, parseExpiry, type TokenRole } from "./api-token";

const USAGE = `usage:
  token-cli.ts create --name NAME --role viewer|operator|metrics [--expires 30d|12h|2w|2027-01-31|never]
  token-cli.ts list
  token-cli.ts revoke NAME | --name NAME | --id ID`;

// The store's modules are server-only (they hold secrets): they load under the react-server
// condition, as in the dashboard itself. `npx tsx` does not set it, so run again with it.
if (!process.execArgv.some((a) => a === "--conditions=react-server" || a === "-C=react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

function fail(message: string): never {
  console.error(`token-cli: ${message}`);
  process.exit(2);
}

const iso = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, role: { type: "string" }, expires: { type: "string" }, id: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const { readServerEnv } = await import("@/lib/config/server-env");
  const { openStore } = await import("@/lib/store/open-store");
  const env = readServerEnv();
  const opened = await openStore({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  try {
    await run(command, rest, values, opened.tokens, env.databaseUrl ? "the PostgreSQL store" : env.dataDir);
  } finally {
    await opened.close();
  }
}

async function run(
  command: string,
  rest: string[],
  values: { name?: string; role?: string; expires?: string; id?: string },
  store: TokenPort,
  where: string,
) {
  const { TokenNameTaken } = await import("./token-store");
  const by = `cli:${os.userInfo().username}`;

  if (command === "create") {
    if (rest.length) fail(`unexpected argument ${rest[0]}\n${USAGE}`);
    const name = values.name ?? fail(`create needs --name\n${USAGE}`);
    if (!TOKEN_NAME_RE.test(name)) fail(`--name: ${TOKEN_NAME_RULE}`);
    const role = values.role ?? fail(`create needs --role (${TOKEN_ROLES.join(", ")})`);
    if (!(TOKEN_ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${TOKEN_ROLES.join(", ")}, not ${role}`);
    let expiresAt: number | null = null;
    try {
      expiresAt = values.expires === undefined ? null : parseExpiry(values.expires, Date.now());
    } catch (err) {
      fail(`--expires: ${(err as Error).message}`);
    }
    try {
      const { secret, token } = await store.create({ name, role: role as TokenRole, createdBy: by, expiresAt });
      console.error(`created API token ${token.name} (role ${token.role}, expires ${expiresAt === null ? "never" : iso(expiresAt)}) in ${where}`);
      console.error("it is shown this once; send it as: Authorization: Bearer <token>");
      console.log(secret);
    } catch (err) {
      if (err instanceof TokenNameTaken) fail(err.message);
      throw err;
    }
    return;
  }
  if (command === "list") {
    const now = Date.now();
    const rows = (await store.list()).map((t) => [
      String(t.id),
      t.name,
      t.role,
      t.hint,
      t.revokedAt !== null ? "revoked" : t.expiresAt !== null && t.expiresAt <= now ? "expired" : "active",
      iso(t.createdAt),
      t.createdBy,
      iso(t.expiresAt),
      iso(t.lastUsedAt),
    ]);
    const head = ["id", "name", "role", "token", "state", "created", "by", "expires", "last used"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i] as number)).join("  ").trimEnd());
    return;
  }
  if (command === "revoke") {
    const name = rest[0] ?? values.name;
    let token;
    if (values.id !== undefined) {
      if (!/^[0-9]{1,12}$/.test(values.id)) fail("--id must be a number");
      token = await store.get(Number(values.id));
    } else if (name) {
      token = await store.liveByName(name);
    } else fail(`revoke needs a name or --id\n${USAGE}`);
    if (!token) fail(`no live API token ${values.id !== undefined ? `with id ${values.id}` : `named ${name}`}`);
    if (!(await store.revoke(token.id, by))) fail(`API token ${token.name} was revoked already`);
    console.error(`revoked API token ${token.name} (id ${token.id}); calls with it now get 401`);
    return;
  }
  fail(`unknown command ${command}\n${USAGE}`);
}

main().catch((err: unknown) => {
  console.error(`token-cli: ${(err as Error).message}`);
  process.exit(1);
});
