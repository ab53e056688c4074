import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./login-throttle";

describe("LoginThrottle", () => {
  it("lets three failures through, then doubles the wait", () => {
    const t = new LoginThrottle();
    const keys = ["user:alice", "ip:127.0.0.1"];
    for (let i = 0; i < 2; i++) t.fail(keys, 0);
    expect(t.waitMs(keys, 0)).toBe(0);
    t.fail(keys, 0);
    expect(t.waitMs(keys, 0)).toBe(1000);
    t.fail(keys, 1000);
    expect(t.waitMs(keys, 1000)).toBe(2000);
    expect(t.waitMs(["user:bob"], 1000)).toBe(0);
    expect(t.waitMs(["user:bob", "ip:127.0.0.1"], 1000)).toBe(2000);
  });
  it("caps the wait and forgets a user after a success", () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 40; i++) t.fail(["user:a"], 0);
    expect(t.waitMs(["user:a"], 0)).toBe(300_000);
    t.succeed(["user:a"]);
    expect(t.waitMs(["user:a"], 0)).toBe(0);
  });
});
