import { afterEach, describe, expect, it, vi } from "vitest";
import { FleetApiError, fetchHosts } from "./fleet-api";
import { makeHost } from "./test-hosts";

const doc = { generatedAt: "2026-11-25T18:00:00.000Z", pollIntervalSeconds: 5, thresholds: { warn: 0.75, critical: 0.9 }, hosts: [makeHost("a"), makeHost("b")] };
/** The document as the server sends it to the browser: `/api/hosts?format=ndjson`. */
function ndjson({ hosts, ...envelope }: typeof doc): string {
  return [JSON.stringify({ ...envelope, hostCount: hosts.length }), ...hosts.map((h) => JSON.stringify(h)), ""].join("\n");
}
const ok = (body: typeof doc, etag = 'W/"v1"') => new Response(ndjson(body), { status: 200, headers: { etag, "content-type": "application/x-ndjson" } });

afterEach(() => vi.unstubAllGlobals());

describe("fetchHosts", () => {
  it("keeps the ETag, asks with it next time, and hands back the very snapshot on 304", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValueOnce(ok(doc)).mockResolvedValueOnce(new Response(null, { status: 304 }));
    vi.stubGlobal("fetch", fetchMock);
    const first = await fetchHosts();
    expect(first.etag).toBe('W/"v1"');
    expect(first.hosts.map((h) => h.name)).toEqual(["a", "b"]);
    const second = await fetchHosts(undefined, first);
    expect(second).toBe(first);
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/hosts?format=ndjson");
    const headers = fetchMock.mock.calls[1]![1]!.headers as Record<string, string>;
    expect(headers["if-none-match"]).toBe('W/"v1"');
  });

  it("keeps unchanged hosts' objects across a changed document", async () => {
    const moved = { ...doc, generatedAt: "2026-11-25T18:00:05.000Z", hosts: [makeHost("a"), makeHost("b", { count: 7 })] };
    vi.stubGlobal("fetch", vi.fn<typeof fetch>().mockResolvedValueOnce(ok(doc)).mockResolvedValueOnce(ok(moved, 'W/"v2"')));
    const first = await fetchHosts();
    const second = await fetchHosts(undefined, first);
    expect(second.hosts[0]).toBe(first.hosts[0]);
    expect(second.hosts[1]!.count).toBe(7);
    expect(second.etag).toBe('W/"v2"');
  });

  it("turns an error answer into the page's error, asking through the one error path", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => new Response(JSON.stringify({ error: { code: "internal", message: "store is locked" } }), { status: 500 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(fetchHosts()).rejects.toThrow(new FleetApiError("store is locked", 500));
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
