import { describe, expect, it } from "vitest";
import { tableItems } from "./fleet-rows";
import { makeHost } from "./test-hosts";

const hosts = [
  makeHost("c1", { status: "critical" }),
  makeHost("c2", { status: "critical" }),
  makeHost("u1", { status: "unreachable" }),
  makeHost("k1", { status: "hostkey" }),
  makeHost("o1"),
];

describe("tableItems", () => {
  it("puts a heading with its count before each status group", () => {
    const items = tableItems(hosts, true);
    expect(items.map((i) => (i.kind === "group" ? `[${i.group} ${i.count}]` : i.host.name))).toEqual([
      "[critical 2]", "c1", "c2", "[failing 2]", "u1", "k1", "[ok 1]", "o1",
    ]);
  });

  it("is just the hosts when not grouped", () => {
    expect(tableItems(hosts, false).map((i) => i.key)).toEqual(["c1", "c2", "u1", "k1", "o1"]);
  });

  it("keeps keys unique when a group comes back", () => {
    const items = tableItems([makeHost("a"), makeHost("b", { status: "warn" }), makeHost("c")], true);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });
});
