import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

/**
 * A throwaway PostgreSQL 15 for tests and benchmarks: Debian's binaries, a fresh cluster in a new
 * temporary directory, TCP on 127.0.0.1 only, its unix socket inside that directory (never the
 * packaged cluster's /var/run/postgresql). Nothing outside the directory is touched; `stop()`
 * removes it.
 */

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface TestPostgres {
  /** Superuser URL of the `postgres` database (trust auth on loopback). */
  url: string;
  port: number;
  dir: string;
  /** Last lines of the server's log, for error messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  port: number;
  /**
   * "test" turns durability off (fsync, synchronous_commit, full_page_writes): a crash of the
   * machine loses the cluster, which a throwaway test cluster does not mind. "durable" keeps
   * PostgreSQL's defaults (benchmarks).
   */
  settings?: "test" | "durable";
  /** Where the temporary directory is made (default: the OS temp dir). */
  baseDir?: string;
  readyTimeoutMs?: number;
}

/** Durability off; room for the pools of test files running in parallel. */
const TEST_SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300"];

export async function startPostgres(opts: StartOptions): Promise<TestPostgres> {
  const initdb = path.join(PG_BIN, "initdb");
  if (!fs.existsSync(initdb)) {
    throw new Error(`PostgreSQL 15 is not installed (${initdb} is missing): run \`bash .ci/bootstrap\` (it installs Debian's postgresql package)`);
  }
  const base = opts.baseDir ?? os.tmpdir();
  removeOrphans(base);
  const dir = fs.mkdtempSync(path.join(base, PREFIX));
  fs.writeFileSync(path.join(dir, "owner.pid"), String(process.pid));
  const data = path.join(dir, "data");
  const sock = path.join(dir, "sock");
  fs.mkdirSync(sock);
  const logFile = path.join(dir, "server.log");
  const logTail = (n = 30) => readTail(logFile, n);
  // initdb refuses to run as root: the cluster belongs to the `postgres` system user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    await run("chown", ["-R", "postgres:postgres", dir]);
  }
  const who = asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups"] : [];
  const as = (bin: string, args: string[], extra: string[] = []) =>
    who.length + extra.length > 0 ? (["setpriv", [...who, ...extra, "--", bin, ...args]] as const) : ([bin, args] as const);

  let child: ChildProcess | null = null;
  let exited: Promise<void> | null = null;
  const running = () => child !== null && child.exitCode === null && child.signalCode === null;
  const cleanup = () => {
    if (running()) child!.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // The test process exiting takes the server and its files with it. When this process is killed
  // outright, no handler runs: `--pdeathsig` below kills the server with it, and the next start
  // removes the files (removeOrphans).
  process.once("exit", cleanup);

  try {
    const [initCmd, initArgs] = as(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
    await run(initCmd, initArgs, { env: { ...process.env, LC_ALL: "C" } }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`initdb failed: ${err.stderr?.trim() || err.message}`);
    });
    const settings = [
      "listen_addresses=127.0.0.1",
      `port=${opts.port}`,
      `unix_socket_directories=${sock}`,
      "logging_collector=off",
      ...((opts.settings ?? "test") === "test" ? TEST_SETTINGS : []),
    ];
    const [cmd, args] = as(path.join(PG_BIN, "postgres"), ["-D", data, ...settings.flatMap((s) => ["-c", s])], ["--pdeathsig=KILL"]);
    const log = fs.openSync(logFile, "a");
    try {
      child = spawn(cmd, args, { stdio: ["ignore", log, log] });
    } finally {
      fs.closeSync(log);
    }
    const proc = child;
    exited = new Promise((resolve) => proc.once("exit", () => resolve()));
    const url = `postgres://postgres@127.0.0.1:${opts.port}/postgres`;
    await waitReady(url, data, proc, opts.readyTimeoutMs ?? 30_000, logTail);

    let stopping: Promise<void> | null = null;
    return {
      url,
      port: opts.port,
      dir,
      logTail,
      stop: () =>
        (stopping ??= (async () => {
          process.removeListener("exit", cleanup);
          if (proc.exitCode === null && proc.signalCode === null) {
            // SIGINT: "fast" shutdown (disconnects clients, no checkpoint wait beyond the shutdown one).
            proc.kill("SIGINT");
            const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
            await exited;
            clearTimeout(timer);
          }
          fs.rmSync(dir, { recursive: true, force: true });
        })()),
    };
  } catch (err) {
    if (running()) child!.kill("SIGKILL");
    if (exited) await exited;
    cleanup();
    process.removeListener("exit", cleanup);
    throw err;
  }
}

/**
 * Until our server answers. Another server already on the port would answer too (and ours then
 * fails to bind and exits): an answer counts only from a server running on our data directory.
 */
async function waitReady(url: string, data: string, proc: ChildProcess, timeoutMs: number, logTail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`postgres exited during start-up (${proc.exitCode ?? proc.signalCode}); server log:\n${logTail()}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
      await client.end();
      if (rows[0]?.dir === data) return;
      last = `port ${new URL(url).port} is served by another PostgreSQL (${rows[0]?.dir})`;
    } catch (err) {
      last = (err as Error).message;
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      throw new Error(`postgres did not accept connections within ${timeoutMs} ms (last error: ${last}); server log:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PREFIX = "conntrack-pg-";

/**
 * Directories left by a test process that was killed outright (its server died with it through the
 * parent-death signal, but nothing removed the files): removed when their owner is gone.
 */
function removeOrphans(base: string): void {
  for (const name of fs.readdirSync(base)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(base, name);
    let owner: number;
    try {
      owner = Number(fs.readFileSync(path.join(dir, "owner.pid"), "utf8"));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readTail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
