import { describe, expect, it } from "vitest";
import { annotationLabel, auditMarks, describeAuditChange, formatChange, usersIn } from "./audit-format";
import { auditEntrySchema, type AuditEntry } from "./audit-schema";

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return auditEntrySchema.parse({
    id: 1, ts: "2026-11-25T18:00:00.000Z", user: "olivia", role: "operator", host: "web-01", action: "raise-limit",
    mode: "permanent", oldMax: 262144, newMax: 524288, oldHashsize: 65536, newHashsize: 131072,
    commands: [], files: [], outcome: "success", error: null, detail: null, ...over,
  });
}

describe("formatChange", () => {
  it.each([
    [262144, 524288, "262,144 → 524,288"],
    [null, 524288, "? → 524,288"],
    [262144, null, "262,144 → ?"],
    [null, null, null],
  ])("%j → %j", (a, b, out) => {
    expect(formatChange(a, b)).toBe(out);
  });
});

describe("describeAuditChange", () => {
  it("shows the hashsize only when one was asked for and differs", () => {
    expect(describeAuditChange(entry())).toEqual({ max: "262,144 → 524,288", hashsize: "65,536 → 131,072" });
    expect(describeAuditChange(entry({ newHashsize: null })).hashsize).toBeNull();
    expect(describeAuditChange(entry({ newHashsize: 65536 })).hashsize).toBeNull();
  });
});

describe("annotationLabel", () => {
  it.each([
    [{}, "olivia raised max 262,144 → 524,288 (permanent)"],
    [{ outcome: "failed" as const, mode: "temporary" as const }, "olivia tried to raise max 262,144 → 524,288 (temporary): failed"],
    [{ outcome: "refused" as const, mode: null, oldMax: null, newMax: null }, "olivia tried to raise max: refused"],
  ])("%j", (over, label) => {
    expect(annotationLabel(entry(over))).toBe(label);
  });
});

describe("auditMarks", () => {
  it("sorts ascending in Unix seconds and drops unreadable times", () => {
    const m = auditMarks([
      entry({ id: 3, ts: "2026-11-25T18:10:00Z", outcome: "failed" }),
      entry({ id: 2, ts: "garbage" }),
      entry({ id: 1, ts: "2026-11-25T18:00:00Z" }),
    ]);
    expect(m.x).toEqual([Date.parse("2026-11-25T18:00:00Z") / 1000, Date.parse("2026-11-25T18:10:00Z") / 1000]);
    expect(m.outcome).toEqual(["success", "failed"]);
    expect(m.label[0]).toMatch(/^olivia raised/);
  });
});

describe("usersIn", () => {
  it("lists each user once, sorted", () => {
    expect(usersIn([entry({ user: "zed" }), entry(), entry()])).toEqual(["olivia", "zed"]);
  });
});
