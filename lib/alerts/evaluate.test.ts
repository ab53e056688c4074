import { describe, expect, it } from "vitest";
import type { AlertRule } from "@/lib/config/alerts-config";
import { evaluateHost, type AlertState, type Observation } from "./evaluate";

const full: AlertRule = { name: "full", kind: "utilization", ratio: 0.9, label: "critical", forMs: 10_000, receivers: ["r"], hosts: null };
const drops: AlertRule = { name: "drops", kind: "drops", forMs: 0, receivers: ["r"], hosts: null };
const logged: AlertRule = { name: "logged", kind: "table-full-log", forMs: 0, receivers: ["r"], hosts: null };
const down: AlertRule = { name: "down", kind: "unreachable", forMs: 5_000, receivers: ["r"], hosts: ["web-01"] };
const RULES = [full, drops, logged, down];

const poll = (o: Partial<Extract<Observation, { source: "poll" }>> = {}): Observation => ({
  source: "poll", host: "web-01", status: "ok", count: 1000, max: 262_144, dropDelta: 0, ...o,
});

/** Runs observations through the evaluator as the engine does; returns the transitions as `t rule status`. */
function run(steps: [number, Observation][]): string[] {
  const states = new Map<string, AlertState>();
  const out: string[] = [];
  for (const [t, obs] of steps) {
    const r = evaluateHost(RULES, states, obs, t);
    for (const s of r.states) states.set(s.rule, s);
    for (const tr of r.transitions) out.push(`${t} ${tr.rule.name} ${tr.status} ${tr.startsAt}${tr.endsAt === null ? "" : `-${tr.endsAt}`}`);
  }
  return out;
}

describe("evaluateHost", () => {
  it.each<[string, [number, Observation][], string[]]>([
    [
      "utilization fires once after forSeconds, stays quiet while firing, resolves once",
      [
        [0, poll({ count: 240_000 })],
        [5_000, poll({ count: 262_144 })],
        [10_000, poll({ count: 262_144 })],
        [15_000, poll({ count: 250_000 })],
        [20_000, poll({ count: 100 })],
        [25_000, poll({ count: 100 })],
      ],
      ["10000 full firing 0", "20000 full resolved 0-20000"],
    ],
    [
      "a dip below the threshold restarts the forSeconds clock",
      [
        [0, poll({ count: 262_144 })],
        [6_000, poll({ count: 1 })],
        [12_000, poll({ count: 262_144 })],
        [20_000, poll({ count: 262_144 })],
        [22_000, poll({ count: 262_144 })],
      ],
      ["22000 full firing 12000"],
    ],
    [
      "a failed poll says nothing about utilization or drops",
      [
        [0, poll({ dropDelta: 400 })],
        [1_000, poll({ status: "unreachable", count: null, max: null, dropDelta: null })],
        [2_000, poll({ dropDelta: null })],
        [3_000, poll({ dropDelta: 0 })],
      ],
      ["0 drops firing 0", "3000 drops resolved 0-3000"],
    ],
    [
      "unreachable for its duration, hostkey counts too; only on the hosts the rule names",
      [
        [0, poll({ status: "unreachable", count: null, max: null, dropDelta: null })],
        [4_000, poll({ status: "hostkey", count: null, max: null, dropDelta: null })],
        [5_000, poll({ status: "hostkey", count: null, max: null, dropDelta: null })],
        [6_000, poll({ host: "db-01", status: "unreachable", count: null, max: null, dropDelta: null })],
        [9_000, poll()],
      ],
      ["5000 down firing 0", "9000 down resolved 0-9000"],
    ],
    [
      "new table-full lines fire on the log read that brought them, resolve on one that brought none",
      [
        [0, { source: "log", host: "web-01", tableFullLines: 3 }],
        [1_000, { source: "log", host: "web-01", tableFullLines: 1 }],
        [2_000, poll()],
        [60_000, { source: "log", host: "web-01", tableFullLines: 0 }],
      ],
      ["0 logged firing 0", "60000 logged resolved 0-60000"],
    ],
    [
      "nf_conntrack_max 0 (no limit) never fires",
      [[0, poll({ count: 5, max: 0 })], [20_000, poll({ count: 5, max: 0 })]],
      [],
    ],
  ])("%s", (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });

  it("marks only pending/firing changes for the store; keeps the last value for the resolved text", () => {
    const states = new Map<string, AlertState>();
    const a = evaluateHost([drops], states, poll({ dropDelta: 7 }), 1);
    expect(a.states[0]).toMatchObject({ changed: true, firingSince: 1, value: "7 drops since the last read" });
    states.set("drops", a.states[0]!);
    const b = evaluateHost([drops], states, poll({ dropDelta: 9 }), 2);
    expect(b.states[0]).toMatchObject({ changed: false, firingSince: 1 });
    states.set("drops", b.states[0]!);
    const c = evaluateHost([drops], states, poll({ dropDelta: 0 }), 3);
    expect(c.transitions[0]).toMatchObject({ status: "resolved", value: "9 drops since the last read", startsAt: 1, endsAt: 3 });
  });
});
