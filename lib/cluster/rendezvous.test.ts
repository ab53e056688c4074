import { describe, expect, it } from "vitest";
import { hostsOwnedBy, ownerOf, rendezvousScore } from "./rendezvous";

const hosts = Array.from({ length: 3000 }, (_, i) => `web-${String(i).padStart(4, "0")}.dc1.example.net`);

describe("rendezvous hashing", () => {
  it("scores deterministically, differently per replica and per host", () => {
    expect(rendezvousScore("a", "h1")).toBe(rendezvousScore("a", "h1"));
    expect(rendezvousScore("a", "h1")).not.toBe(rendezvousScore("b", "h1"));
    expect(rendezvousScore("a", "h1")).not.toBe(rendezvousScore("a", "h2"));
    expect(Number.isSafeInteger(rendezvousScore("a", "h1"))).toBe(true);
  });

  it("gives every host exactly one owner, spread about evenly", () => {
    const replicas = ["r-a", "r-b", "r-c"];
    const owned = replicas.map((r) => hostsOwnedBy(r, hosts, replicas));
    expect(owned.reduce((n, o) => n + o.length, 0)).toBe(hosts.length);
    expect(new Set(owned.flat()).size).toBe(hosts.length);
    for (const o of owned) {
      expect(o.length).toBeGreaterThan(850);
      expect(o.length).toBeLessThan(1150);
    }
  });

  it("moves only the leaving replica's hosts when one goes away", () => {
    const before = new Map(hosts.map((h) => [h, ownerOf(h, ["r-a", "r-b", "r-c"])]));
    const after = new Map(hosts.map((h) => [h, ownerOf(h, ["r-a", "r-c"])]));
    for (const h of hosts) {
      if (before.get(h) !== "r-b") expect(after.get(h)).toBe(before.get(h));
      else expect(["r-a", "r-c"]).toContain(after.get(h));
    }
  });

  it("takes about a quarter of the fleet for a fourth replica, and only for it", () => {
    const three = ["r-a", "r-b", "r-c"];
    const moved = hosts.filter((h) => ownerOf(h, three) !== ownerOf(h, [...three, "r-d"]));
    for (const h of moved) expect(ownerOf(h, [...three, "r-d"])).toBe("r-d");
    expect(moved.length).toBeGreaterThan(600);
    expect(moved.length).toBeLessThan(900);
  });

  it("has no owner without replicas, and owns nothing for a replica not in the list", () => {
    expect(ownerOf("h", [])).toBeNull();
    expect(hostsOwnedBy("r-z", hosts, ["r-a"])).toEqual([]);
  });
});
