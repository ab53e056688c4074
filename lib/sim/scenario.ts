/**
 * The scenario driver: every tick it moves each host's conntrack count (waves + random walk), keeps
 * 2-3 hosts bursting past their limit, counts the resulting drops per CPU, writes the kernel's
 * ratelimited `table full` lines to their logs, and now and then reboots a host.
 *
 * The files are the state: each tick re-reads every host (so a limit raised by the dashboard, or a
 * value set by a test, is what the next tick builds on) and never writes count above the max it
 * just read. Deterministic for a seed, given the same edits from outside.
 */
import { type Burst, type DemandState, demandAt, dropRate, newDemandState, planBurst, stepWalk } from "./demand";
import {
  type CpuStats, detectLayout, type HostLayout, type HostStatePatch, readBootAnchor, readHostStateSync, writeHostStateSync,
} from "./host-state";
import { logKernelMessages } from "./kernel-messages";
import { newRatelimitState, type RatelimitState, runRatelimit } from "./kernel-log";
import { OS_PROFILES } from "./os-profiles";
import { rotateKernelLog } from "./log-rotate";
import { rebootHost } from "./reboot";
import { createRng, mixSeed, type Rng } from "./rng";
import type { SimFleet, SimHost } from "./types";

export interface ScenarioOptions {
  tickMs?: number;
  seed?: number;
  /** Period of the "daily" wave, compressed so a demo shows it (default 10 min). */
  waveMs?: number;
  /** Mean time between simulated reboots across the fleet (default 20 min; 0 disables). */
  rebootEveryMs?: number;
  /** Mean time between log rotations (logrotate) of some host's kernel log (default 0: never). */
  rotateLogsEveryMs?: number;
  /** Start the timer (default true); false for tests that call step() themselves. */
  autoStart?: boolean;
  /** Bursts, reboots and per-host errors (default: silent). */
  log?: (line: string) => void;
}

export interface Scenario {
  /** Runs one tick now (waits for a running one first). */
  step(): Promise<void>;
  stop(): Promise<void>;
  readonly ticks: number;
}

interface HostSim {
  host: SimHost & { root: string; initialMax: number };
  rng: Rng;
  demand: DemandState;
  burst: Burst | null;
  bootAtMs: number | null;
  ratelimit: RatelimitState;
  lastMax: number;
  seen: { buckets: number; hashsize: number } | null;
  /** The set of files a host has never changes: looked up once. */
  layout: HostLayout | null | undefined;
  failed: boolean;
}

const LIVE_COLUMNS = ["found", "searched", "new", "delete", "delete_list", "ignore", "insert", "invalid", "search_restart"];

/** Spreads `n` events over CPUs with random weights (RSS is never perfectly even). */
function spread(n: number, cpus: number, rng: Rng): number[] {
  const w = Array.from({ length: cpus }, () => rng.float(0.3, 1.7));
  const sum = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.floor((n * x) / sum));
  const rest = n - out.reduce((a, b) => a + b, 0);
  const lucky = Math.floor(rng.next() * cpus) % cpus;
  out[lucky] = (out[lucky] ?? 0) + rest;
  return out;
}

function bump(perCpu: CpuStats[], column: string, total: number, rng: Rng, skip: ReadonlySet<string>): void {
  const first = perCpu[0];
  if (!first || total <= 0 || skip.has(column) || !(column in first)) return;
  spread(Math.round(total), perCpu.length, rng).forEach((n, i) => {
    const s = perCpu[i];
    if (s) s[column] = ((s[column] ?? 0) + n) % 0x1_0000_0000;
  });
}

