import { afterEach, describe, expect, it, vi } from "vitest";
import { applyRaise, describeHostLeft, fetchPlan, limitKeys, planQuery, planUrl, raiseUrl } from "./limit-api";

function stubFetch(status: number, body: unknown) {
  const fn = vi.fn(async (url: string, init?: RequestInit) => {
    void url;
    void init;
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The plan endpoint's reply as the server builds it (lib/api/limit-actions planView). */
const PLAN = {
  host: "web-01",
  mode: "permanent",
  current: { count: 250000, max: 262144, buckets: 65536, hashsize: 65536 },
  proposal: {
    raise: true, max: 524288, hashsize: 131072, memoryBytes: 171966464, budgetBytes: 858993459, entryBytes: 320, entryBytesSource: "default",
    rules: [{ id: "kube-proxy", label: "kube-proxy", value: 262144, detail: "kube-proxy minimum: max(32768 × 8 cores, 131072) = 262144", decisive: false }],
    explanation: ["kube-proxy minimum: max(32768 × 8 cores, 131072) = 262144", "Proposed limit 524288 (decided by: peak with headroom)."],
    summary: "Proposed limit 524288 (decided by: peak with headroom).",
  },
  requested: { max: 524288, hashsize: 131072 },
  check: { ok: true, warnings: [] },
  plan: {
    mode: "permanent", persistence: "sysctl.d",
    steps: [{ id: "set-live", description: "Set the live value", command: "sysctl -w net.netfilter.nf_conntrack_max=524288" }],
    files: [{ path: "/etc/sysctl.d/99-zz-conntrack-fleet.conf", purpose: "applied at boot", change: "create", before: null, content: "net.netfilter.nf_conntrack_max = 524288\n" }],
    notes: [],
  },
};

describe("URLs and keys", () => {
  it("asks for the proposal without values, and only integers otherwise", () => {
    expect(planUrl("web-01", { mode: "temporary", max: null, hashsize: null })).toBe("/api/hosts/web-01/limit/plan?mode=temporary");
    expect(planUrl("a b", { mode: "permanent", max: 600000, hashsize: null })).toBe("/api/hosts/a%20b/limit/plan?mode=permanent&max=600000");
    expect(planUrl("web-01", { mode: "temporary", max: 600000, hashsize: 196608 })).toBe(
      "/api/hosts/web-01/limit/plan?mode=temporary&max=600000&hashsize=196608",
    );
    expect(() => planUrl("web-01", { mode: "temporary", max: 1.5, hashsize: null })).toThrow(RangeError);
    expect(() => planUrl("web-01", { mode: "temporary", max: 1e21, hashsize: null })).toThrow(RangeError);
    expect(raiseUrl("web-01")).toBe("/api/hosts/web-01/limit");
  });

  it("keys plans per host, mode and values", () => {
    expect(planQuery("web-01", { mode: "temporary", max: null, hashsize: null }).queryKey).toEqual(limitKeys.plan("web-01", "temporary", null, null));
    expect(limitKeys.plan("web-01", "temporary", 1, null).slice(0, 2)).toEqual(limitKeys.host("web-01"));
  });
});

describe("fetchPlan", () => {
  it("parses the server's plan, keeping rules, notes and file content", async () => {
    stubFetch(200, PLAN);
    const p = await fetchPlan("web-01", { mode: "permanent", max: null, hashsize: null });
    expect(p.proposal?.rules[0]?.detail).toMatch(/kube-proxy minimum/);
    expect(p.plan?.files[0]).toMatchObject({ path: "/etc/sysctl.d/99-zz-conntrack-fleet.conf", change: "create" });
    expect(p.check).toEqual({ ok: true, warnings: [] });
  });

  it("accepts a refusal with no plan and no requested value", async () => {
    stubFetch(200, { ...PLAN, requested: null, check: { ok: false, code: "no_raise", reason: "No raise proposed." }, plan: null });
    const p = await fetchPlan("web-01", { mode: "temporary", max: null, hashsize: null });
    expect(p.check).toEqual({ ok: false, code: "no_raise", reason: "No raise proposed." });
    expect(p.requested).toBeNull();
  });

  it("accepts a host that could not be read (no current state, no proposal)", async () => {
    stubFetch(200, { host: "web-01", current: null, proposal: null, requested: null, check: { ok: false, code: "probe_failed", reason: "x" }, plan: null });
    const p = await fetchPlan("web-01", { mode: "permanent", max: null, hashsize: null });
    expect(p.current).toBeNull();
    expect(p.proposal).toBeNull();
  });

  it("reports the server's message on an error status", async () => {
    stubFetch(409, { error: { code: "conflict", message: "web-01 has no current conntrack reading" } });
    await expect(fetchPlan("web-01", { mode: "temporary", max: null, hashsize: null })).rejects.toMatchObject({
      message: "web-01 has no current conntrack reading",
      status: 409,
    });
  });

  it("refuses a plan whose commands are not text", async () => {
    stubFetch(200, { ...PLAN, plan: { ...PLAN.plan, steps: [{ id: "x", description: "d", command: 42 }] } });
    await expect(fetchPlan("web-01", { mode: "permanent", max: null, hashsize: null })).rejects.toThrow(/bad response/);
  });
});

describe("applyRaise", () => {
  const SUCCESS = {
    ok: true, mode: "temporary", before: { max: 262144, hashsize: 65536 }, after: { max: 524288, hashsize: 131072 },
    files: [], steps: [{ id: "set-live", ok: true, description: "Set the live value", problem: null }],
    summary: "done", hostLeft: "live value changed (until reboot)", auditId: 12,
  };

  it("posts exactly the values with the CSRF header, hashsize only when given", async () => {
    const fn = stubFetch(200, SUCCESS);
    await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "tok");
    const [url, init] = fn.mock.calls[0]!;
    expect(url).toBe("/api/hosts/web-01/limit");
    expect(init?.method).toBe("POST");
    expect((init?.headers as Record<string, string>)["x-csrf-token"]).toBe("tok");
    expect(JSON.parse(init?.body as string)).toEqual({ mode: "temporary", max: 524288 });
    await applyRaise("web-01", { mode: "permanent", max: 524288, hashsize: 131072 }, "tok");
    expect(JSON.parse(fn.mock.calls[1]![1]?.body as string)).toEqual({ mode: "permanent", max: 524288, hashsize: 131072 });
  });

  it("reports success only for a 2xx body that says ok", async () => {
    stubFetch(200, SUCCESS);
    expect(await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "t")).toMatchObject({ kind: "success", result: { auditId: 12 } });
    stubFetch(200, { ...SUCCESS, ok: false });
    expect((await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "t")).kind).toBe("failure");
    stubFetch(500, SUCCESS);
    expect((await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "t")).kind).toBe("failure");
    stubFetch(200, "<html>proxy error</html>");
    expect(await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "t")).toMatchObject({ kind: "failure", code: "bad_response" });
  });

  it("carries the failed step and the host's state from the error body", async () => {
    stubFetch(502, {
      error: {
        code: "host_failed", message: "sudo needs a password here", auditId: 13,
        failedStep: { id: "set-live", description: "Set the live value", reason: "sudo needs a password here (sudo -n refused)" },
        hostLeft: "unchanged",
      },
    });
    const r = await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "t");
    expect(r).toMatchObject({ kind: "failure", status: 502, code: "host_failed", hostLeft: "unchanged", failedStep: { id: "set-live" } });
  });

  it("never throws when the network fails", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => { throw new TypeError("Failed to fetch"); }));
    const r = await applyRaise("web-01", { mode: "temporary", max: 524288, hashsize: null }, "t");
    expect(r).toMatchObject({ kind: "failure", status: null, code: "network" });
  });
});

describe("describeHostLeft", () => {
  it.each([
    [{ code: "host_failed", hostLeft: "live value changed, not persisted" }, "live value changed, not persisted", true],
    [{ code: "refused", hostLeft: null }, "unchanged: nothing was sent to the host", true],
    [{ code: "forbidden", hostLeft: null }, "unchanged: nothing was sent to the host", true],
    [{ code: "network", hostLeft: null }, /^unknown/, false],
    [{ code: "host_failed", hostLeft: null }, /^unknown/, false],
  ])("%j", (f, text, known) => {
    const d = describeHostLeft(f);
    if (typeof text === "string") expect(d.text).toBe(text);
    else expect(d.text).toMatch(text);
    expect(d.known).toBe(known);
  });
});
