import { expect, signIn, test } from "./fixtures";
import { test as base } from "@playwright/test";

test.describe("access control", () => {
  test("nothing is readable without a session", async ({ anon }) => {
    for (const path of ["/api/hosts", "/api/events", "/api/hosts/x/samples"]) {
      const res = await anon.get(path);
      expect(res.status(), path).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    expect((await anon.get("/api/health")).status()).toBe(200);
    const page = await anon.get("/", { maxRedirects: 0 });
    expect(page.status()).toBe(303);
    expect(page.headers()["location"]).toMatch(/\/login/);
  });

  test("security headers, and a CSP the app satisfies", async ({ page, api }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto("/");
    const h = res!.headers();
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
    await expect(page.getByTestId("tile-hosts")).toContainText(/\d/);
    await page.reload();
    await expect(page.getByTestId("tile-hosts")).toContainText(/\d/);
    expect(violations).toEqual([]);
    expect((await api.get("/api/hosts")).headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("a cross-origin POST and a POST without the CSRF token are refused", async ({ api, stack }) => {
    const cross = await api.post("/api/auth/logout", { headers: { origin: "http://evil.example", "content-type": "application/json" }, data: {} });
    expect(cross.status()).toBe(403);
    expect(((await cross.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "csrf" });
    const noToken = await api.post("/api/auth/logout", { headers: { origin: stack.url, "content-type": "application/json" }, data: {} });
    expect(noToken.status()).toBe(403);
    // Still signed in: neither request changed anything.
    expect((await api.get("/api/hosts")).status()).toBe(200);
  });
});

base.describe("sign-in", () => {
  base("wrong password, right password, sign out", async ({ page }) => {
    const { users } = (await import("./fixtures")).readStack();
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await page.getByTestId("login-user").fill(users.viewer.name);
    await page.getByTestId("login-password").fill("not the password");
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error")).toHaveText(/wrong user name or password/);
    await signIn(page, users.viewer);
    await expect(page.getByTestId("signed-in-as")).toContainText("viewer");
    const before = await page.context().cookies();
    expect(before.find((c) => c.name === "ctf_session")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    await page.getByTestId("logout").click();
    await expect(page).toHaveURL(/\/login/);
    // The old cookie is dead on the server, not just deleted in this browser.
    const ctx = page.context();
    await ctx.addCookies(before.filter((c) => c.name === "ctf_session"));
    expect((await page.request.get("/api/hosts")).status()).toBe(401);
  });

  base("repeated failures are slowed down", async ({ request }) => {
    const attempt = () => request.post("/api/auth/login", { data: { user: "mallory", password: "guess" }, headers: { origin: "http://127.0.0.1:3100" } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await attempt()).status());
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(codes[4]).toBe(429);
  });

  base("an idle session expires", async ({ page }) => {
    base.setTimeout(120_000);
    const { users } = (await import("./fixtures")).readStack();
    await signIn(page, users.viewer);
    await page.goto("about:blank"); // nothing polls: the session sits idle
    await page.waitForTimeout(65_000);
    expect((await page.request.get("/api/hosts")).status()).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
});
