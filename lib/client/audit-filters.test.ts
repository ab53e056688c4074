import { describe, expect, it } from "vitest";
import { auditKeys, auditUrl } from "./audit-api";
import { isAuditFiltered, NO_FILTERS, parseAuditFilters, serializeAuditFilters } from "./audit-filters";

const params = (qs: string) => new URLSearchParams(qs);

describe("parseAuditFilters", () => {
  it.each([
    ["", NO_FILTERS],
    ["host=web-01", { host: "web-01", user: "", outcome: "", days: 30 }],
    ["user=%20olivia%20&outcome=failed", { host: "", user: "olivia", outcome: "failed", days: 30 }],
    ["outcome=bogus", NO_FILTERS],
    ["outcome=SUCCESS", NO_FILTERS],
    ["days=7", { ...NO_FILTERS, days: 7 }],
    ["days=365", { ...NO_FILTERS, days: 365 }],
    ["days=5", NO_FILTERS],
    ["days=1e1", NO_FILTERS],
  ])("%j", (qs, expected) => {
    expect(parseAuditFilters(params(qs))).toEqual(expected);
  });

  it("caps absurdly long values", () => {
    expect(parseAuditFilters(params(`host=${"a".repeat(500)}`)).host).toHaveLength(300);
  });
});

describe("serializeAuditFilters", () => {
  it("leaves empty filters out and round-trips", () => {
    expect(serializeAuditFilters(NO_FILTERS)).toBe("");
    const f = { host: "web-01", user: "olivia", outcome: "refused" as const, days: 90 as const };
    expect(serializeAuditFilters(f)).toBe("host=web-01&user=olivia&outcome=refused&days=90");
    expect(serializeAuditFilters({ ...f, days: 30 })).toBe("host=web-01&user=olivia&outcome=refused");
    expect(parseAuditFilters(params(serializeAuditFilters(f)))).toEqual(f);
    expect(isAuditFiltered(NO_FILTERS)).toBe(false);
    expect(isAuditFiltered({ ...NO_FILTERS, user: "  " })).toBe(false);
    expect(isAuditFiltered({ ...NO_FILTERS, outcome: "failed" })).toBe(true);
    expect(isAuditFiltered({ ...NO_FILTERS, days: 7 })).toBe(true);
  });
});

describe("auditUrl and keys", () => {
  it("sends only the filters that are set, and whole-second times for a window", () => {
    expect(auditUrl(NO_FILTERS)).toBe("/api/audit");
    expect(auditUrl({ host: "a b", user: "", outcome: "" })).toBe("/api/audit?host=a+b");
    const t0 = Date.parse("2026-11-25T18:00:00Z");
    expect(auditUrl({ host: "web-01", user: "", outcome: "" }, { fromMs: t0, toMs: t0 + 3_600_000.7 })).toBe(
      "/api/audit?host=web-01&from=2026-11-25T18%3A00%3A00Z&to=2026-11-25T19%3A00%3A00Z",
    );
  });

  it("keys the list by trimmed filters", () => {
    expect(auditKeys.list({ ...NO_FILTERS, host: " web-01 " })).toEqual(auditKeys.list({ ...NO_FILTERS, host: "web-01" }));
    expect(auditKeys.list({ ...NO_FILTERS, days: 7 })).not.toEqual(auditKeys.list(NO_FILTERS));
  });
});
