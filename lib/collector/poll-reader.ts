import "server-only";
import { COLLECT_COMMAND, collectCommandWithNetlinkStats, END_MARKER } from "@/lib/conntrack/collect-command";
import { killCommand, parseHello, READER_COMMAND, READER_REQUESTS, requestLine } from "@/lib/conntrack/reader-script";
import { FramedChannel } from "@/lib/ssh/framed-channel";
import { SshError, type HostConnection } from "@/lib/ssh/host-connection";
import { commandFailure } from "./host-record";

export type PollMode = "reader" | "exec";

interface Session {
  channel: FramedChannel;
  pid: number;
  generation: number;
}

/**
 * How one host is polled: through its persistent reader (a shell answering from builtins, started
 * once per connection) or, where the host refuses that (ForceCommand, a restricted or non-Bourne
 * login shell), with the exec-per-poll command. A poll that times out kills the reader on the host
 * (nothing of ours is left behind); the next poll starts a new one and counts the restart.
 */
export class PollReader {
  private session: Session | null = null;
  private starting: Promise<Session> | null = null;
  private seq = 0;
  /** The connection generation the reader was refused on: exec mode until a new connection. */
  private refusedOn: number | null = null;
  private refusal: string | null = null;
  private sessionsOpened = 0;
  private lastGeneration = -1;
  /** Readers started again on the same connection after one died, was killed or timed out. */
  restarts = 0;
  /** Readers killed because a poll timed out. */
  kills = 0;
  /** This host's sshd ended a reader on an SSH signal request (null: not seen yet). */
  private signalWorks: boolean | null = null;

  constructor(
    private readonly conn: HostConnection,
    private readonly opts: { sudo: boolean; timeoutMs: number; persistent: boolean },
  ) {}

  /** The mode of the last poll; null before the first. */
  mode: PollMode | null = null;

  /** Why the host is polled with exec (null in reader mode). */
  get fallbackReason(): string | null {
    if (this.mode !== "exec") return null;
    return this.opts.persistent ? this.refusal : "the persistent reader is turned off (collector.persistentReader: false)";
  }

  /** Stdout in the poll command's framing (sections, end marker last), whichever way it was read. */
  async poll(netlinkStats: boolean): Promise<string> {
    if (!this.opts.persistent) return this.pollExec(netlinkStats);
    if (this.refusedOn !== null && this.refusedOn === this.conn.connectionGeneration && this.conn.connected) {
      return this.pollExec(netlinkStats);
    }
    try {
      return await this.pollReader(netlinkStats);
    } catch (err) {
      if (err instanceof ReaderRefused) return this.fallBack(err, netlinkStats);
      // The reader ended between two polls (killed, exited): start a new one and ask again, once.
      if (err instanceof ReaderEnded && this.conn.connected) {
        try {
          return await this.pollReader(netlinkStats);
        } catch (again) {
          if (again instanceof ReaderRefused) return this.fallBack(again, netlinkStats);
          throw again instanceof ReaderEnded ? again.cause : again;
        }
      }
      throw err instanceof ReaderEnded ? err.cause : err;
    }
  }

  private fallBack(err: ReaderRefused, netlinkStats: boolean): Promise<string> {
    this.refusedOn = this.conn.connectionGeneration;
    this.refusal = `the host refused the persistent reader: ${err.message}`;
    console.warn(`[poll] ${this.conn.target.name}: ${this.refusal}; polling with exec`);
    return this.pollExec(netlinkStats);
  }

