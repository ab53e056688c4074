import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { isGap } from "../lib/client/series-gaps";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { startReplicaStack, type Replica, type ReplicaStack } from "../lib/sim/replica-stack";

/**
 * Three dashboard replicas sharing a real PostgreSQL (started here, on loopback), polling one
 * simulated fleet behind a real sshd. One replica is killed with SIGKILL: no clean-up, its leases
 * simply stop being renewed.
 */

const INTERVAL_S = 2;
const USER = { name: "rita", password: "rita-replica-pass" };
const HOSTS = 9;

interface ClusterDoc {
  replica: string;
  replicas: { id: string; live: boolean; hosts: number }[];
  unassigned: number;
}
interface HostDoc {
  name: string;
  status: string;
  lastPollAt: string | null;
  max: number | null;
  polling?: { replica: string | null };
}
interface SamplesDoc {
  points: { ts: string; count: number | null; drops: number | null }[];
}

let stack: ReplicaStack;
/** Signed in once, on replica 1: the session lives in PostgreSQL, so every replica knows it. */
let api: APIRequestContext;
let csrf: string;

const getJson = async <T>(r: Replica, p: string): Promise<T> => {
  const res = await api.get(`${r.url}${p}`);
  expect(res.status(), `${r.id} GET ${p}`).toBe(200);
  return (await res.json()) as T;
};
const hostsOf = async (r: Replica) => (await getJson<{ hosts: HostDoc[] }>(r, "/api/hosts")).hosts;
const hostOf = async (r: Replica, name: string) => (await getJson<{ host: HostDoc }>(r, `/api/hosts/${name}`)).host;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startReplicaStack({
    dir: path.resolve(".e2e/replicas"),
    hosts: HOSTS,
    sshPort: 2342,
    pgPort: 5481,
    appPorts: [3211, 3212, 3213],
    pollIntervalSeconds: INTERVAL_S,
    auth: { users: [{ name: USER.name, role: "operator", passwordHash: await hashPassword(USER.password) }] },
  });
  api = await request.newContext();
  const r1 = stack.replicas[0]!;
  const login = await api.post(`${r1.url}/api/auth/login`, { headers: { origin: r1.url }, data: { user: USER.name, password: USER.password } });
  expect(login.status()).toBe(200);
  csrf = ((await (await api.get(`${r1.url}/api/auth/session`)).json()) as { csrf: string }).csrf;
});

test.afterAll(async () => {
  await api?.dispose();
  await stack?.stop();
});

test("the fleet is split between the replicas, each host polled by one, and any replica shows every host", async ({ page }) => {
  test.setTimeout(90_000);
  const [r1, r2, r3] = stack.replicas as [Replica, Replica, Replica];
  await expect
    .poll(async () => {
      const c = await getJson<ClusterDoc>(r1, "/api/cluster");
      return { live: c.replicas.filter((r) => r.live).map((r) => r.id), held: c.replicas.reduce((n, r) => n + r.hosts, 0), unassigned: c.unassigned };
    }, { timeout: 30_000 })
    .toEqual({ live: ["replica-1", "replica-2", "replica-3"], held: HOSTS, unassigned: 0 });

  // Every replica serves the whole fleet, polled (no host left pending), and agrees on who polls what.
  for (const r of [r1, r2, r3]) {
    await expect.poll(async () => (await hostsOf(r)).filter((h) => h.lastPollAt !== null).length, { timeout: 30_000 }).toBe(HOSTS);
  }
  const owners = new Map<string, string | null>();
  for (const h of await hostsOf(r1)) owners.set(h.name, (await hostOf(r1, h.name)).polling?.replica ?? null);
  for (const [name, owner] of owners) {
    expect(owner, name).toMatch(/^replica-[123]$/);
    expect((await hostOf(r3, name)).polling?.replica).toBe(owner);
  }

  // In a browser, on another replica: the same session cookie (127.0.0.1, any port) is known there.
  await page.context().addCookies((await api.storageState()).cookies);
  await page.goto(`${r2.url}/`);
  await expect(page.getByTestId("shown-count")).toHaveText(`${HOSTS} hosts`);
  const remote = [...owners].find(([, o]) => o !== "replica-2")!;
  await page.goto(`${r2.url}/hosts/${remote[0]}`);
  await expect(page.getByTestId("fact-replica")).toHaveText(` · on ${remote[1]}`);
});

