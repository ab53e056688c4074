import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { expect, hostsOfKind, test, type StackInfo } from "./fixtures";

/** API tokens: made and revoked in the UI, used with Authorization: Bearer only, roles enforced, raises audited by token name. */

const SHOTS = path.resolve("test-results/screenshots");
type ErrorBody = { error: { code: string; message: string } };

async function csrfOf(page: Page): Promise<string> {
  return ((await (await page.request.get("/api/auth/session")).json()) as { csrf: string }).csrf;
}

/** A client with no cookies at all, as a script or Prometheus would be. */
function bearer(stack: StackInfo, token: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: stack.url, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

async function createViaApi(page: Page, stack: StackInfo, body: { name: string; role: string; expiresInDays?: number | null }): Promise<string> {
  const res = await page.request.post("/api/tokens", { headers: { origin: stack.url, "x-csrf-token": await csrfOf(page) }, data: body });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** A host no other spec sizes a raise on: the raise here is undone in its files afterwards. */
function raiseHost(stack: StackInfo) {
  return hostsOfKind(stack, "normal").filter((h) => h.name !== stack.sudoHost && h.os !== "centos5" && h.os !== "rhel9").at(-1)!;
}

test("an operator makes a token in the UI, sees it once, and revokes it; the revoked token gets 401 with the reason", async ({ page, stack }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  const name = `ui-${Date.now()}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-role").selectOption("viewer");
  await page.getByTestId("token-expiry").selectOption("7");
  await page.getByTestId("token-create").click();
  const secret = (await page.getByTestId("token-secret").innerText()).trim();
  expect(secret).toMatch(/^ctf_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId(`token-row-${name}-active`);
  await expect(row).toContainText("viewer");
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row.getByTestId("token-last-used")).toHaveText("never");
  await expect(page.getByTestId("token-name")).toHaveValue("");
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, "api-tokens-created.png"), fullPage: true });
  // At phone width the extra nav link must not push the bar wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, "api-tokens-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  const client = await bearer(stack, secret);
  try {
    expect((await client.get("/api/hosts")).status()).toBe(200);
    // Shown once: the list never carries the secret.
    const list = await page.request.get("/api/tokens");
    expect(await list.text()).not.toContain(secret);
    await page.getByTestId("token-dismiss").click();
    await expect(page.getByTestId("token-secret")).toHaveCount(0);
    await page.reload();
    await expect(row.getByTestId("token-last-used")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    page.once("dialog", (d) => void d.accept());
    await row.getByTestId("token-revoke").click();
    await expect(page.getByTestId(`token-row-${name}-revoked`)).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, "api-tokens-revoked.png"), fullPage: true });
    const res = await client.get("/api/hosts");
    expect(res.status()).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(new RegExp(`API token ${name} was revoked at \\d{4}-`));
    expect(res.headers()["www-authenticate"]).toMatch(/^Bearer error="invalid_token"/);
  } finally {
    await client.dispose();
  }
});

test("roles: a metrics token reads nothing of the API, a viewer token reads and may not raise, bad tokens are 401 with a reason", async ({ page, stack }) => {
  const stamp = Date.now();
  const metrics = await bearer(stack, await createViaApi(page, stack, { name: `m-${stamp}`, role: "metrics" }));
  const viewer = await bearer(stack, await createViaApi(page, stack, { name: `v-${stamp}`, role: "viewer", expiresInDays: 30 }));
  const host = raiseHost(stack);
  try {
    const m = await metrics.get("/api/hosts");
    expect(m.status()).toBe(403);
    expect(((await m.json()) as ErrorBody).error.message).toMatch(/metrics role: it may read \/metrics only/);
    for (const p of ["/api/hosts", `/api/hosts/${host.name}`, `/api/hosts/${host.name}/samples`, "/api/audit", "/api/timeline", "/api/events"]) {
      expect((await viewer.get(p)).status(), p).toBe(200);
    }
    const raise = await viewer.post(`/api/hosts/${host.name}/limit`, { data: { mode: "temporary", max: 2 ** 30 } });
    expect(raise.status()).toBe(403);
    expect(((await raise.json()) as ErrorBody).error.message).toMatch(/API token v-\d+ has the viewer role/);
    // Tokens do not manage tokens.
    expect((await viewer.get("/api/tokens")).status()).toBe(403);
  } finally {
    await metrics.dispose();
    await viewer.dispose();
  }

  for (const [header, reason] of [
    ["Bearer ctf_" + "x".repeat(43), /unknown API token/],
    ["Bearer hunter2", /not an API token of this dashboard/],
    ["Basic b2xpdmlhOnB3", /must be `Bearer <token>`/],
  ] as const) {
    // The operator's own cookie rides along: a bad Authorization header is still a 401, never the cookie's session.
    const res = await page.request.get("/api/hosts", { headers: { authorization: header } });
    expect(res.status(), header).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message, header).toMatch(reason);
  }
  // Pages are for people: a token does not open them.
  expect((await page.request.get("/", { headers: { authorization: "Bearer ctf_" + "x".repeat(43) }, maxRedirects: 0 })).status()).toBe(401);
});

test("an operator token raises a limit without a cookie or CSRF token, and the audit names the token", async ({ page, stack }) => {
  const name = `ci-${Date.now()}`;
  const op = await bearer(stack, await createViaApi(page, stack, { name, role: "operator" }));
  const host = raiseHost(stack);
  const before = (await readHostState(host.root!))!;
  const target = Math.ceil((before.max * 2) / 32768) * 32768;
  try {
    // A key given twice (also spelt with an escape) is refused with the key named: JSON.parse would have kept the last.
    for (const body of [`{"mode":"temporary","max":1,"max":${target}}`, `{"mode":"temporary","max":${target},"m\\u0061x":1}`]) {
      const dup = await op.post(`/api/hosts/${host.name}/limit`, { headers: { "content-type": "application/json" }, data: body });
      expect(dup.status(), body).toBe(400);
      expect(((await dup.json()) as ErrorBody).error.message).toBe('the body has a duplicate key "max": send each field once');
    }
    expect((await readHostState(host.root!))!.max).toBe(before.max);
    const res = await op.post(`/api/hosts/${host.name}/limit`, { data: { mode: "temporary", max: target, reason: "token e2e" } });
    expect(res.status(), await res.text()).toBe(200);
    expect((await readHostState(host.root!))!.max).toBe(target);
    const audit = (await (await op.get(`/api/audit?host=${host.name}&user=token:${name}`)).json()) as { entries: { user: string; role: string; outcome: string; newMax: number }[] };
    expect(audit.entries[0]).toMatchObject({ user: `token:${name}`, role: "operator", outcome: "success", newMax: target });
    // A cookie session still needs its CSRF token for the same call.
    const cookie = await page.request.post(`/api/hosts/${host.name}/limit`, { headers: { origin: stack.url }, data: { mode: "temporary", max: target * 2 } });
    expect(cookie.status()).toBe(403);
    expect(((await cookie.json()) as ErrorBody).error.code).toBe("csrf");
  } finally {
    await op.dispose();
    // Put the host back as it was (the files are its state): later specs size raises from it.
    await writeHostState(host.root!, { max: before.max, hashsize: before.hashsize, buckets: before.buckets });
  }
});
