import "server-only";
import { Client, type AnyAuthMethod, type ClientChannel, type ConnectConfig, type ServerHostKeyAlgorithm } from "ssh2";
import { signingKey } from "./signing-key";
import { AppError } from "@/lib/errors/app-error";
import type { HostKeyMismatch, HostKeyStore } from "./host-keys";
import type { HandshakeAdmission } from "./handshake-admission";

export type SshFailureCode = "unreachable" | "auth" | "hostkey" | "timeout" | "command";

export class SshError extends AppError {
  constructor(
    readonly failure: SshFailureCode,
    message: string,
    /** A refused host key: what was offered, what known_hosts expected, how to clear the stale lines. */
    readonly hostKey: HostKeyMismatch | null = null,
    cause?: unknown,
    /** The jump host whose failure this is (`bastion-01`), null for the host's own. */
    readonly via: string | null = null,
  ) {
    super(failure, message, { cause });
    this.name = "SshError";
  }
}

/** A jump host's failure as the hosts behind it report it: "via bastion-01: connection refused". */
function viaError(hop: string, err: unknown): SshError {
  if (err instanceof SshError && err.via !== null) return err; // already names the outermost hop that failed
  if (err instanceof SshError) return new SshError(err.failure, `via ${hop}: ${err.message}`, err.hostKey, err, hop);
  return new SshError("unreachable", `via ${hop}: ${(err as Error).message}`, null, err, hop);
}

/** RFC 4254 5.1 reason codes of a refused channel open (a jump host that cannot forward). */
const OPEN_FAILURE: Record<number, string> = {
  1: "forwarding prohibited by the jump host",
  2: "connect failed",
  3: "unknown channel type",
  4: "resource shortage",
};

export interface ExecResult {
  stdout: string;
  /** The raw bytes, for callers that track byte offsets in remote files. */
  stdoutBytes: Buffer;
  stderr: string;
  exitCode: number;
}

export interface HostTarget {
  name: string;
  address: string;
  port: number;
  user: string;
  privateKey: Buffer | null;
  passphrase: string | null;
  agentSocket: string | null;
}

export interface ConnectionOptions {
  timeoutMs: number;
  hostKeys: HostKeyStore;
  handshakes: HandshakeAdmission;
  keepaliveMs?: number;
}

const SUPPORTED_HOST_KEY_ALGOS = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
];
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

/**
 * One persistent SSH connection to one host. Connects lazily on the first exec, keeps the
 * connection with keepalives, and after a failure waits an exponentially growing, jittered delay
 * before dialling again so a dead host costs nothing and a recovering fleet is not stampeded.
 */
