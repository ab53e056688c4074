import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Schema migrations, applied in order and recorded in `user_version`. Append only: a shipped
 * migration is never edited, because a store on disk has already run it.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE hosts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  -- One row per poll attempt. Times are epoch milliseconds UTC.
  -- *_total are the kernel's cumulative counters summed over CPUs; *_delta are the reset-aware
  -- increments since the previous successful read (a counter that goes down is a reboot).
  CREATE TABLE samples (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    ts INTEGER NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT,
    error_message TEXT,
    count INTEGER,
    max INTEGER,
    buckets INTEGER,
    drop_total INTEGER,
    early_drop_total INTEGER,
    insert_failed_total INTEGER,
    drop_delta INTEGER,
    early_drop_delta INTEGER,
    insert_failed_delta INTEGER,
    boot_time INTEGER,
    PRIMARY KEY (host_id, ts)
  ) WITHOUT ROWID;
  CREATE INDEX samples_drops ON samples(ts) WHERE drop_delta > 0;
  CREATE TABLE host_facts (
    host_id INTEGER PRIMARY KEY REFERENCES hosts(id),
    kernel TEXT,
    cores INTEGER,
    mem_total_bytes INTEGER,
    module TEXT,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  -- Rollups keep long ranges cheap to chart: a 30-day view reads 720 hourly rows, not 500k samples.
  -- count_max keeps peaks visible; drop sums add up exactly to the raw deltas.
  CREATE TABLE samples_1m (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    count_sum INTEGER NOT NULL,
    count_max INTEGER,
    max_last INTEGER,
    drop_sum INTEGER,
    early_drop_sum INTEGER,
    insert_failed_sum INTEGER,
    PRIMARY KEY (host_id, bucket)
  ) WITHOUT ROWID;
  CREATE TABLE samples_1h (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    count_sum INTEGER NOT NULL,
    count_max INTEGER,
    max_last INTEGER,
    drop_sum INTEGER,
    early_drop_sum INTEGER,
    insert_failed_sum INTEGER,
    PRIMARY KEY (host_id, bucket)
  ) WITHOUT ROWID;
  -- Kernel-log events, stored once whatever source they were read from (key is source-independent).
  CREATE TABLE events (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    key TEXT NOT NULL,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL,
    source TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (host_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX events_ts ON events(ts);
  CREATE INDEX events_host_ts ON events(host_id, ts);
  -- Where each host's kernel log was last read up to, so a restart resumes instead of re-reading.
  CREATE TABLE log_state (
    host_id INTEGER PRIMARY KEY REFERENCES hosts(id),
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  ALTER TABLE host_facts ADD COLUMN boot_time INTEGER;
  ALTER TABLE host_facts ADD COLUMN hashsize INTEGER;
  ALTER TABLE host_facts ADD COLUMN entry_bytes INTEGER;
  `,
  `
  -- Only a hash of the session id is stored: a copy of the database does not hand out sessions.
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Every limit-change attempt, successful or not: who, what, the exact commands, the outcome.
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    host TEXT NOT NULL,
    action TEXT NOT NULL,
    mode TEXT,
    old_max INTEGER,
    new_max INTEGER,
    old_hashsize INTEGER,
    new_hashsize INTEGER,
    commands TEXT NOT NULL,
    files TEXT NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    detail TEXT
  );
  CREATE INDEX audit_ts ON audit(ts);
  CREATE INDEX audit_host_ts ON audit(host, ts);
  `,
  `
  -- The order events were read in, store-wide. Lines of one second (kern.log and syslog stamp whole
  -- seconds) are listed in the order the host logged them, not in the order of their dedupe keys.
  -- Rows from before this column keep 0 and fall back to key order.
  ALTER TABLE events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- Why a raise was made (a ticket, an incident), as the operator typed it: plain text, length-capped.
  ALTER TABLE audit ADD COLUMN reason TEXT;
  `,
  `
  -- API tokens (Authorization: Bearer). Only a SHA-256 of the secret is stored; revoked rows stay so
  -- a caller still sending one is told when it was revoked. A name is unique among live tokens.
  CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked_at INTEGER,
    revoked_by TEXT
  );
  CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(name) WHERE revoked_at IS NULL;
  `,
  `
  -- Each alert rule's state per host, so a restart neither re-fires what already fired nor forgets it.
  CREATE TABLE alert_state (
    rule TEXT NOT NULL,
    host TEXT NOT NULL,
    pending_since INTEGER,
    firing_since INTEGER,
    value TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (rule, host)
  ) WITHOUT ROWID;
  -- Webhook notifications: queued with the evaluation that produced them, sent by the dispatcher.
  -- The body is stored as sent; the receiver's URL is not (it may carry a secret): it is looked up
  -- by receiver name in the fleet file at each attempt.
  CREATE TABLE alert_notifications (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    host TEXT NOT NULL,
    receiver TEXT NOT NULL,
    status TEXT NOT NULL,
    alerts TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error TEXT,
    done_at INTEGER
  );
  CREATE INDEX alert_notifications_due ON alert_notifications(next_attempt_at) WHERE state = 'pending';
  CREATE INDEX alert_notifications_created ON alert_notifications(created_at);
  `,
];

export type Db = Database.Database;

export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "conntrack.db"));
  db.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this build knows (${MIGRATIONS.length}); refusing to run`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
