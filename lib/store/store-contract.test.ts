import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe } from "vitest";
import { openSqliteStore } from "@/lib/store/open-store";
import { openPgStore } from "@/lib/store/pg/open-pg-store";
import type { Store } from "@/lib/store/ports";
import { freshPgDatabase } from "@/lib/testing/pg-test-db";
import { alertsContract, auditContract } from "./contract/audit-alerts-contract";
import { sessionsContract, tokensContract } from "./contract/auth-contract";
import { eventsContract } from "./contract/events-contract";
import type { EngineFactory, StoreFixture } from "./contract/fixture";
import { historyContract } from "./contract/history-contract";
import { timelineContract } from "./contract/timeline-contract";

/**
 * One behaviour, every engine: the same calls must give the same answers from SQLite (embedded)
 * and PostgreSQL (shared by replicas). Each test gets a fresh, empty store.
 */

/** A fixture over one engine's data: every store opened on it is closed, then the data removed. */
async function fixtureOf(open: () => Promise<Store>, remove: () => Promise<void> | void): Promise<StoreFixture> {
  const opened: Store[] = [];
  const reopen = async () => {
    const s = await open();
    opened.push(s);
    return s;
  };
  return {
    store: await reopen(),
    reopen,
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
      await remove();
    },
  };
}

const postgres: EngineFactory = {
  name: "postgres",
  async create() {
    const db = await freshPgDatabase("contract");
    return fixtureOf(() => openPgStore(db.url, { poolSize: 4 }), () => db.drop());
  },
};

/** SQLite: a file in a temporary directory; `reopen` is a second connection to the same file. */
const sqlite: EngineFactory = {
  name: "sqlite",
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "contract-sqlite-"));
    return fixtureOf(async () => openSqliteStore(dir), () => fs.rmSync(dir, { recursive: true, force: true }));
  },
};

const engines: EngineFactory[] = [sqlite, postgres];

describe.each(engines)("store contract: $name", (engine) => {
  describe("samples and rollups", () => historyContract(engine));
  describe("kernel-log events", () => eventsContract(engine));
  describe("timeline reads", () => timelineContract(engine));
  describe("audit log", () => auditContract(engine));
  describe("alert state and notifications", () => alertsContract(engine));
  describe("API tokens", () => tokensContract(engine));
  describe("sessions", () => sessionsContract(engine));
});
