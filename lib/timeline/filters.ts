/**
 * The timeline's host filters as they travel in a query string: comma-separated, validated with
 * the fleet file's own name and tag rules so a filter can never name something the fleet could not.
 */

import { HOST_NAME_RE, TAG_RE } from "@/lib/config/fleet-schema";

const MAX_ITEMS = 500;

export type ListParse = { ok: true; values: string[] } | { ok: false; reason: string };

function parseList(raw: string | null | undefined, re: RegExp, what: string, maxLen: number): ListParse {
  if (raw === null || raw === undefined || raw.trim() === "") return { ok: true, values: [] };
  const values = [...new Set(raw.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  if (values.length > MAX_ITEMS) return { ok: false, reason: `at most ${MAX_ITEMS} ${what}s` };
  const bad = values.find((v) => !re.test(v) || v.length > maxLen);
  if (bad !== undefined) return { ok: false, reason: `invalid ${what} ${JSON.stringify(bad.slice(0, 80))}: only ${what === "host" ? "letters, digits, '.', '_' and '-'" : "letters, digits and . _ : / = -"} are allowed` };
  return { ok: true, values };
}

export const parseHostList = (raw: string | null | undefined) => parseList(raw, HOST_NAME_RE, "host", 253);
export const parseTagList = (raw: string | null | undefined) => parseList(raw, TAG_RE, "tag", 64);

/** A host passes when it is named (if any names are given) and carries every given tag. */
export function matchesHostFilter(host: { name: string; tags: readonly string[] }, f: { hosts: readonly string[]; tags: readonly string[] }): boolean {
  if (f.hosts.length > 0 && !f.hosts.includes(host.name)) return false;
  return f.tags.every((t) => host.tags.includes(t));
}