  private async pollReader(netlinkStats: boolean): Promise<string> {
    const session = await this.ensureSession();
    this.mode = "reader";
    const seq = ++this.seq;
    const letter = !netlinkStats
      ? READER_REQUESTS.files
      : this.opts.sudo
        ? READER_REQUESTS.filesAndNetlinkSudo
        : READER_REQUESTS.filesAndNetlink;
    let frame: string;
    try {
      frame = await session.channel.request(requestLine(letter, seq), this.opts.timeoutMs);
    } catch (err) {
      if (err instanceof SshError && err.failure === "timeout") {
        await this.killSession(session);
        throw new SshError("timeout", `the host did not answer the poll within ${this.opts.timeoutMs} ms (the reader was killed)`);
      }
      this.dropSession(session);
      throw new ReaderEnded(err instanceof SshError ? err : new SshError("command", String(err)));
    }
    const header = `==> @seq ${seq} <==`;
    if (!frame.startsWith(`${header}\n`)) {
      // Out of step: never guess which request an answer belongs to.
      await this.killSession(session);
      throw new SshError("command", "the reader answered out of sequence; it was restarted");
    }
    return `${frame.slice(header.length + 1)}${END_MARKER}\n`;
  }

  /** Ends the reader (dashboard shutdown). */
  close(): void {
    this.session?.channel.close(requestLine(READER_REQUESTS.quit, 0));
    this.session = null;
  }

  private async pollExec(netlinkStats: boolean): Promise<string> {
    this.mode = "exec";
    const res = await this.conn.exec(netlinkStats ? collectCommandWithNetlinkStats(this.opts.sudo) : COLLECT_COMMAND, this.opts.timeoutMs);
    if (res.exitCode !== 0) throw commandFailure(res.exitCode);
    return res.stdout;
  }

  private ensureSession(): Promise<Session> {
    const s = this.session;
    if (s && s.channel.open && s.generation === this.conn.connectionGeneration && this.conn.connected) return Promise.resolve(s);
    if (s) this.dropSession(s);
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async start(): Promise<Session> {
    const ch = await this.conn.openChannel(READER_COMMAND, this.opts.timeoutMs);
    const generation = this.conn.connectionGeneration;
    const channel = new FramedChannel(ch, END_MARKER);
    let hello: string;
    try {
      hello = await channel.next(this.opts.timeoutMs);
    } catch (err) {
      if (err instanceof SshError && err.failure === "timeout") {
        await channel.kill();
        throw new SshError("timeout", `the reader did not start within ${this.opts.timeoutMs} ms`);
      }
      // Ended before greeting: a forced command, a restricted shell, csh… — not a transient failure.
      throw new ReaderRefused(channel.endedBecause ?? (err as Error).message);
    }
    const parsed = parseHello(hello);
    if (!parsed) {
      channel.close(null);
      throw new ReaderRefused(`unexpected greeting ${JSON.stringify(hello.slice(0, 60))}`);
    }
    if (this.sessionsOpened > 0 && generation === this.lastGeneration) this.restarts++;
    this.sessionsOpened++;
    this.lastGeneration = generation;
    const session: Session = { channel, pid: parsed.pid, generation };
    this.session = session;
    return session;
  }

  private dropSession(s: Session): void {
    if (this.session === s) this.session = null;
    s.channel.close(null);
  }

  /**
   * A reader that stops answering is killed, not abandoned: it could be blocked on a file forever,
   * and production hosts must not collect our processes. SIGKILL through the SSH signal request,
   * and where sshd ignores that (the channel stays open), `kill -9 <pid>` in a fresh session.
   */
  private async killSession(s: Session): Promise<void> {
    if (this.session === s) this.session = null;
    this.kills++;
    // Once this host's sshd has shown that it delivers the signal, trust it: no second session to
    // kill with, which on an overloaded host (the usual reason for a timeout) only adds load.
    if (this.signalWorks) {
      void s.channel.kill(this.opts.timeoutMs);
      return;
    }
    const ended = await s.channel.kill(this.opts.timeoutMs);
    if (ended) {
      this.signalWorks = true;
      return;
    }
    if (!this.conn.connected) return;
    try {
      await this.conn.exec(killCommand(s.pid), this.opts.timeoutMs);
    } catch (err) {
      console.warn(`[poll] ${this.conn.target.name}: could not kill the stalled reader (pid ${s.pid}): ${(err as Error).message}`);
    }
  }
}

/** The host ended the reader before it greeted: it will not run one on this connection. */
class ReaderRefused extends Error {}

/** The reader's channel ended while a request was pending. */
class ReaderEnded extends Error {
  constructor(readonly cause: SshError) {
    super(cause.message);
  }
}
