import { describe, expect, it } from "vitest";
import { HostLocks } from "./host-locks";

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("HostLocks", () => {
  it("serialises work on one host, in arrival order; the second sees the first's result", async () => {
    const locks = new HostLocks();
    const log: string[] = [];
    let limit = 65536;
    const raise = (who: string, to: number) => locks.run("web-01", async () => {
      log.push(`${who} start (limit ${limit})`);
      await tick();
      if (to > limit) limit = to;
      log.push(`${who} end`);
      return limit;
    });
    const [a, b] = await Promise.all([raise("a", 262144), raise("b", 131072)]);
    expect(log).toEqual(["a start (limit 65536)", "a end", "b start (limit 262144)", "b end"]);
    expect([a, b]).toEqual([262144, 262144]);
  });

  it("does not hold other hosts up", async () => {
    const locks = new HostLocks();
    const order: string[] = [];
    let release!: () => void;
    const slow = locks.run("a", () => new Promise<void>((r) => { release = r; }).then(() => order.push("a")));
    await locks.run("b", async () => order.push("b"));
    release();
    await slow;
    expect(order).toEqual(["b", "a"]);
  });

  it("a failing holder releases the lock and its error reaches only its caller", async () => {
    const locks = new HostLocks();
    const first = locks.run("h", async () => {
      await tick();
      throw new Error("boom");
    });
    const second = locks.run("h", async () => "ran");
    await expect(first).rejects.toThrow("boom");
    await expect(second).resolves.toBe("ran");
    expect(locks.isBusy("h")).toBe(false);
  });

  it("forgets idle hosts", async () => {
    const locks = new HostLocks();
    const p = locks.run("h", () => tick());
    expect(locks.isBusy("h")).toBe(true);
    await p;
    expect(locks.isBusy("h")).toBe(false);
  });
});
