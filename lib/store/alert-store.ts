import "server-only";
import type { AlertState } from "@/lib/alerts/evaluate";
import type { AlertStore, NewNotification, NotificationRow, NotificationState } from "@/lib/alerts/store-port";
import type { Db } from "./sqlite";

interface RawNotification {
  id: number;
  created_at: number;
  host: string;
  receiver: string;
  status: "firing" | "resolved";
  alerts: string;
  body: string;
  state: NotificationState;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  done_at: number | null;
}

/** Alert state and the notification queue in the SQLite file (see lib/alerts/store-port.ts). */
export class SqliteAlertStore implements AlertStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      states: db.prepare(`SELECT rule, host, pending_since AS pendingSince, firing_since AS firingSince, value FROM alert_state`),
      putState: db.prepare(
        `INSERT INTO alert_state (rule, host, pending_since, firing_since, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(rule, host) DO UPDATE SET pending_since = excluded.pending_since, firing_since = excluded.firing_since,
           value = excluded.value, updated_at = excluded.updated_at`,
      ),
      dropState: db.prepare(`DELETE FROM alert_state WHERE rule = ? AND host = ?`),
      insert: db.prepare(
        `INSERT INTO alert_notifications (created_at, host, receiver, status, alerts, body, state, attempts, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
      ),
      // In order per receiver and host: a resolved must never overtake its firing while that one is retried.
      due: db.prepare(
        `SELECT * FROM alert_notifications n WHERE state = 'pending' AND next_attempt_at <= ?
           AND NOT EXISTS (SELECT 1 FROM alert_notifications o
                           WHERE o.state = 'pending' AND o.receiver = n.receiver AND o.host = n.host AND o.id < n.id)
         ORDER BY id LIMIT ?`,
      ),
      delivered: db.prepare(`UPDATE alert_notifications SET state = 'delivered', attempts = ?, next_attempt_at = NULL, done_at = ? WHERE id = ?`),
      retry: db.prepare(`UPDATE alert_notifications SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`),
      dead: db.prepare(`UPDATE alert_notifications SET state = 'dead', attempts = ?, next_attempt_at = NULL, last_error = ?, done_at = ? WHERE id = ?`),
      recent: db.prepare(`SELECT * FROM alert_notifications ORDER BY id DESC LIMIT ?`),
    };
  }

  async loadStates(): Promise<AlertState[]> {
    return this.stmts.states.all() as AlertState[];
  }

  async commitEvaluation(states: readonly AlertState[], notifications: readonly NewNotification[], now: number): Promise<void> {
    this.db.transaction(() => {
      for (const s of states) {
        // A rule that neither holds nor fires has nothing to remember.
        if (s.pendingSince === null && s.firingSince === null) this.stmts.dropState.run(s.rule, s.host);
        else this.stmts.putState.run(s.rule, s.host, s.pendingSince, s.firingSince, s.value, now);
      }
      for (const n of notifications) {
        this.stmts.insert.run(n.createdAt, n.host, n.receiver, n.status, JSON.stringify(n.alerts), n.body, n.createdAt);
      }
    })();
  }

  async due(now: number, limit: number): Promise<NotificationRow[]> {
    return (this.stmts.due.all(now, limit) as RawNotification[]).map(toRow);
  }

  async markDelivered(id: number, attempts: number, now: number): Promise<void> {
    this.stmts.delivered.run(attempts, now, id);
  }

  async markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    this.stmts.retry.run(attempts, nextAttemptAt, error, id);
  }

  async markDead(id: number, attempts: number, error: string, now: number): Promise<void> {
    this.stmts.dead.run(attempts, error, now, id);
  }

  async recent(limit: number): Promise<NotificationRow[]> {
    return (this.stmts.recent.all(limit) as RawNotification[]).map(toRow);
  }
}

function toRow(r: RawNotification): NotificationRow {
  return {
    id: r.id,
    createdAt: r.created_at,
    host: r.host,
    receiver: r.receiver,
    status: r.status,
    alerts: JSON.parse(r.alerts) as NotificationRow["alerts"],
    body: r.body,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    doneAt: r.done_at,
  };
}