export class HostConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError: SshError | null = null;
  private disposed = false;
  /** Successful handshakes so far: a session opened on an older generation is gone. */
  private generation = 0;

  /**
   * `via`: the connection to the last jump host, shared by every host behind it (lib/ssh/jump-pool.ts).
   * The host's TCP connection is then a channel forwarded by that jump host (`direct-tcpip`).
   */
  constructor(
    readonly target: HostTarget,
    private readonly opts: ConnectionOptions,
    readonly via: HostConnection | null = null,
  ) {}

  get connected(): boolean {
    return this.client !== null;
  }

  /** Bumped by every new connection: long-lived sessions tell a reconnect from a restart with it. */
  get connectionGeneration(): number {
    return this.generation;
  }

  /** connected, handshaking (or queued for admission), backing off after a failure, or not dialled yet. */
  get state(): "connected" | "connecting" | "backoff" | "idle" {
    if (this.client) return "connected";
    if (this.connecting) return "connecting";
    if (this.lastError) return "backoff";
    return "idle";
  }

  /** When the connection is backing off: the time of the next dial and the error that caused it. */
  get backoff(): { until: number; error: SshError } | null {
    if (this.client || !this.lastError || Date.now() >= this.retryAt) return null;
    return { until: this.retryAt, error: this.lastError };
  }

  async exec(command: string, timeoutMs = this.opts.timeoutMs): Promise<ExecResult> {
    const client = await this.connect();
    return runCommand(client, command, timeoutMs).catch((err: unknown) => {
      // A command that hangs or a channel that cannot open leaves the transport in doubt: start over.
      if (err instanceof SshError && err.failure === "timeout") this.drop(client);
      if (err instanceof SshError && err.failure === "command" && /channel/i.test(err.message)) this.drop(client);
      throw err;
    });
  }

  /**
   * Opens a long-lived exec channel (a persistent reader). The caller owns the channel; it closes
   * with the connection. A channel that cannot be opened leaves the transport in doubt: start over.
   */
  async openChannel(command: string, timeoutMs = this.opts.timeoutMs): Promise<ClientChannel> {
    const client = await this.connect();
    const exec = (cb: (err: Error | undefined, ch: ClientChannel) => void) =>
      client.exec(command, (err, ch) => {
        if (ch) recordExit(ch);
        cb(err, ch);
      });
    return this.openWithin(client, timeoutMs, `the host did not open a session within ${timeoutMs} ms`, exec, (err) => {
      if (/channel/i.test(err.message)) this.drop(client);
      return new SshError("command", `cannot open channel: ${err.message}`, null, err);
    });
  }

  /**
   * One channel open on `client`, bounded by `timeoutMs` (then the transport is in doubt: dropped).
   * A channel that arrives after the timeout is closed; `failed` turns an open error into ours.
   */
  private openWithin(
    client: Client,
    timeoutMs: number,
    timeoutMessage: string,
    open: (cb: (err: Error | undefined, ch: ClientChannel) => void) => void,
    failed: (err: Error) => SshError,
  ): Promise<ClientChannel> {
    return new Promise<ClientChannel>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        this.drop(client);
        reject(new SshError("timeout", timeoutMessage));
      }, timeoutMs);
      open((err, ch) => {
        clearTimeout(timer);
        if (done) return ch?.close();
        done = true;
        if (err) return reject(failed(err));
        resolve(ch);
      });
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.client) this.drop(this.client);
  }

  /**
   * A TCP connection from this (jump) host to `host:port`, for the next hop's SSH client to run
   * over. Connects (or waits for the connection) first; a refused open is the target's failure.
   */
  async forwardOut(host: string, port: number, timeoutMs = this.opts.timeoutMs): Promise<ClientChannel> {
    const client = await this.connect();
    const timeout = `${this.target.name} did not open a forwarded connection within ${timeoutMs} ms`;
    return this.openWithin(client, timeoutMs, timeout, (cb) => client.forwardOut("127.0.0.1", 0, host, port, cb), (err) => {
      const reason = (err as Error & { reason?: number }).reason;
      // No reason code: the transport itself failed, start over with it.
      if (reason === undefined) this.drop(client);
      const why = reason === undefined ? err.message : `${OPEN_FAILURE[reason] ?? `refused (${reason})`}${err.message ? `: ${err.message.replace(/^\(SSH\) Channel open failure:\s*/, "")}` : ""}`;
      return new SshError("unreachable", `${this.target.name} could not connect to ${host}:${port} (${why})`, null, err);
    });
  }

  private connect(): Promise<Client> {
    if (this.disposed) return Promise.reject(new SshError("unreachable", "connection disposed"));
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    const backoff = this.backoff;
    if (backoff) return Promise.reject(backoff.error);
    // The jump host is connected before this handshake takes an admission slot: hosts holding
    // every slot while waiting for their bastion's own handshake would never let it in.
    const viaReady = this.via ? this.via.connect().then(() => undefined, (err: unknown) => Promise.reject(viaError(this.via!.target.name, err))) : Promise.resolve();
    this.connecting = viaReady
      .then(() => this.opts.handshakes.run((timeoutMs) => this.handshake(timeoutMs), (err) => err instanceof SshError && err.failure === "timeout"))
      .then(
        (client) => {
          this.generation++;
          this.failures = 0;
          this.lastError = null;
          this.client = client;
          return client;
        },
        (err: SshError) => {
          if (err.via !== null && this.via) {
            // The bastion's failure: retry when the bastion does, with no backoff of our own.
            this.retryAt = this.via.backoff?.until ?? Date.now();
          } else {
            this.failures++;
            const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
            this.retryAt = Date.now() + delay / 2 + Math.random() * (delay / 2);
          }
          this.lastError = err;
          throw err;
        },
      )
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  /** The forwarded TCP connection through the jump host (its failures name the jump host). */
  private async forwardedSocket(timeoutMs: number): Promise<ClientChannel | null> {
    if (!this.via) return null;
    try {
      return await this.via.forwardOut(this.target.address, this.target.port, timeoutMs);
    } catch (err) {
      throw viaError(this.via.target.name, err);
    }
  }

  private async handshake(timeoutMs: number): Promise<Client> {
    const started = Date.now();
    const sock = await this.forwardedSocket(timeoutMs);
    return this.handshakeOver(sock, Math.max(1000, timeoutMs - (Date.now() - started)));
  }

  private handshakeOver(sock: ClientChannel | null, timeoutMs: number): Promise<Client> {
    const { target, opts } = this;
    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let hostKeyFailure: SshError | null = null;
      let settled = false;
      const settle = (err: SshError | null) => {
        if (settled) return;
        settled = true;
        client.removeListener("ready", onReady);
        if (err) {
          client.removeAllListeners("close");
          client.on("error", () => {}); // late socket errors after we gave up must not crash the process
          client.end();
          client.destroy();
          reject(err);
        } else resolve(client);
      };
      const onReady = () => settle(null);
      client.once("ready", onReady);
      client.on("error", (err: Error & { level?: string; code?: string }) => {
        if (!settled) settle(hostKeyFailure ?? classifyConnectError(err));
      });
      client.on("close", () => {
        if (!settled) settle(hostKeyFailure ?? new SshError("unreachable", "connection closed during handshake"));
        else if (this.client === client) this.client = null;
      });

      const preferred = opts.hostKeys.preferredAlgorithms(target.address, target.port).filter((a) => SUPPORTED_HOST_KEY_ALGOS.includes(a));
      const config: ConnectConfig = {
        host: target.address,
        port: target.port,
        username: target.user,
        readyTimeout: timeoutMs,
        keepaliveInterval: opts.keepaliveMs ?? 15_000,
        keepaliveCountMax: 3,
        algorithms: { serverHostKey: [...preferred, ...SUPPORTED_HOST_KEY_ALGOS.filter((a) => !preferred.includes(a))] as ServerHostKeyAlgorithm[] },
        // No command is sent unless the key is known (or, with accept-new, new). ssh2 accepts any key without this.
        hostVerifier: (key: Buffer) => {
          const verdict = opts.hostKeys.check(target.address, target.port, key);
          if (verdict.ok) return true;
          const { fingerprint, expected, removeCommands } = verdict;
          hostKeyFailure = new SshError("hostkey", verdict.message, { fingerprint, expected, removeCommands });
          return false;
        },
      };
      // The methods we have, and only those: no `none` probe first (ssh2's default), which costs both
      // ends a round trip per connection. The key is parsed once for the fleet (lib/ssh/signing-key.ts).
      const methods: AnyAuthMethod[] = [];
      if (target.privateKey) {
        const key = signingKey(target.privateKey, target.passphrase);
        if (key instanceof Error) return settle(new SshError("auth", `cannot use the private key: ${key.message}`, null, key));
        methods.push({ type: "publickey", username: target.user, key });
      }
      if (target.agentSocket) methods.push({ type: "agent", username: target.user, agent: target.agentSocket });
      config.authHandler = methods.length > 0 ? methods : ["none"];
      // ssh2 runs the protocol over any duplex stream: the forwarded channel instead of a TCP socket.
      if (sock) config.sock = sock as unknown as ConnectConfig["sock"];
      try {
        client.connect(config);
        // TCP_NODELAY, as OpenSSH sets it: every exchange here is a small message waiting for an answer,
        // and with Nagle on, a command's last packets waited out the host's delayed ACK — 40 ms added to
        // every exec (measured: `true` 47 ms → 3.5 ms on loopback). A forwarded channel has no such option.
        client.setNoDelay(true);
      } catch (err) {
        settle(new SshError("unreachable", `cannot connect: ${(err as Error).message}`, null, err));
      }
    });
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = null;
    client.on("error", () => {});
    client.end();
    client.destroy();
  }
}

