import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import type { SimHost } from "../lib/sim/types";

export interface StackInfo {
  url: string;
  control: string;
  users: Record<"operator" | "viewer", { name: string; password: string }>;
  sudoHost: string;
  /** The host the alert rules of the e2e fleet file watch (e2e/stack.ts). */
  alertHost: string;
  fleet: { dir: string; fleetFile: string; knownHostsFile: string; hosts: SimHost[] };
}

export function readStack(): StackInfo {
  return JSON.parse(fs.readFileSync(path.resolve(".e2e/stack.json"), "utf8")) as StackInfo;
}

/** The fleet overview as a page object: rows and cells by the test ids the UI promises. */
export class OverviewPage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByTestId("tile-hosts")).toBeVisible();
  }

  row(name: string) {
    return this.page.getByTestId(`host-row-${name}`);
  }

  cell(name: string, id: "host-status" | "host-reason" | "host-count" | "host-max" | "host-util" | "host-drops-hour") {
    return this.row(name).getByTestId(id);
  }
}

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, user: { name: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-user").fill(user.name);
  await page.getByTestId("login-password").fill(user.password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("signed-in-as")).toContainText(user.name);
}

/**
 * `page` is signed in as the operator; `api` is that browser context's request client (same
 * cookies). `anon` is a client with no session at all.
 */
export const test = base.extend<{ stack: StackInfo; overview: OverviewPage; api: APIRequestContext; anon: APIRequestContext }>({
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => use(readStack()),
  page: async ({ page, stack }, use) => {
    await signIn(page, stack.users.operator);
    await use(page);
  },
  api: async ({ page }, use) => use(page.request),
  anon: async ({ request }, use) => use(request),
  overview: async ({ page }, use) => use(new OverviewPage(page)),
});

export { expect };

export const fmt = (n: number) => n.toLocaleString("en-US");

export function hostsOfKind(stack: StackInfo, kind: SimHost["kind"]): SimHost[] {
  return stack.fleet.hosts.filter((h) => h.kind === kind);
}
