import "server-only";
import type { Runtime } from "@/lib/collector/runtime";
import { DEFAULT_ENTRY_BYTES, tableBytes } from "@/lib/limits/sizing";
import { resolutionFor } from "@/lib/store/history-store";
import { DEFAULT_RANGE, latestIncident, parseRangeCookie, PRESET_MS, suggestRange, type HostRange } from "@/lib/client/host-range";
import { hostView } from "./hosts-view";

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export async function hostDetailView(rt: Runtime, name: string, now = Date.now()) {
  const base = await hostView(rt, name, now);
  if (!base) return null;
  const facts = await rt.store.facts(name);
  const log = rt.poller.logs.state(name);
  const live = rt.fleet.hostView(name, now);
  const buckets = base.buckets;
  // The slab's object size once a limit probe has read /proc/slabinfo (root-only), else the default.
  const entryBytes = facts?.entryBytes ?? DEFAULT_ENTRY_BYTES;
  return {
    host: {
      ...base,
      facts: {
        kernel: facts?.kernel ?? null,
        cores: facts?.cores ?? null,
        memTotalBytes: facts?.memTotalBytes ?? null,
        module: facts?.module ?? null,
        bootTime: iso(rt.fleet.bootTime(name)),
        buckets,
        hashsize: buckets,
        entryBytes,
        entryBytesSource: facts?.entryBytes ? ("slabinfo" as const) : ("default" as const),
        maxMemoryBytes: base.max === null ? null : tableBytes(base.max, buckets ?? 0, entryBytes),
      },
      // How the host is reached (outermost jump host first) and where it is defined.
      jumpPath: rt.poller.jumpPath(name),
      source: rt.config.hosts.find((h) => h.name === name)?.source ?? null,
      polling: {
        mode: live?.pollMode ?? null,
        reason: live?.pollModeReason ?? null,
        readerRestarts: live?.readerRestarts ?? 0,
        readerKills: live?.readerKills ?? 0,
        replica: rt.fleet.replicaOf(name),
      },
      log: {
        source: log?.source && log.source !== "none" ? log.source : null,
        lastReadAt: iso(log?.lastReadAt),
        error: log?.error ?? (log?.source === "none" ? "no readable kernel log source on this host" : null),
      },
    },
  };
}

/**
 * The range a host page opens on when its URL names none: the one chosen last in this browser
 * session (the cookie), else one that fits the host's data and its latest incident.
 */
export async function openingHostRange(rt: Runtime, name: string, cookie: string | undefined, now = Date.now()): Promise<HostRange> {
  const chosen = parseRangeCookie(cookie);
  if (chosen) return chosen;
  if (!rt.store.hasHost(name)) return DEFAULT_RANGE;
  const { firstSampleMs, dropTimesDesc } = await rt.store.history.hostExtent(rt.store.idOf(name), now - PRESET_MS["30d"]);
  return suggestRange({ nowMs: now, firstSampleMs, incident: latestIncident(dropTimesDesc) });
}

export async function samplesView(rt: Runtime, name: string, from: number, to: number) {
  const resolution = resolutionFor(from, to);
  const points = await rt.store.history.series(rt.store.idOf(name), from, to, resolution);
  return {
    host: name,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    resolution,
    stepSeconds: resolution === "raw" ? rt.config.pollIntervalMs / 1000 : resolution === "1m" ? 60 : 3600,
    points: points.map((p) => ({
      ts: new Date(p.ts).toISOString(),
      count: p.count,
      countMax: p.countMax,
      max: p.max,
      drops: p.drops,
      dropRate: p.drops === null || p.spanSeconds <= 0 ? null : p.drops / p.spanSeconds,
      earlyDrops: p.earlyDrops,
      insertFailed: p.insertFailed,
    })),
  };
}

const EVENTS_LIMIT = 5000;

export async function eventsView(rt: Runtime, host: string | null, from: number, to: number) {
  const rows = await rt.store.history.events({ hostId: host === null ? null : rt.store.idOf(host), fromMs: from, toMs: to, limit: EVENTS_LIMIT + 1 });
  return {
    events: rows.slice(0, EVENTS_LIMIT).map((e) => ({ ts: new Date(e.ts).toISOString(), host: e.host, kind: e.kind, count: e.count, source: e.source, line: e.line })),
    truncated: rows.length > EVENTS_LIMIT,
  };
}
