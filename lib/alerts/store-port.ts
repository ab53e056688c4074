import type { AlertState } from "./evaluate";

/**
 * What the alerts feature needs from a store. SQLite implements it (lib/store/alert-store.ts); a
 * shared PostgreSQL store implements the same verbs (its dispatcher claims rows with
 * `FOR UPDATE SKIP LOCKED` so replicas never send one notification twice).
 */

export type NotificationState = "pending" | "delivered" | "dead";

export interface NewNotification {
  createdAt: number;
  host: string;
  receiver: string;
  status: "firing" | "resolved";
  /** What the notification says, for the alerts page: rule and transition of each alert. */
  alerts: { rule: string; status: "firing" | "resolved" }[];
  body: string;
}

export interface NotificationRow extends NewNotification {
  id: number;
  state: NotificationState;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  doneAt: number | null;
}

export interface AlertStore {
  loadStates(): Promise<AlertState[]>;
  /** State changes and the notifications they produce, in one transaction: never one without the other. */
  commitEvaluation(states: readonly AlertState[], notifications: readonly NewNotification[], now: number): Promise<void>;
  /**
   * Pending notifications due by `now`, oldest first; one waits while an older one to the same receiver
   * about the same host is pending. A shared store claims what it returns (FOR UPDATE SKIP LOCKED and a
   * claim expiry), so two replicas never send the same row at once.
   */
  due(now: number, limit: number): Promise<NotificationRow[]>;
  markDelivered(id: number, attempts: number, now: number): Promise<void>;
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void>;
  markDead(id: number, attempts: number, error: string, now: number): Promise<void>;
  recent(limit: number): Promise<NotificationRow[]>;
}
