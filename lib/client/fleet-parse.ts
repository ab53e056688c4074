import { z } from "zod";
import { fleetHostSchema, fleetSnapshotSchema, type FleetHost, type FleetSnapshot } from "./fleet-schema";

/** Hosts checked per slice: a few milliseconds of work before the browser gets the thread back. */
const SLICE = 250;

const envelopeSchema = fleetSnapshotSchema.extend({ hosts: z.array(z.unknown()) });

function yieldToBrowser(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r, 0));
}

/** Structural equality of JSON values; `depth` bounds it (host fields nest at most three levels). */
function sameValue(a: unknown, b: unknown, depth = 3): boolean {
  if (a === b) return true;
  if (depth === 0) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i], depth - 1));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1));
  }
  return false;
}

/** Same data, field by field (tags, error with its expected keys, a temporary raise): the old object can stand for the new. */
export function sameHost(a: FleetHost, b: FleetHost): boolean {
  const keys = Object.keys(b) as (keyof FleetHost)[];
  return keys.length === Object.keys(a).length && keys.every((k) => sameValue(a[k], b[k]));
}

/**
 * `/api/hosts` checked against the schema a slice of hosts at a time, yielding to the browser
 * between slices, and with every host that did not change replaced by the object the page already
 * holds (so memoised rows and cells skip it). At 5000 hosts one zod pass plus react-query's
 * structural sharing was a long task on every refresh. Null when the body does not fit the schema.
 */
export async function parseFleetInSlices(body: unknown, previous?: FleetSnapshot): Promise<FleetSnapshot | null> {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return null;
  const raw = envelope.data.hosts;
  return checkInSlices(envelope.data, raw.length, (i) => raw[i], previous);
}

const linesEnvelopeSchema = fleetSnapshotSchema.omit({ hosts: true }).extend({ hostCount: z.number().int().nonnegative() });

/**
 * The same for `/api/hosts?format=ndjson`: the envelope on the first line, one host per line after
 * it. Each line is parsed inside its slice, so a 2 MB fleet is never one JSON.parse on the main
 * thread (at 5000 hosts that alone was a 50–70 ms task on every refresh).
 */
export async function parseFleetLines(text: string, previous?: FleetSnapshot): Promise<FleetSnapshot | null> {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const envelope = linesEnvelopeSchema.safeParse(parseOrUndefined(lines[0]));
  if (!envelope.success || envelope.data.hostCount !== lines.length - 1) return null;
  const { hostCount: _count, ...rest } = envelope.data;
  return checkInSlices(rest, lines.length - 1, (i) => parseOrUndefined(lines[i + 1]), previous);
}

function parseOrUndefined(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

async function checkInSlices(
  envelope: Omit<FleetSnapshot, "hosts">,
  count: number,
  hostAt: (i: number) => unknown,
  previous: FleetSnapshot | undefined,
): Promise<FleetSnapshot | null> {
  const before = new Map(previous?.hosts.map((h) => [h.name, h]));
  const hosts: FleetHost[] = new Array(count);
  let changed = !previous || previous.hosts.length !== count;
  for (let start = 0; start < count; start += SLICE) {
    if (start > 0) await yieldToBrowser();
    for (let i = start; i < Math.min(count, start + SLICE); i++) {
      const parsed = fleetHostSchema.safeParse(hostAt(i));
      if (!parsed.success) return null;
      const old = before.get(parsed.data.name);
      const host = old && sameHost(old, parsed.data) ? old : parsed.data;
      hosts[i] = host;
      if (host !== previous?.hosts[i]) changed = true;
    }
  }
  const keep = <T,>(next: T, prev: T | undefined): T => (prev !== undefined && sameValue(next, prev) ? prev : next);
  return {
    ...envelope,
    thresholds: keep(envelope.thresholds, previous?.thresholds),
    progress: keep(envelope.progress, previous?.progress),
    hosts: changed || !previous ? hosts : previous.hosts,
  };
}