/** How a channel's remote process ended: its exit status, or the signal that killed it. */
export interface ChannelExit {
  code: number | null;
  signal: string | null;
}

const exits = new WeakMap<ClientChannel, ChannelExit>();

/**
 * ssh2 emits a channel's `exit` once, when the exit-status arrives — which can be in the same packet
 * run as the exec's success, before whoever awaited `openChannel` has had a turn to listen (a host
 * that refuses the command answers that fast). So it is recorded from the moment the channel opens.
 */
function recordExit(ch: ClientChannel): void {
  ch.once("exit", (code: number | null, signal?: string) => {
    exits.set(ch, { code: typeof code === "number" ? code : null, signal: signal ?? null });
  });
}

/** How the remote process of a channel from `openChannel` ended; null while it runs (or if unknown). */
export function channelExit(ch: ClientChannel): ChannelExit | null {
  return exits.get(ch) ?? null;
}

function classifyConnectError(err: Error & { level?: string; code?: string }): SshError {
  const code = err.code ?? "";
  if (err.level === "client-authentication") {
    return new SshError("auth", "authentication failed: the server refused every offered key", null, err);
  }
  if (err.level === "client-timeout") {
    return new SshError("timeout", "timed out waiting for the SSH handshake", null, err);
  }
  if (code === "ETIMEDOUT") return new SshError("timeout", "TCP connect timed out", null, err);
  if (["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "EPIPE"].includes(code)) {
    const what: Record<string, string> = {
      ECONNREFUSED: "connection refused",
      EHOSTUNREACH: "host unreachable",
      ENETUNREACH: "network unreachable",
      ENOTFOUND: "name does not resolve",
      EAI_AGAIN: "name resolution failed (temporary)",
      ECONNRESET: "connection reset by peer",
      EPIPE: "connection closed by peer",
    };
    return new SshError("unreachable", what[code] ?? code, null, err);
  }
  return new SshError("unreachable", `SSH handshake failed: ${err.message}`, null, err);
}

function runCommand(client: Client, command: string, timeoutMs: number): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    let channel: ClientChannel | null = null;
    let done = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;

    const finish = (error: SshError | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (channel) {
        channel.removeAllListeners();
        channel.stderr.removeAllListeners();
        channel.on("error", () => {});
        if (error) channel.close();
      }
      if (error) return reject(error);
      if (exitCode === null) {
        return reject(new SshError("command", exitSignal ? `command killed by signal ${exitSignal}` : "command ended without an exit status"));
      }
      const raw = Buffer.concat(out);
      resolve({ stdout: raw.toString("utf8"), stdoutBytes: raw, stderr: Buffer.concat(err).toString("utf8"), exitCode });
    };
    const timer = setTimeout(() => finish(new SshError("timeout", `command did not finish within ${timeoutMs} ms`)), timeoutMs);
    const collect = (sink: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) return finish(new SshError("command", "command output exceeded 8 MiB"));
      sink.push(chunk);
    };

    client.exec(command, (openErr, ch) => {
      if (openErr) return finish(new SshError("command", `cannot open channel: ${openErr.message}`, null, openErr));
      if (done) return ch.close();
      channel = ch;
      // Both streams must be drained or `close` may never fire.
      ch.on("data", collect(out));
      ch.stderr.on("data", collect(err));
      ch.on("exit", (code: number | null, signal?: string) => {
        exitCode = typeof code === "number" ? code : null;
        exitSignal = signal ?? null;
      });
      ch.on("error", (e: Error) => finish(new SshError("command", `channel error: ${e.message}`, null, e)));
      ch.on("close", () => finish(null));
    });
  });
}
