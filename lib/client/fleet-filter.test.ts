import { describe, expect, it } from "vitest";
import { collectTags, filterHosts } from "./fleet-filter";
import type { FleetView } from "./fleet-view";
import { makeHost } from "./test-hosts";

const fleet = [
  makeHost("web-01", { address: "10.0.1.1", tags: ["web", "eu-west"], status: "critical", droppingNow: true }),
  makeHost("web-02", { address: "10.0.1.2", tags: ["web", "us-east"], status: "warn" }),
  makeHost("db-01", { address: "10.0.2.1", tags: ["db", "eu-west"] }),
  makeHost("lb-01", { address: "192.168.5.9", tags: ["lb"], status: "unreachable" }),
  makeHost("lb-02", { address: "192.168.5.10", tags: ["lb"], status: "hostkey" }),
  makeHost("new-01", { address: "10.9.9.9", status: "pending" }),
];

type Filter = Pick<FleetView, "q" | "tag" | "status">;
const f = (over: Partial<Filter>): Filter => ({ q: "", tag: "", status: "", ...over });

describe("filterHosts", () => {
  it.each<[string, Filter, string[]]>([
    ["no filter", f({}), ["web-01", "web-02", "db-01", "lb-01", "lb-02", "new-01"]],
    ["text on name", f({ q: "WEB" }), ["web-01", "web-02"]],
    ["text on address", f({ q: "192.168" }), ["lb-01", "lb-02"]],
    ["text on tag", f({ q: "eu-west" }), ["web-01", "db-01"]],
    ["every word must match", f({ q: "web eu" }), ["web-01"]],
    ["surrounding spaces ignored", f({ q: "  db  " }), ["db-01"]],
    ["tag exact", f({ tag: "lb" }), ["lb-01", "lb-02"]],
    ["tag is not a substring match", f({ tag: "eu" }), []],
    ["status literal", f({ status: "critical" }), ["web-01"]],
    ["status literal unreachable excludes hostkey", f({ status: "unreachable" }), ["lb-01"]],
    ["failing = unreachable + hostkey", f({ status: "failing" }), ["lb-01", "lb-02"]],
    ["dropping now", f({ status: "dropping" }), ["web-01"]],
    ["filters combine", f({ q: "01", tag: "eu-west", status: "ok" }), ["db-01"]],
  ])("%s", (_label, filter, expected) => {
    expect(filterHosts(fleet, filter).map((h) => h.name)).toEqual(expected);
  });
});

describe("collectTags", () => {
  it("dedupes and sorts", () => {
    expect(collectTags(fleet)).toEqual(["db", "eu-west", "lb", "us-east", "web"]);
  });
  it("is empty for an untagged fleet", () => {
    expect(collectTags([makeHost("a")])).toEqual([]);
  });
});
