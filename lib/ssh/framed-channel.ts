import "server-only";
import type { ClientChannel } from "ssh2";
import { channelExit, SshError } from "./host-connection";

const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/**
 * A long-lived exec channel (from HostConnection.openChannel, which records how its process ended)
 * that answers request lines with frames ending in a marker line. One request at a time. The
 * channel's end (the remote process exited or was killed, the connection dropped) fails the pending
 * request and every later one: the owner opens a new channel.
 */
export class FramedChannel {
  private buffer = "";
  private bytes = 0;
  private pending: { resolve: (frame: string) => void; reject: (err: SshError) => void } | null = null;
  private closedReason: string | null = null;
  private readonly marker: string;
  private stderr = "";

  constructor(
    private readonly channel: ClientChannel,
    endMarker: string,
  ) {
    this.marker = `${endMarker}\n`;
    channel.setEncoding("utf8");
    channel.on("data", (chunk: string) => this.onData(chunk));
    // stderr must be drained or the channel's window fills. Its start says why a process refused to run.
    channel.stderr.on("data", (chunk: Buffer | string) => {
      if (this.stderr.length < 300) this.stderr += chunk.toString();
    });
    channel.on("error", (err: Error) => this.onClose(`channel error: ${err.message}`));
    channel.on("close", () => this.onClose(this.describeExit()));
  }

  get open(): boolean {
    return this.closedReason === null;
  }

  /** Why the channel ended (null while open). */
  get endedBecause(): string | null {
    return this.closedReason;
  }

  /** The next frame (text before the marker line); rejects on timeout or when the channel ends. */
  next(timeoutMs: number): Promise<string> {
    if (this.closedReason !== null) return Promise.reject(new SshError("command", this.closedReason));
    if (this.pending) return Promise.reject(new SshError("command", "a request is already pending"));
    const ready = this.takeFrame();
    if (ready !== null) return Promise.resolve(ready);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new SshError("timeout", `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = {
        resolve: (frame) => {
          clearTimeout(timer);
          this.pending = null;
          resolve(frame);
        },
        reject: (err) => {
          clearTimeout(timer);
          this.pending = null;
          reject(err);
        },
      };
    });
  }

  /** Sends one request line and waits for its frame. */
  request(line: string, timeoutMs: number): Promise<string> {
    if (this.closedReason !== null) return Promise.reject(new SshError("command", this.closedReason));
    this.channel.write(line);
    return this.next(timeoutMs);
  }

  /**
   * Ends the remote process: SIGKILL through the SSH "signal" request (OpenSSH ≥ 7.9 delivers it to
   * the session's process), then EOF and close. Resolves true when the channel ended within
   * `waitMs` — the process is gone — and false when it did not (an sshd that ignores signals).
   */
  async kill(waitMs = 1000): Promise<boolean> {
    if (this.closedReason !== null) return true;
    try {
      this.channel.signal("KILL");
    } catch {
      // the channel is already going away
    }
    const ended = await this.waitClosed(waitMs);
    if (!ended) {
      try {
        this.channel.end();
        this.channel.close();
      } catch {
        // already closed
      }
    }
    return ended;
  }

  /** Asks the remote process to stop and closes our side (a clean shutdown). */
  close(quitLine: string | null): void {
    if (this.closedReason !== null) return;
    try {
      if (quitLine) this.channel.write(quitLine);
      this.channel.end();
      this.channel.close();
    } catch {
      // already closed
    }
  }

  private waitClosed(ms: number): Promise<boolean> {
    if (this.closedReason !== null) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.channel.once("close", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private describeExit(): string {
    const said = this.stderr.replace(/\s+/g, " ").trim().slice(0, 200);
    const why = said ? `: ${said}` : "";
    // Recorded by openChannel: the exit-status can arrive before this object exists.
    const exit = channelExit(this.channel);
    if (!exit) return `the session closed${why}`;
    if (exit.signal) return `the remote process was killed by signal ${exit.signal}${why}`;
    return `the remote process exited with status ${exit.code ?? "unknown"}${why}`;
  }

  private onData(chunk: string): void {
    this.bytes += chunk.length;
    this.buffer += chunk;
    if (this.bytes > MAX_FRAME_BYTES && !this.buffer.includes(this.marker)) {
      this.onClose("a reply exceeded 8 MiB");
      this.channel.close();
      return;
    }
    if (this.pending) {
      const frame = this.takeFrame();
      if (frame !== null) this.pending.resolve(frame);
    }
  }

  private takeFrame(): string | null {
    const at = this.buffer.startsWith(this.marker) ? 0 : this.buffer.indexOf(`\n${this.marker}`);
    if (at === -1) return null;
    const cut = at === 0 ? 0 : at + 1;
    const frame = this.buffer.slice(0, cut);
    this.buffer = this.buffer.slice(cut + this.marker.length);
    this.bytes = this.buffer.length;
    return frame;
  }

  private onClose(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.pending?.reject(new SshError("command", reason));
  }
}
