import type { APIRequestContext } from "@playwright/test";
import { expect, test, type StackInfo } from "./fixtures";
import { snapshotHostFiles } from "./host-files";

/**
 * Hostile input against the limit API, as a signed-in operator: every case gets a 4xx with a
 * reason, nothing reaches the host (its files are byte-identical afterwards), and every attempt
 * that got past authentication is in the audit log.
 */
type Case = { name: string; host?: string; body?: unknown; raw?: string; contentType?: string; status: number };

const LONG = "a".repeat(300);

/** Cyrillic and other letters that render like Latin ones. */
const LOOKALIKE: Record<string, string> = { a: "\u0430", c: "\u0441", d: "\u0501", e: "\u0435", o: "\u043e", p: "\u0440", x: "\u0445" };
function lookalike(name: string): string {
  const i = [...name].findIndex((ch) => ch in LOOKALIKE);
  if (i < 0) throw new Error(`no look-alike letter in ${name}`);
  return name.slice(0, i) + LOOKALIKE[name[i]!] + name.slice(i + 1);
}

function cases(target: string): Case[] {
  const ok = { mode: "temporary" };
  return [
    { name: "negative max", body: { ...ok, max: -1 }, status: 400 },
    { name: "zero max", body: { ...ok, max: 0 }, status: 400 },
    { name: "fractional max", raw: `{"mode":"temporary","max":524288.5}`, status: 400 },
    { name: "float notation of an integer", raw: `{"mode":"temporary","max":524288.0}`, status: 400 },
    { name: "exponent notation", raw: `{"mode":"temporary","max":1e6}`, status: 400 },
    { name: "upper-case exponent", raw: `{"mode":"temporary","max":5E5}`, status: 400 },
    { name: "numeric string", body: { ...ok, max: "524288" }, status: 400 },
    { name: "shell separator in a string", body: { ...ok, max: "524288; reboot" }, status: 400 },
    { name: "command substitution", body: { ...ok, max: "$(reboot)" }, status: 400 },
    { name: "backticks", body: { ...ok, max: "`id`" }, status: 400 },
    { name: "newline injection", body: { ...ok, max: "524288\nreboot" }, status: 400 },
    { name: "beyond 2^31-1", body: { ...ok, max: 2 ** 31 }, status: 400 },
    { name: "beyond 2^53", raw: `{"mode":"temporary","max":9007199254740993}`, status: 400 },
    { name: "below the current count", body: { ...ok, max: 1 }, status: 400 },
    { name: "beyond the memory budget", body: { ...ok, max: 2 ** 31 - 1 }, status: 400 },
    { name: "boolean max", body: { ...ok, max: true }, status: 400 },
    { name: "null max", body: { ...ok, max: null }, status: 400 },
    { name: "array max", body: { ...ok, max: [524288] }, status: 400 },
    { name: "object max", body: { ...ok, max: { $gt: 0 } }, status: 400 },
    { name: "missing max", body: { mode: "temporary" }, status: 400 },
    { name: "missing mode", body: { max: 524288 }, status: 400 },
    { name: "unknown mode", body: { mode: "forever", max: 524288 }, status: 400 },
    { name: "extra field", body: { ...ok, max: 524288, command: "rm -rf /" }, status: 400 },
    { name: "negative hashsize", body: { ...ok, max: 524288, hashsize: -5 }, status: 400 },
    { name: "hashsize with a unit", body: { ...ok, max: 524288, hashsize: "64k" }, status: 400 },
    { name: "hashsize not a page multiple", body: { ...ok, max: 524288, hashsize: 1000 }, status: 400 },
    { name: "not JSON", raw: "mode=temporary&max=524288", status: 400 },
    { name: "JSON array", raw: "[524288]", status: 400 },
    { name: "JSON null", raw: "null", status: 400 },
    { name: "wrong content type", raw: `{"mode":"temporary","max":524288}`, contentType: "text/plain", status: 415 },
    { name: "form content type", raw: "mode=temporary&max=524288", contentType: "application/x-www-form-urlencoded", status: 415 },
    { name: "oversized body", raw: JSON.stringify({ ...ok, max: 524288, pad: "x".repeat(20_000) }), status: 413 },
    { name: "host with ;", host: `${target};reboot`, body: { ...ok, max: 524288 }, status: 400 },
    { name: "host with $( )", host: "$(reboot)", body: { ...ok, max: 524288 }, status: 400 },
    { name: "host with backticks", host: "`id`", body: { ...ok, max: 524288 }, status: 400 },
    { name: "host with a newline", host: `${target}\nreboot`, body: { ...ok, max: 524288 }, status: 400 },
    { name: "host with ../", host: "../etc", body: { ...ok, max: 524288 }, status: 400 },
    { name: "unicode look-alike host", host: lookalike(target), body: { ...ok, max: 524288 }, status: 400 },
    { name: "very long host name", host: LONG, body: { ...ok, max: 524288 }, status: 400 },
    { name: "unknown host", host: "no-such-host", body: { ...ok, max: 524288 }, status: 404 },
  ];
}

async function csrfOf(api: APIRequestContext): Promise<string> {
  return ((await (await api.get("/api/auth/session")).json()) as { csrf: string }).csrf;
}

async function auditCount(api: APIRequestContext): Promise<number> {
  return ((await (await api.get("/api/audit")).json()) as { entries: unknown[] }).entries.length;
}

function target(stack: StackInfo) {
  return stack.fleet.hosts.find((h) => h.kind === "normal" && h.os === "rhel9")!;
}

test("40 hostile inputs: each a 4xx with a reason, the host untouched, the attempt audited", async ({ api, stack }) => {
  test.setTimeout(120_000);
  const host = target(stack);
  const csrf = await csrfOf(api);
  const before = snapshotHostFiles(host.root!);
  const auditBefore = await auditCount(api);
  const all = cases(host.name);
  expect(all.length).toBeGreaterThanOrEqual(30);
  for (const c of all) {
    const res = await api.fetch(`/api/hosts/${encodeURIComponent(c.host ?? host.name)}/limit`, {
      method: "POST",
      headers: { origin: stack.url, "x-csrf-token": csrf, "content-type": c.contentType ?? "application/json" },
      data: c.raw ?? JSON.stringify(c.body),
    });
    expect(res.status(), c.name).toBe(c.status);
    const err = ((await res.json()) as { error?: { code?: string; message?: string } }).error;
    expect(err?.code, c.name).toBeTruthy();
    expect(err?.message?.length ?? 0, `${c.name}: a reason`).toBeGreaterThan(5);
    expect(snapshotHostFiles(host.root!), `${c.name}: host files unchanged`).toEqual(before);
  }
  expect(await auditCount(api)).toBe(auditBefore + all.length);
  const refused = ((await (await api.get(`/api/audit?outcome=refused`)).json()) as { entries: { outcome: string; detail: string }[] }).entries;
  expect(refused.length).toBeGreaterThanOrEqual(all.length);
});

test("plan queries refuse malformed numbers without touching the host", async ({ api, stack }) => {
  const host = target(stack);
  const before = snapshotHostFiles(host.root!);
  for (const q of ["max=1e6", "max=-5", "max=5.5", "max=%24(reboot)", "mode=forever", "hashsize=64k", "evil=1"]) {
    const res = await api.get(`/api/hosts/${host.name}/limit/plan?${q}`);
    expect(res.status(), q).toBe(400);
  }
  expect(snapshotHostFiles(host.root!)).toEqual(before);
});
