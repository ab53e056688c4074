/**
 * The scenario's traffic model. Demand is the number of connections a host *would* track, in
 * absolute entries, scaled from the limit the fleet was generated with; the table holds
 * min(demand, max). So raising nf_conntrack_max on the dashboard really ends the drops, while
 * a host whose limit is untouched keeps hitting it at its next burst.
 */
import type { Rng } from "./rng";

export interface Burst {
  startMs: number;
  rampEndMs: number;
  fullEndMs: number;
  endMs: number;
  /** Peak demand as a multiple of the host's initial max (>1: the table overflows). */
  peak: number;
}

export interface DemandState {
  phase: number;
  /** Mean-reverting multiplicative random walk around 1. */
  walk: number;
}

export function newDemandState(rng: Rng): DemandState {
  return { phase: rng.float(0, 2 * Math.PI), walk: rng.float(0.9, 1.1) };
}

/** Advances the random walk by one tick (Ornstein-Uhlenbeck, clamped). */
export function stepWalk(s: DemandState, dtMs: number, rng: Rng): void {
  const dt = dtMs / 1000;
  s.walk += 0.02 * dt * (1 - s.walk) + 0.012 * Math.sqrt(dt) * rng.normal();
  s.walk = Math.min(1.25, Math.max(0.75, s.walk));
}

export function planBurst(nowMs: number, rng: Rng): Burst {
  const rampEndMs = nowMs + rng.int(8_000, 25_000);
  const fullEndMs = rampEndMs + rng.int(20_000, 75_000);
  return { startMs: nowMs, rampEndMs, fullEndMs, endMs: fullEndMs + rng.int(15_000, 40_000), peak: rng.float(1.1, 1.6) };
}

/** 0..1: how far into the burst's plateau the host is at `t`. */
export function burstLevel(b: Burst, t: number): number {
  if (t <= b.startMs || t >= b.endMs) return 0;
  if (t < b.rampEndMs) return (t - b.startMs) / (b.rampEndMs - b.startMs);
  if (t <= b.fullEndMs) return 1;
  return 1 - (t - b.fullEndMs) / (b.endMs - b.fullEndMs);
}

export interface DemandInput {
  initialMax: number;
  baseUtilization: number;
  waveMs: number;
  state: DemandState;
  burst: Burst | null;
  /** Scenario time of the last simulated reboot, if any: traffic comes back over a minute. */
  bootAtMs: number | null;
}

export function demandAt(input: DemandInput, t: number): number {
  const wave = 1 + 0.22 * Math.sin((2 * Math.PI * t) / input.waveMs + input.state.phase);
  let d = input.initialMax * input.baseUtilization * wave * input.state.walk;
  if (input.burst) {
    const level = burstLevel(input.burst, t);
    d = d + (input.initialMax * input.burst.peak - d) * Math.max(0, level);
  }
  if (input.bootAtMs !== null && t - input.bootAtMs < 60_000) d *= Math.max(0, (t - input.bootAtMs) / 60_000);
  return Math.max(0, d);
}

/**
 * Drops per second when demand exceeds the table: every connection attempt beyond the limit is one
 * `drop` (after early_drop fails). Bigger machines see more attempts.
 */
export function dropRate(demand: number, max: number, cores: number, rng: Rng): number {
  if (demand <= max || max <= 0) return 0;
  const excess = (demand - max) / max;
  return Math.max(3, excess * cores * 400 * rng.float(0.7, 1.3));
}
