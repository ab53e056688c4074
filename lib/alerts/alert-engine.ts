import type { AlertsConfig } from "@/lib/config/alerts-config";
import { evaluateHost, type AlertState, type Observation, type Transition } from "./evaluate";
import { buildPayload, groupStatus } from "./payloads";
import type { AlertStore, NewNotification } from "./store-port";

/**
 * Evaluates each host right after its poll (or log read), in memory: a few comparisons per rule.
 * The store is written only when a rule's state changes, and the notifications of that change are
 * queued in the same transaction; the dispatcher sends them. Nothing here waits on the network.
 */
export class AlertEngine {
  /** host → rule name → state */
  private readonly states = new Map<string, Map<string, AlertState>>();
  /** Per host, the last store write not yet done: the next one waits for it (see `commit`). */
  private readonly commits = new Map<string, Promise<void>>();

  private constructor(
    private readonly config: AlertsConfig,
    private readonly store: AlertStore,
    private hosts: ReadonlySet<string>,
    stored: readonly AlertState[],
  ) {
    this.adopt(stored);
  }

  /** Takes stored states as this engine's (of `only` these hosts, when given). */
  private adopt(stored: readonly AlertState[], only?: ReadonlySet<string>): void {
    const rules = new Set(this.config.rules.map((r) => r.name));
    for (const s of stored) {
      // A rule or host since removed from the fleet file is not firing any more, whatever was stored.
      if (!rules.has(s.rule) || !this.hosts.has(s.host) || (only && !only.has(s.host))) continue;
      this.forHost(s.host).set(s.rule, s);
    }
  }

  /** Picks up what was pending and firing when the dashboard last stopped. */
  static async open(config: AlertsConfig, store: AlertStore, hosts: ReadonlySet<string>): Promise<AlertEngine> {
    return new AlertEngine(config, store, hosts, await store.loadStates());
  }

  /**
   * The fleet was re-read (inventory or fleet-file change): new hosts are evaluated from their next
   * poll; a removed host's rules are forgotten in memory (what it fired stays in the notification log).
   */
  setHosts(hosts: ReadonlySet<string>): void {
    this.hosts = hosts;
    for (const h of [...this.states.keys()]) if (!hosts.has(h)) this.states.delete(h);
  }

  /**
   * Another replica evaluated these hosts until now (they moved to this one): their rules' states
   * are read again from the store, so what that replica fired is neither fired again nor forgotten.
   */
  async reloadHosts(hosts: readonly string[]): Promise<void> {
    if (!this.enabled || hosts.length === 0) return;
    const moved = new Set(hosts);
    const stored = await this.store.loadStates();
    for (const h of moved) this.states.delete(h);
    this.adopt(stored, moved);
  }

  get enabled(): boolean {
    return this.config.rules.length > 0;
  }

  private forHost(host: string): Map<string, AlertState> {
    let m = this.states.get(host);
    if (!m) this.states.set(host, (m = new Map()));
    return m;
  }

  /**
   * Never rejects: an alerting fault is logged, the poll it rode on is unaffected. The in-memory
   * state changes at once; the promise resolves when the store has the change.
   */
  observe(obs: Observation, now = Date.now()): Promise<void> {
    if (!this.enabled || !this.hosts.has(obs.host)) return Promise.resolve();
    try {
      const current = this.forHost(obs.host);
      const { states, transitions } = evaluateHost(this.config.rules, current, obs, now);
      const changed: AlertState[] = [];
      for (const { changed: isChanged, ...s } of states) {
        current.set(s.rule, s);
        if (isChanged) changed.push(s);
      }
      if (changed.length === 0) return Promise.resolve();
      return this.commit(obs.host, changed, this.notificationsOf(obs.host, transitions, now), now);
    } catch (err) {
      console.error(`[alerts] ${obs.host}: evaluation failed`, err);
      return Promise.resolve();
    }
  }

  /**
   * A host's evaluations reach the store in the order they were made: a poll and a log read of the
   * same host may observe back to back, and with a store that answers over the network a later
   * "resolved" must not commit (and get the lower notification id) before the "firing" it follows.
   * Idle hosts start their write at once, so an embedded store has it before `observe` returns.
   */
  private commit(host: string, states: AlertState[], notifications: NewNotification[], now: number): Promise<void> {
    const write = () =>
      this.store.commitEvaluation(states, notifications, now).catch((err: unknown) => {
        console.error(`[alerts] ${host}: could not store the evaluation`, err);
      });
    const before = this.commits.get(host);
    const done = before ? before.then(write) : write();
    this.commits.set(host, done);
    void done.then(() => {
      if (this.commits.get(host) === done) this.commits.delete(host);
    });
    return done;
  }

  /** One notification per receiver for this evaluation's transitions (grouped per host). */
  private notificationsOf(host: string, transitions: readonly Transition[], now: number): NewNotification[] {
    const byReceiver = new Map<string, Transition[]>();
    for (const t of transitions) {
      for (const r of t.rule.receivers) {
        const list = byReceiver.get(r);
        if (list) list.push(t);
        else byReceiver.set(r, [t]);
      }
    }
    const out: NewNotification[] = [];
    for (const [name, list] of byReceiver) {
      const receiver = this.config.receivers.find((r) => r.name === name);
      if (!receiver) continue;
      const body = buildPayload(receiver.kind, { host, receiver: name, transitions: list, externalUrl: this.config.externalUrl, at: now });
      out.push({
        createdAt: now,
        host,
        receiver: name,
        status: groupStatus(list),
        alerts: list.map((t) => ({ rule: t.rule.name, status: t.status })),
        body: JSON.stringify(body),
      });
    }
    return out;
  }

  /** What fires now, oldest first. */
  firing(): { rule: string; kind: string; host: string; since: number; value: string | null }[] {
    const kinds = new Map(this.config.rules.map((r) => [r.name, r.kind]));
    const out = [];
    for (const m of this.states.values()) {
      for (const s of m.values()) {
        if (s.firingSince !== null) out.push({ rule: s.rule, kind: kinds.get(s.rule) ?? "", host: s.host, since: s.firingSince, value: s.value });
      }
    }
    return out.sort((a, b) => a.since - b.since || a.host.localeCompare(b.host));
  }
}
