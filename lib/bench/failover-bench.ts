/**
 * `npm run bench:failover -- [--hosts 60] [--runs 5] [--interval 5]`
 *
 * Failover time of replicas sharing PostgreSQL: three `next start` replicas of the production
 * build (run `npx next build` first) poll a simulated fleet; each run SIGKILLs the replica polling
 * the most hosts and measures, from the kill, when the last of its hosts was polled again by a
 * survivor (the first stored sample after the kill, read back through the API), then starts the
 * replica again and waits for the split to settle. Prints every run, the median and the worst.
 * Needs root (the simulated fleet's chroots); ports 2362, 5482, 3221–3223.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { hashPassword } from "@/lib/auth/password";
import { startReplicaStack, type Replica } from "@/lib/sim/replica-stack";

const { values } = parseArgs({
  options: { hosts: { type: "string", default: "60" }, runs: { type: "string", default: "5" }, interval: { type: "string", default: "5" } },
});
const HOSTS = Number(values.hosts);
const RUNS = Number(values.runs);
const INTERVAL_S = Number(values.interval);
const USER = { name: "bench", password: "bench-failover-pass" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const stack = await startReplicaStack({
    dir: path.resolve(".bench/failover"),
    hosts: HOSTS,
    sshPort: 2362,
    pgPort: 5482,
    appPorts: [3221, 3222, 3223],
    pollIntervalSeconds: INTERVAL_S,
    auth: { users: [{ name: USER.name, role: "viewer", passwordHash: await hashPassword(USER.password) }] },
  });
  let cookie = "";
  const get = async <T>(r: Replica, p: string): Promise<T> => {
    const res = await fetch(`${r.url}${p}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`${r.id} GET ${p}: ${res.status}`);
    return (await res.json()) as T;
  };
  try {
    const r1 = stack.replicas[0]!;
    const login = await fetch(`${r1.url}/api/auth/login`, { method: "POST", headers: { origin: r1.url, "content-type": "application/json" }, body: JSON.stringify({ user: USER.name, password: USER.password }) });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    type Cluster = { replicas: { id: string; live: boolean; hosts: number }[]; unassigned: number };
    const settled = async () => {
      for (let i = 0; i < 600; i++) {
        const c = await get<Cluster>(r1, "/api/cluster");
        const live = c.replicas.filter((r) => r.live);
        if (live.length === 3 && c.unassigned === 0 && live.reduce((n, r) => n + r.hosts, 0) === HOSTS) return c;
        await sleep(200);
      }
      throw new Error("the split did not settle within 2 minutes");
    };
    const figures: number[] = [];
    console.log(`failover bench: ${HOSTS} hosts, 3 replicas, poll every ${INTERVAL_S} s, lease ${Math.max(1000, Math.round(INTERVAL_S * 500))} ms`);
    for (let run = 1; run <= RUNS; run++) {
      const c = await settled();
      await sleep(2 * INTERVAL_S * 1000); // every host polled by its settled owner
      const victimId = c.replicas.filter((r) => r.id !== r1.id).sort((a, b) => b.hosts - a.hosts)[0]!.id;
      const index = stack.replicas.findIndex((r) => r.id === victimId);
      const victim = stack.replicas[index]!;
      const { hosts } = await get<{ hosts: { name: string }[] }>(r1, "/api/hosts");
      const owned: string[] = [];
      for (const h of hosts) {
        const d = await get<{ host: { polling: { replica: string | null } } }>(r1, `/api/hosts/${h.name}`);
        if (d.host.polling.replica === victimId) owned.push(h.name);
      }
      const killedAt = Date.now();
      await victim.kill("SIGKILL");
      // Wait until each of its hosts has a sample after the kill, then read when the first one was.
      const firstAfter = new Map<string, number>();
      const deadline = Date.now() + 60_000;
      while (firstAfter.size < owned.length && Date.now() < deadline) {
        await sleep(250);
        for (const name of owned) {
          if (firstAfter.has(name)) continue;
          const from = new Date(killedAt).toISOString();
          const { points } = await get<{ points: { ts: string }[] }>(r1, `/api/hosts/${name}/samples?from=${from}&to=${new Date().toISOString()}`);
          const ts = points.map((p) => Date.parse(p.ts)).find((t) => t > killedAt);
          if (ts !== undefined) firstAfter.set(name, ts - killedAt);
        }
      }
      const last = Math.max(...firstAfter.values());
      const done = firstAfter.size === owned.length;
      figures.push(done ? last : Infinity);
      console.log(`run ${run}: killed ${victimId} (${owned.length} hosts): ${done ? `last host polled again ${last} ms after the kill (${(last / 1000 / INTERVAL_S).toFixed(2)} intervals)` : `${owned.length - firstAfter.size} hosts not polled within 60 s`}`);
      await stack.start(index);
    }
    const sorted = [...figures].sort((a, b) => a - b);
    console.log(`failover (kill → its last host polled again): median ${sorted[Math.floor((sorted.length - 1) / 2)]} ms, worst ${sorted.at(-1)} ms over ${RUNS} runs`);
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
