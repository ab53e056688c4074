import { describe } from "vitest";
import { openPgStore } from "@/lib/store/pg/open-pg-store";
import type { Store } from "@/lib/store/store";
import { freshPgDatabase } from "@/lib/testing/pg-test-db";
import { alertsContract, auditContract } from "./contract/audit-alerts-contract";
import { sessionsContract, tokensContract } from "./contract/auth-contract";
import { eventsContract } from "./contract/events-contract";
import type { EngineFactory } from "./contract/fixture";
import { historyContract } from "./contract/history-contract";
import { timelineContract } from "./contract/timeline-contract";

/**
 * One behaviour, every engine: the same calls must give the same answers from SQLite (embedded)
 * and PostgreSQL (shared by replicas). Each test gets a fresh, empty store.
 */

const postgres: EngineFactory = {
  name: "postgres",
  async create() {
    const db = await freshPgDatabase("contract");
    const opened: Store[] = [];
    const open = async () => {
      const s = await openPgStore(db.url, { poolSize: 4 });
      opened.push(s);
      return s;
    };
    return {
      store: await open(),
      reopen: open,
      async dispose() {
        await Promise.all(opened.map((s) => s.close()));
        await db.drop();
      },
    };
  },
};

const engines: EngineFactory[] = [
  postgres,
  // ── SQLite engine: added by the lead on merge, once the SQLite classes implement the async ports.
  // Shape: { name: "sqlite", create: async () => { dir = mkdtemp; store = open(dir); reopen = open(dir)
  //          (a second connection to the same file); dispose = close all + rm dir } }.
];

describe.each(engines)("store contract: $name", (engine) => {
  describe("samples and rollups", () => historyContract(engine));
  describe("kernel-log events", () => eventsContract(engine));
  describe("timeline reads", () => timelineContract(engine));
  describe("audit log", () => auditContract(engine));
  describe("alert state and notifications", () => alertsContract(engine));
  describe("API tokens", () => tokensContract(engine));
  describe("sessions", () => sessionsContract(engine));
});
