import path from "node:path";
import { describe, expect, it } from "vitest";
import { readServerEnv } from "./server-env";

describe("readServerEnv: DATABASE_URL", () => {
  it.each([
    [undefined, null],
    ["", null],
    ["   ", null],
    ["postgres://fleet:secret@127.0.0.1:5432/fleet", "postgres://fleet:secret@127.0.0.1:5432/fleet"],
    ["postgresql://fleet@db.internal/fleet?sslmode=require", "postgresql://fleet@db.internal/fleet?sslmode=require"],
    ["postgresql:///fleet?host=/var/run/postgresql", "postgresql:///fleet?host=/var/run/postgresql"],
  ])("%j → %j", (value, expected) => {
    expect(readServerEnv({ DATABASE_URL: value }).databaseUrl).toBe(expected);
  });

  it.each(["mysql://fleet:hunter2@127.0.0.1/fleet", "127.0.0.1:5432", "postgres//fleet:hunter2@host/db", "sqlite:./data"])(
    "refuses %j, naming DATABASE_URL and never the value",
    (value) => {
      const err = (() => {
        try {
          readServerEnv({ DATABASE_URL: value });
        } catch (e) {
          return e as Error;
        }
        return null;
      })();
      expect(err?.message).toMatch(/^invalid environment: DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(err?.message).not.toContain("hunter2");
      expect(err?.message).not.toContain(value);
    },
  );

  it("keeps DATA_DIR and FLEET_CONFIG as before", () => {
    expect(readServerEnv({ DATA_DIR: "/tmp/d", FLEET_CONFIG: "f.yaml" })).toEqual({
      dataDir: "/tmp/d",
      fleetConfig: path.resolve("f.yaml"),
      databaseUrl: null,
      replicaId: null,
      replicaUrl: null,
    });
  });

  it("takes a replica's name and URL, and refuses a name that is not a plain token", () => {
    const env = readServerEnv({ DATABASE_URL: "postgres://u:p@db/fleet", REPLICA_ID: "dash-2", REPLICA_URL: "http://10.0.0.2:3000" });
    expect(env.replicaId).toBe("dash-2");
    expect(env.replicaUrl).toBe("http://10.0.0.2:3000");
    expect(() => readServerEnv({ REPLICA_ID: "dash 2; rm -rf /" })).toThrow(/REPLICA_ID: must be 1-64 letters/);
    expect(() => readServerEnv({ REPLICA_URL: "not a url" })).toThrow(/REPLICA_URL: must be a URL/);
  });
});
