import { describe, expect, it } from "vitest";
import { describeDelivery } from "./alerts-format";

describe("describeDelivery", () => {
  it.each([
    [{ state: "pending", attempts: 0, nextAttemptAt: "2026-12-02T09:30:00Z", lastError: null, doneAt: null }, "queued"],
    [
      { state: "pending", attempts: 2, nextAttemptAt: "2026-12-02T09:30:04Z", lastError: "HTTP 500 Internal Server Error", doneAt: null },
      "retrying: attempt 2 failed (HTTP 500 Internal Server Error), next at 2026-12-02 09:30:04 UTC",
    ],
    [{ state: "delivered", attempts: 3, nextAttemptAt: null, lastError: "HTTP 500", doneAt: "2026-12-02T09:30:07Z" }, "delivered 2026-12-02 09:30:07 UTC (attempt 3)"],
    [{ state: "delivered", attempts: 1, nextAttemptAt: null, lastError: null, doneAt: "2026-12-02T09:30:07Z" }, "delivered 2026-12-02 09:30:07 UTC"],
    [{ state: "dead", attempts: 6, nextAttemptAt: null, lastError: "connection failed (ECONNREFUSED)", doneAt: "2026-12-02T09:40:00Z" }, "dead after 6 attempts: connection failed (ECONNREFUSED)"],
  ] as const)("%o → %s", (n, text) => {
    expect(describeDelivery(n)).toBe(text);
  });
});