test("SIGKILL one replica: its hosts are polled again within two intervals, no gap, no doubled drops, a raise in the failover happens once", async () => {
  test.setTimeout(120_000);
  const [r1] = stack.replicas as [Replica];
  const cluster = await getJson<ClusterDoc>(r1, "/api/cluster");
  // The victim: whichever of replicas 2 and 3 polls more hosts; the two others answer the test.
  const victimId = ["replica-2", "replica-3"].sort((a, b) => (cluster.replicas.find((r) => r.id === b)?.hosts ?? 0) - (cluster.replicas.find((r) => r.id === a)?.hosts ?? 0))[0]!;
  const victim = stack.replicas.find((r) => r.id === victimId)!;
  const [a, b] = stack.replicas.filter((r) => r !== victim) as [Replica, Replica];
  const victimHosts: string[] = [];
  for (const h of await hostsOf(a)) if ((await hostOf(a, h.name)).polling?.replica === victimId) victimHosts.push(h.name);
  expect(victimHosts.length).toBeGreaterThan(0);

  // One of the victim's hosts drops packets at a steady pace through the whole failover.
  const simHosts = stack.fleet.hosts.filter((h) => victimHosts.includes(h.name) && h.root);
  let counted: { name: string; root: string } | null = null;
  for (const h of simHosts) if (!counted && (await readHostState(h.root!))?.statSource) counted = { name: h.name, root: h.root! };
  expect(counted, "a victim host with drop counters").not.toBeNull();
  const start = Date.now();
  let added = 0;
  let dropping = true;
  const dropper = (async () => {
    while (dropping) {
      const st = (await readHostState(counted!.root))!;
      const perCpu = st.perCpu.map((c, i) => (i === 0 ? { ...c, drop: c.drop + 10 } : c));
      await writeHostState(counted!.root, { perCpu });
      added += 10;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await new Promise((r) => setTimeout(r, 2 * INTERVAL_S * 1000));

  const killedAt = Date.now();
  await victim.kill("SIGKILL");
  // An operator raises one of the orphaned hosts through both survivors at once, mid-failover.
  const raised = victimHosts[0]!;
  const st = (await readHostState(stack.fleet.hosts.find((h) => h.name === raised)!.root!))!;
  const target = st.max * 2;
  const raise = (r: Replica) =>
    api.post(`${r.url}/api/hosts/${raised}/limit`, { headers: { origin: r.url, "x-csrf-token": csrf }, data: { mode: "temporary", max: target, reason: "replica failover e2e" } });
  const [ra, rb] = await Promise.all([raise(a), raise(b)]);
  expect([ra.status(), rb.status()].sort()).toEqual([200, 400]);
  expect((await readHostState(stack.fleet.hosts.find((h) => h.name === raised)!.root!))!.max).toBe(target);

  // Every orphaned host is polled again, by a survivor, within two intervals of the kill.
  await expect
    .poll(
      async () => {
        const late: string[] = [];
        for (const name of victimHosts) {
          const h = await hostOf(a, name);
          if (!h.lastPollAt || Date.parse(h.lastPollAt) <= killedAt || h.polling?.replica === victimId) late.push(name);
        }
        return late;
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toEqual([]);
  const from = new Date(killedAt - 3 * INTERVAL_S * 1000).toISOString();
  for (const name of victimHosts) {
    const { points } = await getJson<SamplesDoc>(a, `/api/hosts/${name}/samples?from=${from}&to=${new Date().toISOString()}`);
    const firstAfter = points.map((p) => Date.parse(p.ts)).find((ts) => ts > killedAt);
    expect(firstAfter, `${name} polled after the kill`).toBeDefined();
    test.info().annotations.push({ type: "failover", description: `${name}: polled again ${firstAfter! - killedAt} ms after the kill` });
    expect(firstAfter! - killedAt, `${name}: kill → next poll`).toBeLessThanOrEqual(2 * INTERVAL_S * 1000);
    // The series the host page charts shows no gap across the failover (same rule as the chart).
    for (let i = 1; i < points.length; i++) {
      const dt = (Date.parse(points[i]!.ts) - Date.parse(points[i - 1]!.ts)) / 1000;
      expect(isGap(dt, INTERVAL_S, true), `${name}: ${dt} s between ${points[i - 1]!.ts} and ${points[i]!.ts}`).toBe(false);
    }
  }

  // Stop dropping, let a survivor read the final counter, and compare: every drop counted once.
  dropping = false;
  await dropper;
  const stoppedAt = Date.now();
  await expect.poll(async () => Date.parse((await hostOf(a, counted!.name)).lastPollAt ?? "0") > stoppedAt + 100, { timeout: 15_000 }).toBe(true);
  const { points } = await getJson<SamplesDoc>(a, `/api/hosts/${counted!.name}/samples?from=${new Date(start).toISOString()}&to=${new Date().toISOString()}`);
  // The first sample after `start` measures from a read before it: drops added after start, up to that read, are in it.
  const stored = points.filter((p) => Date.parse(p.ts) > start).reduce((n, p) => n + (p.drops ?? 0), 0);
  expect(stored).toBe(added);

  // The raise is on record once, from whichever survivor got the host's lock first.
  const audit = (await getJson<{ entries: { host: string; outcome: string; newMax: number | null }[] }>(b, `/api/audit?host=${raised}`)).entries;
  expect(audit.filter((e) => e.outcome === "success" && e.newMax === target)).toHaveLength(1);
});
