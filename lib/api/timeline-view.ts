import "server-only";
import type { Runtime } from "@/lib/collector/runtime";
import type { Timeline } from "@/lib/client/timeline-schema";
import { AppError } from "@/lib/errors/app-error";
import type { FleetStorePort } from "@/lib/store/ports";
import { buildTimeline, DROP_KINDS, stepLabel, timelineResolution, type TimelineHost } from "@/lib/timeline/build-timeline";
import { matchesHostFilter, parseHostList, parseTagList } from "@/lib/timeline/filters";
import { parseRange } from "./query";

export interface TimelineQuery {
  from: number;
  to: number;
  hosts: string[];
  tags: string[];
}

const AUDIT_LIMIT = 5000;

/** `?from=&to=&tags=&hosts=`: a malformed value is a 400 naming it; unknown hosts simply get no lane. */
export function parseTimelineQuery(params: URLSearchParams): TimelineQuery {
  const { from, to, extra } = parseRange(params, ["tags", "hosts"]);
  const hosts = parseHostList(extra.hosts);
  if (!hosts.ok) throw new AppError("bad_request", `hosts: ${hosts.reason}`);
  const tags = parseTagList(extra.tags);
  if (!tags.ok) throw new AppError("bad_request", `tags: ${tags.reason}`);
  return { from, to, hosts: hosts.values, tags: tags.values };
}

/**
 * Five grouped statements whatever the fleet size (hosts with drops, events, rollup steps of those
 * hosts, raw drop spans, audit), then pure shaping. `fleet` is the fleet file's hosts with their live status.
 */
export async function buildTimelineFromStore(store: FleetStorePort, fleet: { name: string; tags: string[]; status: string }[], q: TimelineQuery): Promise<Timeline> {
  const hosts: TimelineHost[] = fleet
    .filter((h) => store.hasHost(h.name) && matchesHostFilter(h, q))
    .map((h) => ({ id: store.idOf(h.name), name: h.name, tags: h.tags, status: h.status }));
  const names = new Set(hosts.map((h) => h.name));
  const { table, stepMs } = timelineResolution(q.from, q.to);
  // The reads that do not depend on each other go out together (a network store answers them in parallel).
  const [entries, events, withDrops, dropSpans] = await Promise.all([
    store.audit.query({ from: q.from, to: q.to, limit: AUDIT_LIMIT }),
    store.history.timelineEvents(stepMs, q.from, q.to),
    store.history.hostsWithDrops(q.from, q.to),
    store.history.dropSpans(q.from, q.to),
  ]);
  const audit = entries.filter((a) => names.has(a.host)).reverse();
  // Only hosts that may get a lane have their series read: the read is most of the cost.
  const wanted = new Set(hosts.map((h) => h.id));
  const candidates = new Set(withDrops.filter((id) => wanted.has(id)));
  for (const e of events) if (wanted.has(e.hostId) && DROP_KINDS.has(e.kind)) candidates.add(e.hostId);
  return buildTimeline({
    fromMs: q.from,
    toMs: q.to,
    stepMs,
    resolution: stepLabel(stepMs),
    hosts,
    buckets: await store.history.timelineBuckets(table, stepMs, q.from, q.to, [...candidates]),
    events,
    dropSpans,
    changes: audit.map((a) => ({
      ts: a.ts,
      host: a.host,
      user: a.user,
      mode: a.mode,
      oldMax: a.oldMax,
      newMax: a.newMax,
      oldHashsize: a.oldHashsize,
      newHashsize: a.newHashsize,
      outcome: a.outcome,
    })),
  });
}

export function timelineView(rt: Runtime, q: TimelineQuery, now = Date.now()): Promise<Timeline> {
  const status = new Map(rt.fleet.hosts(now).map((h) => [h.name, h.status as string]));
  const fleet = rt.config.hosts.map((h) => ({ name: h.name, tags: h.tags, status: status.get(h.name) ?? "pending" }));
  return buildTimelineFromStore(rt.store, fleet, q);
}
