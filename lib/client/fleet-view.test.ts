import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, parseView, serializeView, toggleSort, type FleetView } from "./fleet-view";

const view = (over: Partial<FleetView>): FleetView => ({ ...DEFAULT_VIEW, ...over });

describe("parseView", () => {
  it.each<[string, FleetView]>([
    ["", DEFAULT_VIEW],
    ["q=web&tag=eu-west&status=critical", view({ q: "web", tag: "eu-west", status: "critical" })],
    ["status=failing", view({ status: "failing" })],
    ["status=bogus", DEFAULT_VIEW],
    ["sort=util", view({ sort: "util", dir: "desc" })],
    ["sort=name", view({ sort: "name", dir: "asc" })],
    ["sort=name&dir=desc", view({ sort: "name", dir: "desc" })],
    ["sort=nope&dir=sideways", DEFAULT_VIEW],
    ["dir=asc", view({ dir: "asc" })],
    ["view=heatmap", view({ display: "heatmap" })],
    ["view=table", DEFAULT_VIEW],
    ["view=pie", DEFAULT_VIEW],
  ])("?%s", (qs, expected) => {
    expect(parseView(new URLSearchParams(qs))).toEqual(expected);
  });
});

describe("serializeView", () => {
  it.each<[FleetView, string]>([
    [DEFAULT_VIEW, ""],
    [view({ q: " web " }), "q=web"],
    [view({ tag: "eu-west", status: "warn" }), "tag=eu-west&status=warn"],
    [view({ sort: "util", dir: "desc" }), "sort=util"],
    [view({ sort: "util", dir: "asc" }), "sort=util&dir=asc"],
    [view({ sort: "name", dir: "asc" }), "sort=name"],
    [view({ dir: "asc" }), "dir=asc"],
    [view({ display: "heatmap", tag: "web" }), "tag=web&view=heatmap"],
  ])("%o → %s", (v, qs) => {
    expect(serializeView(v)).toBe(qs);
  });

  it("round-trips through parseView", () => {
    const v = view({ q: "db", tag: "a b&c", status: "dropping", sort: "drops", dir: "asc", display: "heatmap" });
    expect(parseView(new URLSearchParams(serializeView(v)))).toEqual(v);
  });
});

describe("toggleSort", () => {
  it("flips direction on the same column", () => {
    expect(toggleSort(DEFAULT_VIEW, "status")).toEqual(view({ dir: "asc" }));
  });
  it("starts a new column in its natural direction", () => {
    expect(toggleSort(DEFAULT_VIEW, "name")).toEqual(view({ sort: "name", dir: "asc" }));
    expect(toggleSort(view({ sort: "name", dir: "desc" }), "count")).toEqual(view({ sort: "count", dir: "desc" }));
  });
});
