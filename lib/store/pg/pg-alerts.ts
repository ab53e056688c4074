import "server-only";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { AlertState } from "@/lib/alerts/evaluate";
import type { AlertStore, NewNotification, NotificationRow, NotificationState } from "@/lib/alerts/store-port";
import { text, tx } from "./pg-db";

/**
 * How long a replica's claim on a notification holds: longer than any attempt (a receiver's
 * timeout is at most 120 s). A replica that dies mid-send leaves its rows to the others after it.
 */
export const CLAIM_MS = 5 * 60_000;

const COLUMNS = `id, created_at AS "createdAt", host, receiver, status, alerts, body, state, attempts,
  next_attempt_at AS "nextAttemptAt", last_error AS "lastError", done_at AS "doneAt"`;

type Raw = Omit<NotificationRow, "alerts"> & { alerts: string };
const toRow = (r: Raw): NotificationRow => ({ ...r, alerts: JSON.parse(r.alerts) as NotificationRow["alerts"] });

/** Alert state and the notification queue shared by the replicas (see lib/alerts/store-port.ts). */
export class PgAlertStore implements AlertStore {
  /** This store's name in claims: its own claims do not hide rows from it (one process, as SQLite). */
  private readonly claimant = randomUUID();

  constructor(private readonly pool: pg.Pool) {}

  async loadStates(): Promise<AlertState[]> {
    const { rows } = await this.pool.query<AlertState>(
      `SELECT rule, host, pending_since AS "pendingSince", firing_since AS "firingSince", value FROM alert_state ORDER BY rule, host`,
    );
    return rows;
  }

  async commitEvaluation(states: readonly AlertState[], notifications: readonly NewNotification[], now: number): Promise<void> {
    if (states.length === 0 && notifications.length === 0) return;
    await tx(this.pool, async (c) => {
      for (const s of states) {
        // A rule that neither holds nor fires has nothing to remember.
        if (s.pendingSince === null && s.firingSince === null) {
          await c.query(`DELETE FROM alert_state WHERE rule = $1 AND host = $2`, [s.rule, s.host]);
        } else {
          await c.query(
            `INSERT INTO alert_state (rule, host, pending_since, firing_since, value, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (rule, host) DO UPDATE SET pending_since = excluded.pending_since, firing_since = excluded.firing_since,
               value = excluded.value, updated_at = excluded.updated_at`,
            [s.rule, s.host, s.pendingSince, s.firingSince, text(s.value), now],
          );
        }
      }
      for (const n of notifications) {
        await c.query(
          `INSERT INTO alert_notifications (created_at, host, receiver, status, alerts, body, state, attempts, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $1)`,
          [n.createdAt, n.host, n.receiver, n.status, JSON.stringify(n.alerts), text(n.body)],
        );
      }
    });
  }

  /**
   * Claims and returns what is due. A row waits while an older one to the same receiver about the
   * same host is pending (a resolved never overtakes its firing), as in SQLite. Rows another
   * replica is sending (locked now, or claimed and the claim not expired) are skipped; this
   * store's own claims are not, so one process sees what SQLite would show it.
   */
  async due(now: number, limit: number): Promise<NotificationRow[]> {
    const { rows } = await this.pool.query<Raw>(
      `WITH c AS (
         SELECT n.id AS claim_id FROM alert_notifications n
         WHERE n.state = 'pending' AND n.next_attempt_at <= $1
           AND (n.claimed_by IS NULL OR n.claimed_by = $3 OR n.claimed_until <= $1)
           AND NOT EXISTS (SELECT 1 FROM alert_notifications o
                           WHERE o.state = 'pending' AND o.receiver = n.receiver AND o.host = n.host AND o.id < n.id)
         ORDER BY n.id LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE alert_notifications a SET claimed_by = $3, claimed_until = $1 + ${CLAIM_MS}
       FROM c WHERE a.id = c.claim_id
       RETURNING ${COLUMNS}`,
      [now, limit, this.claimant],
    );
    return rows.map(toRow).sort((a, b) => a.id - b.id);
  }

  async markDelivered(id: number, attempts: number, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET state = 'delivered', attempts = $1, next_attempt_at = NULL, done_at = $2, claimed_by = NULL, claimed_until = NULL WHERE id = $3`,
      [attempts, now, id],
    );
  }

  async markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET attempts = $1, next_attempt_at = $2, last_error = $3, claimed_by = NULL, claimed_until = NULL WHERE id = $4`,
      [attempts, nextAttemptAt, text(error), id],
    );
  }

  async markDead(id: number, attempts: number, error: string, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET state = 'dead', attempts = $1, next_attempt_at = NULL, last_error = $2, done_at = $3, claimed_by = NULL, claimed_until = NULL WHERE id = $4`,
      [attempts, text(error), now, id],
    );
  }

  async recent(limit: number): Promise<NotificationRow[]> {
    const { rows } = await this.pool.query<Raw>(`SELECT ${COLUMNS} FROM alert_notifications ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(toRow);
  }
}
