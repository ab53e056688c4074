import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startPostgres, type TestPostgres } from "./postgres";

/** The throwaway-server harness itself (its own ports, 5493–5494, beside the run's shared 5491). */

const started: TestPostgres[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function query(url: string, sql: string) {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("startPostgres", () => {
  it("serves on 127.0.0.1 with its socket inside its own directory, test settings on, and removes the directory on stop", async () => {
    const s = await startPostgres({ port: 5493 });
    started.push(s);
    expect(s.url).toBe("postgres://postgres@127.0.0.1:5493/postgres");
    const [row] = await query(
      s.url,
      "SELECT current_setting('listen_addresses') AS l, current_setting('unix_socket_directories') AS u, current_setting('fsync') AS f, current_setting('server_version_num')::int AS v",
    );
    expect(row).toEqual({ l: "127.0.0.1", u: path.join(s.dir, "sock"), f: "off", v: expect.any(Number) });
    expect(row.v).toBeGreaterThanOrEqual(150000);
    expect(fs.existsSync(path.join(s.dir, "data", "PG_VERSION"))).toBe(true);
    await s.stop();
    await s.stop(); // idempotent
    expect(fs.existsSync(s.dir)).toBe(false);
    await expect(query(s.url, "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("fails with the server log when it cannot start (its port is taken), leaving nothing behind", async () => {
    const s = await startPostgres({ port: 5494 });
    started.push(s);
    const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("conntrack-pg-")).length;
    const err = await startPostgres({ port: 5494, readyTimeoutMs: 20_000 }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/postgres exited during start-up[\s\S]*(could not (bind|create listen socket)|already in use)/i);
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("conntrack-pg-")).length).toBe(before);
    await s.stop();
  });

  it("removes directories left by a test process that was killed", async () => {
    const orphan = fs.mkdtempSync(path.join(os.tmpdir(), "conntrack-pg-"));
    // A pid above the kernel's maximum cannot be a live process.
    fs.writeFileSync(path.join(orphan, "owner.pid"), "4194305");
    const s = await startPostgres({ port: 5493 });
    started.push(s);
    expect(fs.existsSync(orphan)).toBe(false);
    await s.stop();
  });

  it("durable settings are PostgreSQL's defaults", async () => {
    const s = await startPostgres({ port: 5493, settings: "durable" });
    started.push(s);
    const [row] = await query(s.url, "SELECT current_setting('fsync') AS f, current_setting('synchronous_commit') AS c, current_setting('full_page_writes') AS w");
    expect(row).toEqual({ f: "on", c: "on", w: "on" });
    await s.stop();
  });
});
