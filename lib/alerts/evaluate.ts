import type { AlertRule } from "@/lib/config/alerts-config";

/**
 * Pure rule evaluation: one host's observation against each rule's remembered state gives the new
 * states and the transitions (fired, resolved) to notify. No clock, no I/O: `now` comes in.
 */

/** What one poll of one host said (a failed poll has `status` unreachable/hostkey and no numbers). */
export interface PollObservation {
  source: "poll";
  host: string;
  status: string;
  count: number | null;
  max: number | null;
  /** Drop-counter increment since the previous read; null when unknown or not freshly read. */
  dropDelta: number | null;
}

/** What one kernel-log read of one host brought: how many new `table full` lines. */
export interface LogObservation {
  source: "log";
  host: string;
  tableFullLines: number;
}

export type Observation = PollObservation | LogObservation;

/** A rule's state on one host: persisted, so a restart neither re-fires nor forgets. */
export interface AlertState {
  rule: string;
  host: string;
  /** The condition has held since then (the `forSeconds` clock); null when it does not hold. */
  pendingSince: number | null;
  /** Firing since then (notified); null when not firing. */
  firingSince: number | null;
  /** What the condition saw last, for the notification text (e.g. "92.3% (184,600/200,000)"). */
  value: string | null;
}

export interface Transition {
  rule: AlertRule;
  host: string;
  status: "firing" | "resolved";
  startsAt: number;
  /** Set when resolved. */
  endsAt: number | null;
  value: string | null;
}

type Verdict = { holds: boolean; value: string | null } | null;

/** Whether the rule's condition holds for this observation; null when the observation says nothing about it. */
export function judge(rule: AlertRule, obs: Observation): Verdict {
  switch (rule.kind) {
    case "utilization": {
      if (obs.source !== "poll") return null;
      if (obs.status === "unreachable" || obs.status === "hostkey" || obs.status === "pending") return null;
      if (obs.count === null || obs.max === null || obs.max <= 0) return { holds: false, value: null };
      const u = obs.count / obs.max;
      return { holds: u >= rule.ratio, value: `${(Math.floor(u * 1000) / 10).toFixed(1)}% (${obs.count}/${obs.max})` };
    }
    case "drops":
      if (obs.source !== "poll" || obs.dropDelta === null) return null;
      return { holds: obs.dropDelta > 0, value: `${obs.dropDelta} drops since the last read` };
    case "table-full-log":
      if (obs.source !== "log") return null;
      return { holds: obs.tableFullLines > 0, value: `${obs.tableFullLines} new "table full" lines` };
    case "unreachable":
      if (obs.source !== "poll" || obs.status === "pending") return null;
      return { holds: obs.status === "unreachable" || obs.status === "hostkey", value: obs.status };
  }
}

export function appliesTo(rule: AlertRule, host: string): boolean {
  return rule.hosts === null || rule.hosts.includes(host);
}

/**
 * One evaluation of one host. `prevStates` holds the host's state per rule name (missing: never
 * seen). Returns every judged rule's new state (`changed`: what the store must learn) and the transitions: at most one per rule, and none while a
 * firing alert keeps firing.
 */
export function evaluateHost(
  rules: readonly AlertRule[],
  prevStates: ReadonlyMap<string, AlertState>,
  obs: Observation,
  now: number,
): { states: (AlertState & { changed: boolean })[]; transitions: Transition[] } {
  const states: (AlertState & { changed: boolean })[] = [];
  const transitions: Transition[] = [];
  for (const rule of rules) {
    if (!appliesTo(rule, obs.host)) continue;
    const v = judge(rule, obs);
    if (v === null) continue;
    const prev = prevStates.get(rule.name) ?? { rule: rule.name, host: obs.host, pendingSince: null, firingSince: null, value: null };
    let next: AlertState & { changed: boolean };
    if (v.holds) {
      const pendingSince = prev.pendingSince ?? now;
      const due = now - pendingSince >= rule.forMs;
      const firingSince = prev.firingSince ?? (due ? pendingSince : null);
      next = { ...prev, pendingSince, firingSince, value: v.value, changed: false };
      if (prev.firingSince === null && firingSince !== null) {
        transitions.push({ rule, host: obs.host, status: "firing", startsAt: firingSince, endsAt: null, value: v.value });
      }
    } else {
      next = { ...prev, pendingSince: null, firingSince: null, value: v.value, changed: false };
      if (prev.firingSince !== null) {
        transitions.push({ rule, host: obs.host, status: "resolved", startsAt: prev.firingSince, endsAt: now, value: prev.value });
      }
    }
    next.changed = next.pendingSince !== prev.pendingSince || next.firingSince !== prev.firingSince;
    states.push(next);
  }
  return { states, transitions };
}
