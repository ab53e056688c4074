import { describe, expect, it } from "vitest";
import { checkRequestedLimit, proposeLimit, type HostLimitFacts, type LimitPolicy } from "./plan";
import { HASH_PAGE_BUCKETS, largestWithinBudget, ROUND_TO, tableBytes } from "./sizing";

const GiB = 1024 ** 3;
const policy: LimitPolicy = { headroom: 1.5, memoryBudgetFraction: 0.05 };
const web: HostLimitFacts = {
  cores: 8, memTotalBytes: 16 * GiB, count: 50_000, max: 65_536, buckets: 16_384, hashsize: 16_384,
  module: "nf_conntrack", kernel: "4.18.0-553.el8_10.x86_64", entryBytes: null, peakCount: 60_000,
};
const host = (patch: Partial<HostLimitFacts>): HostLimitFacts => ({ ...web, ...patch });

describe("proposeLimit", () => {
  const cases: Array<[string, HostLimitFacts, { raise: boolean; max: number; hashsize: number | null; decidedBy: string }]> = [
    ["kube-proxy floor wins on a quiet 8-core host", web, { raise: true, max: 262_144, hashsize: 65_536, decidedBy: "kube-proxy" }],
    ["peak × headroom wins, rounded up to 32768", host({ cores: 4, peakCount: 200_000 }), { raise: true, max: 327_680, hashsize: 81_920, decidedBy: "peak-headroom" }],
    ["a count above the recorded peak counts as the peak", host({ cores: 2, count: 300_000, max: 310_000, peakCount: 0 }),
      { raise: true, max: 458_752, hashsize: 114_688, decidedBy: "peak-headroom" }],
    ["memory budget caps a small-RAM, many-core host", host({ cores: 16, memTotalBytes: 2 * GiB }), { raise: true, max: 327_680, hashsize: 81_920, decidedBy: "memory-budget" }],
    ["already enough: no raise", host({ max: 1_048_576, buckets: 262_144, hashsize: 262_144, peakCount: 100_000 }),
      { raise: false, max: 1_048_576, hashsize: null, decidedBy: "current-max" }],
    ["budget exhausted: no raise", host({ cores: 16, memTotalBytes: 2 * GiB, max: 327_680, count: 250_000, peakCount: 300_000 }),
      { raise: false, max: 327_680, hashsize: null, decidedBy: "memory-budget" }],
    ["≥ 5.15 kernel with buckets = max keeps its bigger hash table", host({ kernel: "6.1.0-28-amd64", max: 262_144, buckets: 262_144, hashsize: 262_144, peakCount: 250_000 }),
      { raise: true, max: 393_216, hashsize: null, decidedBy: "peak-headroom" }],
    ["unknown hash size: propose max/4", host({ buckets: null, hashsize: null }), { raise: true, max: 262_144, hashsize: 65_536, decidedBy: "kube-proxy" }],
  ];
  it.each(cases)("%s", (_name, facts, want) => {
    const p = proposeLimit(facts, policy);
    expect({ raise: p.raise, max: p.max, hashsize: p.hashsize, decidedBy: p.decidedBy }).toEqual(want);
    if (p.raise) {
      expect(p.max % ROUND_TO).toBe(0);
      expect(p.max).toBeGreaterThan(facts.max);
      expect(p.memory.fullTableBytes).toBeLessThanOrEqual(p.memory.budgetBytes ?? -1);
    }
    if (p.hashsize !== null) expect(p.hashsize % HASH_PAGE_BUCKETS).toBe(0);
    expect(p.rules.filter((r) => r.id === p.decidedBy).every((r) => r.decisive)).toBe(true);
  });

  it("CPU count unknown (CentOS 5 without cpu/online or cpuinfo): sized from the peak, and says so", () => {
    const p = proposeLimit(host({ cores: null, peakCount: 100_000 }), policy);
    expect({ raise: p.raise, max: p.max, decidedBy: p.decidedBy, unknownInputs: p.unknownInputs })
      .toEqual({ raise: true, max: 163_840, decidedBy: "peak-headroom", unknownInputs: ["CPU count"] });
    expect(p.explanation[0]).toBe("kube-proxy minimum: unknown, the host's CPU count could not be read");
    expect(p.explanation).toContainEqual(expect.stringMatching(/^The host's CPU count is unknown \(no \/sys\/devices\/system\/cpu\/online/));
  });

  it("names where a CPU count that is not the online list came from", () => {
    const p = proposeLimit(host({ cores: 2, coresSource: "from /proc/cpuinfo" }), policy);
    expect(p.explanation[0]).toBe("kube-proxy minimum: max(32768 × 2 cores from /proc/cpuinfo, 131072) = 131072");
    expect(p.unknownInputs).toEqual([]);
  });

  it("RAM unknown: no proposal, and the reason names the input", () => {
    const p = proposeLimit(host({ memTotalBytes: null }), policy);
    expect({ raise: p.raise, max: p.max, budget: p.memory.budgetBytes, unknownInputs: p.unknownInputs })
      .toEqual({ raise: false, max: 65_536, budget: null, unknownInputs: ["RAM size"] });
    expect(p.explanation.at(-1)).toBe("No raise proposed: the host's RAM size is unknown, so no limit can be checked against the memory budget.");
  });

  it("explains each rule with its number and names the winner", () => {
    const p = proposeLimit(web, policy);
    expect(p.explanation).toEqual([
      "kube-proxy minimum: max(32768 × 8 cores, 131072) = 262144",
      "Observed peak 60000 × 1.5 headroom = 90000",
      "The larger, 262144, rounded up to a multiple of 32768 = 262144",
      expect.stringMatching(/^Memory budget 5 % of 16\.0 GiB RAM = 819 MiB: room for at most \d+ entries at 320 B each \(default; \/proc\/slabinfo not readable\) plus the hash table$/),
      "Current limit 65536: one-click only raises, never lowers",
      expect.stringMatching(/^Hash table: 65536 buckets = max\/4 .* up from 16384; costs 512 KiB, allocated at once$/),
      expect.stringMatching(/^Proposed limit 262144 \(decided by: kube-proxy minimum\); a full table would use 80\.5 MiB\.$/),
    ]);
  });

  it("uses the slab's entry size when known, and warns when the budget keeps it below the peak", () => {
    const p = proposeLimit(host({ cores: 2, memTotalBytes: 2 * GiB, peakCount: 400_000, count: 100_000, max: 131_072, entryBytes: 400 }), policy);
    expect(p.memory).toMatchObject({ entryBytes: 400, entryBytesSource: "slabinfo" });
    expect(p.decidedBy).toBe("memory-budget");
    expect(p.explanation.join("\n")).toMatch(/at 400 B each \(from \/proc\/slabinfo\)/);
    expect(p.explanation.at(-1)).toMatch(/^Warning: the memory budget keeps the limit below the peak with headroom \(600000\)/);
  });

  it("rejects a nonsensical policy", () => {
    expect(() => proposeLimit(web, { headroom: 0.5, memoryBudgetFraction: 0.05 })).toThrow(/headroom/);
    expect(() => proposeLimit(web, { headroom: 1.5, memoryBudgetFraction: Number.NaN })).toThrow(/memoryBudgetFraction/);
  });

  it("largestWithinBudget never exceeds the budget, and never exceeds an int", () => {
    for (const budget of [0, 1, 10 * 1024 ** 2, 3 * GiB, 200 * GiB, 10_000 * GiB]) {
      for (const cur of [null, 16_384, 4_194_304]) {
        const m = largestWithinBudget(budget, 320, cur);
        expect(m % ROUND_TO).toBe(0);
        expect(m).toBeLessThanOrEqual(2 ** 31 - 1);
        if (m > 0) expect(tableBytes(m, Math.max(cur ?? 0, m / 4), 320)).toBeLessThanOrEqual(budget);
      }
    }
  });
});

describe("checkRequestedLimit", () => {
  type Want = { code: string; reason?: RegExp } | { ok: true; max: number; hashsize: number | null };
  const cases: Array<[string, unknown, unknown, Want]> = [
    // Not a JSON integer.
    ["numeric string", "262144", undefined, { code: "not_integer", reason: /whole number, got text/ }],
    ["exponent string", "1e5", undefined, { code: "not_integer" }],
    ["hex string", "0x40000", undefined, { code: "not_integer" }],
    ["shell injection", "262144; reboot", undefined, { code: "not_integer", reason: /got text\.$/ }],
    ["float", 262144.5, undefined, { code: "not_integer", reason: /got 262144\.5/ }],
    ["NaN", Number.NaN, undefined, { code: "not_integer" }],
    ["Infinity", Number.POSITIVE_INFINITY, undefined, { code: "not_integer" }],
    ["true", true, undefined, { code: "not_integer", reason: /got true/ }],
    ["false", false, undefined, { code: "not_integer" }],
    ["null", null, undefined, { code: "not_integer", reason: /got null/ }],
    ["missing", undefined, undefined, { code: "not_integer", reason: /got nothing/ }],
    ["object", { max: 262144 }, undefined, { code: "not_integer", reason: /got a object/ }],
    ["array", [262144], undefined, { code: "not_integer", reason: /got a list/ }],
    ["bigint", BigInt(262144), undefined, { code: "not_integer" }],
    // Range.
    ["negative", -1, undefined, { code: "out_of_range" }],
    ["zero", 0, undefined, { code: "out_of_range" }],
    ["negative zero", -0, undefined, { code: "out_of_range" }],
    ["2^31", 2 ** 31, undefined, { code: "out_of_range", reason: /between 1 and 2147483647/ }],
    ["2^53", 2 ** 53, undefined, { code: "out_of_range" }],
    ["1e21", 1e21, undefined, { code: "out_of_range", reason: /got 1e\+21/ }],
    ["MAX_VALUE", Number.MAX_VALUE, undefined, { code: "out_of_range", reason: /got 1\.79.*e\+308/ }],
    // Against the host.
    ["equal to count", 50_000, undefined, { code: "not_above_count", reason: /not above the current count 50000/ }],
    ["below count", 40_000, undefined, { code: "not_above_count" }],
    ["above count, below max", 60_000, undefined, { code: "below_current", reason: /below the current limit 65536/ }],
    ["equal to max", 65_536, undefined, { code: "unchanged", reason: /nothing to change/ }],
    ["over budget", 4_194_304, undefined, { code: "over_budget", reason: /needs 1\.3 GiB \(4194304 × 320 B \+ 16384 buckets × 8 B\), over the memory budget of 819 MiB \(5 % of 16\.0 GiB RAM\)/ }],
    ["INT_MAX is over any budget here", 2 ** 31 - 1, undefined, { code: "over_budget" }],
    ["a plain raise", 131_072, undefined, { ok: true, max: 131_072, hashsize: null }],
    ["1e5 as a number is an integer", 1e5, undefined, { ok: true, max: 100_000, hashsize: null }],
    // Hash size.
    ["hashsize string", 262_144, "65536", { code: "hashsize_not_integer" }],
    ["hashsize float", 262_144, 65_536.5, { code: "hashsize_not_integer" }],
    ["hashsize null", 262_144, null, { code: "hashsize_not_integer" }],
    ["hashsize boolean", 262_144, true, { code: "hashsize_not_integer" }],
    ["hashsize zero", 262_144, 0, { code: "hashsize_out_of_range" }],
    ["hashsize negative", 262_144, -65_536, { code: "hashsize_out_of_range" }],
    ["hashsize 2^31", 262_144, 2 ** 31, { code: "hashsize_out_of_range" }],
    ["hashsize not page aligned", 262_144, 65_537, { code: "hashsize_not_page_multiple", reason: /read back as 66048/ }],
    ["hashsize below current", 262_144, 8_192, { code: "hashsize_below_current" }],
    ["hashsize above max", 131_072, 262_144, { code: "hashsize_too_large" }],
    ["hashsize too small for max", 1_048_576, 65_536, { code: "hashsize_too_small", reason: /at least 131072/ }],
    ["hashsize equal to current = keep", 131_072, 16_384, { ok: true, max: 131_072, hashsize: null }],
    ["hashsize max/4", 262_144, 65_536, { ok: true, max: 262_144, hashsize: 65_536 }],
    ["hashsize = max (5.15 default)", 262_144, 262_144, { ok: true, max: 262_144, hashsize: 262_144 }],
  ];
  it.each(cases)("%s", (_name, requested, hashsize, want) => {
    const r = checkRequestedLimit(web, policy, requested, hashsize);
    if ("ok" in want) expect(r).toMatchObject(want);
    else {
      expect(r).toMatchObject({ ok: false, code: want.code });
      if (want.reason && !r.ok) expect(r.reason).toMatch(want.reason);
    }
  });

  it("an explicit value needs only what its own checks need: RAM for the budget, not the CPU count", () => {
    expect(checkRequestedLimit(host({ cores: null }), policy, 131_072)).toMatchObject({ ok: true, max: 131_072 });
    const noRam = checkRequestedLimit(host({ memTotalBytes: null }), policy, 131_072);
    expect(noRam).toMatchObject({ ok: false, code: "budget_unknown" });
    if (!noRam.ok) expect(noRam.reason).toMatch(/RAM size is unknown .* cannot be checked against the memory budget\.$/);
    // Checks that come before the budget still answer first.
    expect(checkRequestedLimit(host({ memTotalBytes: null }), policy, 40_000)).toMatchObject({ ok: false, code: "not_above_count" });
  });

  it("accepts the current value for a permanent raise (persisting an earlier temporary one)", () => {
    expect(checkRequestedLimit(web, policy, 65_536, undefined, { mode: "permanent" })).toMatchObject({ ok: true, max: 65_536 });
    expect(checkRequestedLimit(web, policy, 60_000, undefined, { mode: "permanent" })).toMatchObject({ ok: false, code: "below_current" });
  });

  it("keeps a hash size equal to the current one for a permanent raise (so it is persisted)", () => {
    expect(checkRequestedLimit(web, policy, 131_072, 16_384, { mode: "permanent" })).toMatchObject({ ok: true, hashsize: 16_384 });
    expect(checkRequestedLimit(web, policy, 131_072, 16_384)).toMatchObject({ ok: true, hashsize: null });
  });

  it("warns about long hash chains when the hash size is left alone", () => {
    const r = checkRequestedLimit(web, policy, 262_144);
    expect(r).toMatchObject({ ok: true, hashsize: null });
    if (r.ok) expect(r.warnings).toEqual([expect.stringMatching(/16384 buckets\) would average more than 8 entries per bucket .* hash size of 65536/)]);
  });

  it("counts the hash table in the memory budget", () => {
    const tight = host({ memTotalBytes: 1 * GiB, max: 100_000, count: 10, buckets: 1_024, hashsize: 1_024 });
    // 1 GiB × 5 % = 53687091 B; 163840 × 320 = 52428800 fits alone, not with 163840 buckets × 8 B.
    expect(checkRequestedLimit(tight, policy, 163_840, 40_960)).toMatchObject({ ok: true });
    expect(checkRequestedLimit(tight, policy, 163_840, 163_840)).toMatchObject({ ok: false, code: "over_budget" });
  });
});

describe("proposeLimit: a peak censored by a full table", () => {
  // A 4-core host whose table sat full at 262,144 for minutes, dropping up to 4,310 packets/s.
  const full = host({ cores: 4, count: 262_144, max: 262_144, buckets: 65_536, hashsize: 65_536, peakCount: 262_144, memTotalBytes: 64 * GiB });

  it("adds the unmet demand the drop counters show before the headroom", () => {
    const p = proposeLimit({ ...full, peakDropRate: 4_310.5 }, policy);
    // ≥ 4310.5/s × 120 s ÷ 6 = 86,210 more entries; (262,144 + 86,210) × 1.5 = 522,531 → 524,288.
    expect(p).toMatchObject({ raise: true, max: 524_288, decidedBy: "peak-headroom" });
    const rule = p.rules.find((r) => r.id === "peak-headroom")!;
    expect(rule.value).toBe(522_531);
    expect(rule.text).toContain("Observed peak 262144 is censored");
    expect(rule.text).toContain("at least 86210 more entries");
    expect(rule.text).toContain("4,311/s × 120 s TIME_WAIT ÷ 6 SYN tries");
    // Without the drop counters, the same host would get the censored peak × headroom only.
    expect(proposeLimit(full, policy).max).toBe(393_216);
  });

  it("says the peak is censored even when no counter tells by how much", () => {
    const rule = proposeLimit({ ...full, peakDropRate: null }, policy).rules.find((r) => r.id === "peak-headroom")!;
    expect(rule.text).toMatch(/reached the limit: it is censored .* no drop counter moved/);
  });

  it("leaves an uncensored peak alone", () => {
    const rule = proposeLimit({ ...web, peakDropRate: 0 }, policy).rules.find((r) => r.id === "peak-headroom")!;
    expect(rule.text).toBe("Observed peak 60000 × 1.5 headroom = 90000");
  });

  it("treats drops below the current max as a full table too (the max was raised since)", () => {
    const p = proposeLimit(host({ cores: 4, max: 524_288, count: 100_000, peakCount: 262_144, peakDropRate: 100, memTotalBytes: 64 * GiB }), policy);
    expect(p.rules.find((r) => r.id === "peak-headroom")!.value).toBe(Math.ceil((262_144 + 2_000) * 1.5));
  });
});