export function startScenario(fleet: Pick<SimFleet, "hosts">, opts: ScenarioOptions = {}): Scenario {
  const tickMs = opts.tickMs ?? 2000;
  const seed = opts.seed ?? 1;
  const waveMs = opts.waveMs ?? 600_000;
  const rebootEveryMs = opts.rebootEveryMs ?? 1_200_000;
  const rotateEveryMs = opts.rotateLogsEveryMs ?? 0;
  const log = opts.log ?? (() => undefined);
  const global = createRng(mixSeed(seed, 0x5ce0));
  const sims: HostSim[] = fleet.hosts.flatMap((h, i) => {
    if (h.root === null || h.initialMax === null || h.boot === null) return [];
    const rng = createRng(mixSeed(seed, 0x40, i));
    return [{
      host: { ...h, root: h.root, initialMax: h.initialMax }, rng, demand: newDemandState(rng), burst: null,
      bootAtMs: null, ratelimit: newRatelimitState(), lastMax: h.initialMax, seen: null, layout: undefined, failed: false,
    }];
  });
  const burstable = sims.filter((s) => s.host.kind === "normal");
  let t = 0;
  let ticks = 0;
  let targetBursts = 2 + (global.chance(0.5) ? 1 : 0);
  let lastBurstStart = -Infinity;

  function schedule(now: number): HostSim | null {
    for (const s of burstable) {
      if (s.burst && now >= s.burst.endMs) {
        s.burst = null;
        targetBursts = 2 + (global.chance(0.5) ? 1 : 0);
      }
    }
    const active = burstable.filter((s) => s.burst !== null).length;
    const roll = global.next(); // drawn every tick so the stream does not depend on file contents
    if (active >= targetBursts || now - lastBurstStart < 6_000) return null;
    const idle = burstable.filter((s) => !s.burst && (s.bootAtMs === null || now - s.bootAtMs > 120_000));
    // Prefer hosts whose limit nobody raised yet: a fixed host should stay fixed.
    const unfixed = idle.filter((s) => s.lastMax <= s.host.initialMax * 1.3);
    const pool = unfixed.length > 0 ? unfixed : idle;
    const pick = pool[Math.floor(roll * pool.length)];
    if (!pick) return null;
    pick.burst = planBurst(now, global);
    lastBurstStart = now;
    log(`[sim scenario] ${pick.host.name}: burst to ${(pick.burst.peak * 100).toFixed(0)} % of its initial max`);
    return pick;
  }

  async function tickHost(s: HostSim, now: number): Promise<void> {
    const { host, rng } = s;
    stepWalk(s.demand, tickMs, rng);
    s.layout ??= detectLayout(host.root);
    const state = readHostStateSync(host.root, s.layout);
    if (state === null) return;
    s.lastMax = state.max;
    const patch: HostStatePatch = {};
    // The kernel keeps nf_conntrack_buckets and the hashsize parameter equal: follow whichever changed.
    if (s.seen && state.hashsize !== state.buckets) {
      if (state.hashsize !== s.seen.hashsize) patch.buckets = state.hashsize;
      else patch.hashsize = state.buckets;
    }
    s.seen = { buckets: patch.buckets ?? state.buckets, hashsize: patch.hashsize ?? state.hashsize };
    const demand = demandAt(
      { initialMax: host.initialMax, baseUtilization: host.baseUtilization, waveMs, state: s.demand, burst: s.burst, bootAtMs: s.bootAtMs },
      now,
    );
    const count = Math.min(state.max, Math.round(demand));
    const dt = tickMs / 1000;
    const drops = Math.round(dropRate(demand, state.max, host.cores, rng) * dt);
    const perCpu = state.perCpu;
    const profile = OS_PROFILES[host.os];
    const zero = new Set(state.statHeader?.includes("clashres") ? ["new", "ignore", "delete", "delete_list"] : []);
    const inserts = (count / 120) * dt * rng.float(0.8, 1.2);
    for (const col of LIVE_COLUMNS) {
      const factor = col === "insert" || col === "new" || col === "delete" ? 1 : col === "invalid" ? 0.004 : col === "search_restart" ? 0.0002 : 1.5;
      bump(perCpu, col, inserts * factor, rng, zero);
    }
    if (drops > 0) {
      bump(perCpu, "drop", drops, rng, zero);
      bump(perCpu, "early_drop", drops * rng.float(0.2, 1.5), rng, zero);
      if (rng.chance(0.3)) bump(perCpu, "insert_failed", rng.int(1, 3), rng, zero);
    }
    // Uptime is the fleet's clock's to move (clock.ts); the tick only stamps its lines with it.
    writeHostStateSync(host.root, { ...patch, count, perCpu }, { layout: s.layout, state, recycle: true });
    if (drops > 0) {
      const wall0 = Date.now() - tickMs;
      const k0 = wall0 - (readBootAnchor(host.root) ?? Date.now() - state.uptimeSeconds * 1000);
      const messages = runRatelimit(s.ratelimit, k0, k0 + tickMs, drops).map((e) => ({
        atMs: wall0 + (e.atMs - k0),
        uptimeSeconds: e.atMs / 1000,
        message: e.kind === "message" ? profile.tableFull : profile.suppressed(e.missed),
      }));
      await logKernelMessages(host, messages);
    }
  }

  async function maybeReboot(now: number): Promise<void> {
    const roll = global.next();
    const which = global.next();
    if (rebootEveryMs <= 0 || roll >= tickMs / rebootEveryMs) return;
    const candidates = sims.filter((s) => !s.burst && s.host.kind === "normal");
    const s = candidates[Math.floor(which * candidates.length)];
    if (!s) return;
    const r = await rebootHost(s.host);
    s.bootAtMs = now;
    s.ratelimit = newRatelimitState();
    s.seen = null;
    log(`[sim scenario] ${s.host.name}: rebooted, max ${r.max} buckets ${r.buckets}${r.applied.length ? ` (${r.applied.join("; ")})` : ""}`);
  }

  function maybeRotate(): void {
    if (rotateEveryMs <= 0) return;
    const roll = global.next();
    const which = global.next();
    if (roll >= tickMs / rotateEveryMs) return;
    const s = sims[Math.floor(which * sims.length)];
    if (!s) return;
    const { rotatedTo } = rotateKernelLog(s.host.root);
    log(`[sim scenario] ${s.host.name}: rotated its kernel log to ${rotatedTo.slice(s.host.root.length)}`);
  }

  async function runTick(): Promise<void> {
    t += tickMs;
    ticks++;
    schedule(t);
    await maybeReboot(t);
    maybeRotate();
    // Sequential on purpose: the per-host work is synchronous file I/O (see host-state.ts).
    for (const s of sims) {
      try {
        await tickHost(s, t);
        s.failed = false;
      } catch (err) {
        // A half-written file from outside (e.g. `echo > nf_conntrack_max` mid-write): skip this tick.
        if (!s.failed) log(`[sim scenario] ${s.host.name}: ${(err as Error).message}`);
        s.failed = true;
      }
    }
  }

  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const step = (): Promise<void> => {
    const p = running.then(runTick);
    running = p.catch(() => undefined); // one failed tick must not wedge the ones after it
    return p;
  };
  const loop = (): void => {
    const started = Date.now();
    void step()
      .catch((err: unknown) => log(`[sim scenario] tick failed: ${(err as Error).message}`))
      .finally(() => {
      if (!stopped) timer = setTimeout(loop, Math.max(0, tickMs - (Date.now() - started)));
    });
  };
  if (opts.autoStart ?? true) timer = setTimeout(loop, tickMs);
  return {
    step,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    get ticks() {
      return ticks;
    },
  };
}
