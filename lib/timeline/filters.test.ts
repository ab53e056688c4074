import { describe, expect, it } from "vitest";
import { matchesHostFilter, parseHostList, parseTagList } from "./filters";

describe("parseHostList / parseTagList", () => {
  it.each([
    [null, { ok: true, values: [] }],
    ["", { ok: true, values: [] }],
    ["web-01", { ok: true, values: ["web-01"] }],
    [" web-01 , db_2.example ,web-01,", { ok: true, values: ["web-01", "db_2.example"] }],
  ])("hosts %j", (raw, expected) => expect(parseHostList(raw)).toEqual(expected));

  it.each(["web 01", "web-01;rm", "a/b", "x".repeat(254)])("rejects host %j with a reason", (raw) => {
    const r = parseHostList(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/invalid host/);
  });

  it.each([
    ["web,env=prod,dc:eu/1", true],
    ["web tag", false],
    ["a|b", false],
  ])("tags %j valid: %s", (raw, ok) => expect(parseTagList(raw).ok).toBe(ok));
});

describe("matchesHostFilter", () => {
  const h = { name: "web-01", tags: ["web", "eu-west"] };
  it.each([
    [{ hosts: [], tags: [] }, true],
    [{ hosts: ["web-01"], tags: [] }, true],
    [{ hosts: ["db-01"], tags: [] }, false],
    [{ hosts: [], tags: ["web"] }, true],
    [{ hosts: [], tags: ["web", "eu-west"] }, true],
    [{ hosts: [], tags: ["web", "us-east"] }, false],
  ])("%j → %s", (f, expected) => expect(matchesHostFilter(h, f)).toBe(expected));
});
