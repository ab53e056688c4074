import { describe, expect, it } from "vitest";
import { confirmableRequest, draftFromPlan, parseCountInput, readDraft } from "./limit-draft";
import { limitPlanSchema, type LimitPlan } from "./limit-schema";

describe("parseCountInput", () => {
  it.each([
    ["524288", 524288],
    [" 524288 ", 524288],
    ["524,288", 524288],
    ["1,048,576", 1048576],
    ["0524288", 524288],
    ["0", 0],
    ["2147483647", 2147483647],
  ])("accepts %j as %d", (raw, value) => {
    expect(parseCountInput(raw)).toEqual({ kind: "ok", value });
  });

  it.each([
    ["1e6", /exponent/],
    ["5.2E5", /exponent/],
    ["524288.0", /decimal/],
    ["524.288", /decimal/],
    ["-1", /sign/],
    ["+524288", /sign/],
    ["52,4288", /groups of three/],
    ["1,2,3", /groups of three/],
    ["0x80000", /digits only/],
    ["five", /digits only/],
    ["524 288", /digits only/],
    ["2147483648", /too large/],
    ["99999999999", /too large/],
    ["１２３", /digits only/],
  ])("refuses %j", (raw, reason) => {
    const r = parseCountInput(raw);
    expect(r.kind).toBe("invalid");
    if (r.kind === "invalid") expect(r.reason).toMatch(reason);
  });

  it("treats blank as empty", () => {
    expect(parseCountInput("   ")).toEqual({ kind: "empty" });
  });
});

describe("readDraft", () => {
  it("asks for the proposal while untouched", () => {
    expect(readDraft(null)).toEqual({ ok: true, max: null, hashsize: null });
  });

  it("reads both values, an empty hashsize leaving the hash table alone", () => {
    expect(readDraft({ max: "600,000", hashsize: "" })).toEqual({ ok: true, max: 600000, hashsize: null });
    expect(readDraft({ max: "600000", hashsize: "196608" })).toEqual({ ok: true, max: 600000, hashsize: 196608 });
  });

  it("names the field it refuses", () => {
    expect(readDraft({ max: "", hashsize: "" })).toMatchObject({ ok: false, field: "max" });
    expect(readDraft({ max: "1e6", hashsize: "" })).toMatchObject({ ok: false, field: "max" });
    expect(readDraft({ max: "600000", hashsize: "12.5" })).toMatchObject({ ok: false, field: "hashsize" });
  });
});

const basePlan = {
  host: "web-01",
  current: { count: 250000, max: 262144, buckets: 65536, hashsize: 65536 },
  proposal: { max: 524288, hashsize: 131072, memoryBytes: 171966464, budgetBytes: 858993459, rules: [], summary: "s" },
  requested: { max: 524288, hashsize: 131072 },
  check: { ok: true },
  plan: { mode: "temporary", steps: [{ id: "set-live", description: "Set the live value", command: "sysctl -w x=524288" }], files: [] },
};

function plan(over: Record<string, unknown> = {}): LimitPlan {
  return limitPlanSchema.parse({ ...basePlan, ...over });
}

describe("confirmableRequest", () => {
  it("sends the proposal as planned, hashsize included", () => {
    expect(confirmableRequest(plan(), { mode: "temporary", max: null, hashsize: null })).toEqual({
      mode: "temporary",
      max: 524288,
      hashsize: 131072,
    });
  });

  it("sends an explicit max without a hashsize when none was typed", () => {
    const p = plan({ requested: { max: 600000, hashsize: null } });
    expect(confirmableRequest(p, { mode: "temporary", max: 600000, hashsize: null })).toEqual({ mode: "temporary", max: 600000, hashsize: null });
  });

  it("refuses when the plan on screen is for other values or another mode", () => {
    expect(confirmableRequest(plan(), { mode: "temporary", max: 600000, hashsize: null })).toBeNull();
    expect(confirmableRequest(plan(), { mode: "temporary", max: 524288, hashsize: 65536 })).toBeNull();
    expect(confirmableRequest(plan(), { mode: "permanent", max: null, hashsize: null })).toBeNull();
  });

  it("refuses a failed check, a missing plan or a plan with no steps", () => {
    expect(confirmableRequest(plan({ check: { ok: false, code: "below_current", reason: "r" }, plan: null }), { mode: "temporary", max: null, hashsize: null })).toBeNull();
    expect(confirmableRequest(plan({ plan: null }), { mode: "temporary", max: null, hashsize: null })).toBeNull();
    expect(confirmableRequest(plan({ plan: { ...basePlan.plan, steps: [] } }), { mode: "temporary", max: null, hashsize: null })).toBeNull();
    expect(confirmableRequest(plan({ requested: null }), { mode: "temporary", max: null, hashsize: null })).toBeNull();
    expect(confirmableRequest(undefined, { mode: "temporary", max: null, hashsize: null })).toBeNull();
  });
});

describe("draftFromPlan", () => {
  it("pre-fills what the server understood, or nothing", () => {
    expect(draftFromPlan(plan())).toEqual({ max: "524288", hashsize: "131072" });
    expect(draftFromPlan(plan({ requested: { max: 600000, hashsize: null } }))).toEqual({ max: "600000", hashsize: "" });
    expect(draftFromPlan(plan({ requested: null }))).toEqual({ max: "", hashsize: "" });
  });
});
