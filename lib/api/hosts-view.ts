import "server-only";
import { createHash } from "node:crypto";
import type { Runtime } from "@/lib/collector/runtime";
import { utilizationOf } from "@/lib/collector/host-status";
import { temporaryFromAudit, type RaiseRecord } from "@/lib/limits/temporary";
import { toFleetLines } from "./fleet-lines";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type LiveHost = ReturnType<Runtime["poller"]["hosts"]>[number];

async function fleetBody(rt: Runtime, now: number) {
  const raises = await rt.store.audit.latestRaises();
  return {
    pollIntervalSeconds: rt.config.pollIntervalMs / 1000,
    timeoutSeconds: rt.config.timeoutMs / 1000,
    thresholds: rt.config.thresholds,
    progress: rt.fleet.progress(),
    config: configStatusView(rt),
    hosts: rt.fleet.hosts(now).map((h) => {
      const latest = raises.get(h.name);
      return shapeHost(h, temporaryOf(latest ? [latest] : [], h.max, rt.fleet.bootTime(h.name)));
    }),
  };
}

/** The running configuration's age, and a refused reload's problems until a reload succeeds. */
function configStatusView(rt: Runtime) {
  const st = rt.reloader.status;
  return { loadedAt: new Date(st.loadedAt).toISOString(), error: st.error ? { at: new Date(st.error.at).toISOString(), problems: st.error.problems } : null };
}

/**
 * The live max was set by a temporary raise that a reboot undoes (see lib/limits/temporary.ts): the
 * latest successful raise since boot, which the latest one overall is or is not.
 */
function temporaryOf(entries: RaiseRecord[], liveMax: number | null, bootMs: number | null) {
  const t = temporaryFromAudit(entries, liveMax, bootMs);
  return t ? { at: new Date(t.at).toISOString(), user: t.user, max: t.max, before: t.before } : null;
}

/** The `/api/hosts` document: the shape is the public contract documented in the README. */
export async function fleetView(rt: Runtime, now = Date.now()) {
  return { generatedAt: new Date(now).toISOString(), ...(await fleetBody(rt, now)) };
}

export type FleetFormat = "json" | "ndjson";

/**
 * The same document serialised once, with an ETag over everything but `generatedAt`: a browser
 * that already holds this version of the fleet gets a `304` instead of the hosts again.
 * `ndjson`: the envelope (with `hostCount` instead of `hosts`) on the first line, then one host per
 * line, so a browser can parse 5000 hosts in slices instead of one long JSON.parse.
 */
export async function fleetDocument(rt: Runtime, now = Date.now(), format: FleetFormat = "json"): Promise<{ body: string; etag: string }> {
  const { hosts, ...envelope } = await fleetBody(rt, now);
  const generatedAt = `{"generatedAt":"${new Date(now).toISOString()}",`;
  // `rest` is everything but generatedAt: what the ETag covers.
  const rest = format === "ndjson" ? toFleetLines(envelope, hosts) : JSON.stringify({ ...envelope, hosts });
  const body = `${generatedAt}${rest.slice(1)}`;
  const hash = createHash("sha1").update(rest).digest("base64url").slice(0, 22);
  return { body, etag: `W/"${format === "ndjson" ? "n" : ""}${hash}"` };
}

/** True when an `If-None-Match` header names this ETag (weak comparison, lists and `*` included). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

export async function hostView(rt: Runtime, name: string, now = Date.now()) {
  const h = rt.fleet.hostView(name, now);
  if (!h) return null;
  const entries = await rt.store.audit.query({ from: 0, to: now, host: name, outcome: "success", limit: 50 });
  return shapeHost(h, temporaryOf(entries, h.max, rt.fleet.bootTime(name)));
}

function shapeHost(h: LiveHost, temporaryRaise: ReturnType<typeof temporaryOf>) {
  return {
    name: h.name,
    address: h.address,
    tags: h.tags,
    status: h.status,
    count: h.count,
    max: h.max,
    utilization: utilizationOf(h.count, h.max),
    buckets: h.buckets,
    drops: h.drops,
    dropsLastHour: h.dropsLastHour,
    droppingNow: h.droppingNow,
    dropRate: h.dropRate === null ? null : Math.round(h.dropRate * 100) / 100,
    droppingSince: iso(h.droppingSince),
    lastDropAt: iso(h.lastDropAt),
    lastPollAt: iso(h.lastPollAt),
    lastOkAt: iso(h.lastOkAt),
    kernel: h.kernel,
    error: h.error,
    nextPollAt: iso(h.nextPollAt),
    connection: h.connection,
    pollMode: h.pollMode,
    readerRestarts: h.readerRestarts,
    temporaryRaise,
  };
}
