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
  loadStates(): AlertState[];
  /** State changes and the notifications they produce, in one transaction: never one without the other. */
  commitEvaluation(states: readonly AlertState[], notifications: readonly NewNotification[], now: number): void;
  /** Pending notifications due by `now`, oldest first; one waits while an older one to the same receiver about the same host is pending. */
  due(now: number, limit: number): NotificationRow[];
  markDelivered(id: number, attempts: number, now: number): void;
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): void;
  markDead(id: number, attempts: number, error: string, now: number): void;
  recent(limit: number): NotificationRow[];
}
