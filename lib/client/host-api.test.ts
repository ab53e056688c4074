import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { eventsQuery, eventsUrl, hostKeys, hostQuery, hostUrl, isNotFound, samplesQuery, samplesUrl } from "./host-api";

const t0 = Date.parse("2026-11-25T18:00:00Z");

const HOST = {
  name: "web-01",
  address: "127.0.10.1",
  tags: ["web"],
  status: "critical",
  count: 259812,
  max: 262144,
  utilization: 0.991,
  buckets: 65536,
  drops: 18234,
  dropsLastHour: 1200,
  droppingNow: true,
  lastPollAt: "2026-11-25T18:00:00.000Z",
  lastOkAt: "2026-11-25T18:00:00.000Z",
  kernel: "6.1.0-26-amd64",
  error: null,
  facts: {
    kernel: "6.1.0-26-amd64", cores: 8, memTotalBytes: 16777216000, module: "nf_conntrack", bootTime: null,
    buckets: 65536, hashsize: 65536, entryBytes: 320, entryBytesSource: "default", maxMemoryBytes: 84410368,
  },
  log: { source: "journal", lastReadAt: null, error: null },
};

function stubFetch(status: number, body: unknown) {
  const fn = vi.fn(async (url: string) => {
    void url;
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}

async function run<T>(opts: { queryFn?: unknown; queryKey: readonly unknown[] }): Promise<T> {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // The host query retries once on its own; a test wants the first answer.
  return client.fetchQuery({ ...opts, retry: false } as never) as Promise<T>;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("URLs and keys", () => {
  it("encodes names and sends whole-second ISO times", () => {
    expect(hostUrl("web-01")).toBe("/api/hosts/web-01");
    expect(samplesUrl("web-01", t0, t0 + 3_600_000.5)).toBe(
      "/api/hosts/web-01/samples?from=2026-11-25T18%3A00%3A00Z&to=2026-11-25T19%3A00%3A00Z",
    );
    expect(eventsUrl("a b", t0, t0 + 1000)).toBe("/api/events?host=a%20b&from=2026-11-25T18%3A00%3A00Z&to=2026-11-25T18%3A00%3A01Z");
  });

  it("keys a relative range by its preset", () => {
    expect(samplesQuery("web-01", { kind: "relative", preset: "6h" }).queryKey).toEqual(hostKeys.samples("web-01", "6h"));
    expect(eventsQuery("web-01", { kind: "relative", preset: "1h" }).queryKey).toEqual(["host", "web-01", "events", "1h"]);
  });
});

describe("fetchers", () => {
  it("parses the host detail and fills what an older server leaves out", async () => {
    stubFetch(200, { host: { ...HOST, facts: null, log: undefined } });
    const res = await run<{ host: { facts: { cores: number | null }; log: { source: string | null }; firstSampleAt: string | null } }>(hostQuery("web-01"));
    expect(res.host.facts.cores).toBeNull();
    expect(res.host.log.source).toBeNull();
    expect(res.host.firstSampleAt).toBeNull();
  });

  it("turns a 404 into a not-found error with the server's message", async () => {
    stubFetch(404, { error: { code: "not_found", message: "no host named x in the fleet" } });
    const err = await run(hostQuery("x")).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe("no host named x in the fleet");
  });

  it("names the field when the server's shape is wrong", async () => {
    stubFetch(200, { host: { ...HOST, status: "on fire" } });
    const err = await run(hostQuery("web-01")).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(false);
    expect((err as Error).message).toMatch(/^bad response from \/api\/hosts\/web-01 \(host\.status: /);
  });

  it("asks for a relative window ending now and returns chart columns", async () => {
    vi.useFakeTimers({ now: t0, toFake: ["Date"] });
    const fetchMock = stubFetch(200, {
      host: "web-01", from: "2026-11-25T17:00:00Z", to: "2026-11-25T18:00:00Z", resolution: "raw", stepSeconds: 5,
      points: [{ ts: "2026-11-25T17:59:55Z", count: 10, countMax: null, max: 100, drops: 3, dropRate: 0.6, earlyDrops: 0, insertFailed: 0 }],
    });
    const view = await run<{ x: number[]; dropsTotal: number; fromMs: number; toMs: number }>(samplesQuery("web-01", { kind: "relative", preset: "1h" }));
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/hosts/web-01/samples?from=2026-11-25T17%3A00%3A00Z&to=2026-11-25T18%3A00%3A00Z");
    expect(view.x).toEqual([(t0 - 5000) / 1000]);
    expect(view.dropsTotal).toBe(3);
    expect([view.fromMs, view.toMs]).toEqual([t0 - 3_600_000, t0]);
  });

  it("passes a bad-request reason through", async () => {
    stubFetch(400, { error: { code: "bad_request", message: "from must be before to" } });
    const err = await run(eventsQuery("web-01", { kind: "absolute", fromMs: t0, toMs: t0 + 60_000 })).catch((e: unknown) => e);
    expect((err as Error).message).toBe("from must be before to");
  });

  it("reports an unreachable server plainly", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("fetch failed"))));
    const err = await run(hostQuery("web-01")).catch((e: unknown) => e);
    expect((err as Error).message).toBe("dashboard server unreachable");
  });
});
