/**
 * One raise per host at a time: a promise chain per host name. A caller waits for every earlier
 * holder of the same host (whether it succeeded or threw), other hosts are not held up, and a
 * host's entry disappears once its chain is idle so the map does not grow with the fleet's history.
 */
export class HostLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }

  /** Whether someone holds or waits for the host (for tests and a "busy" hint in the UI). */
  isBusy(host: string): boolean {
    return this.tails.has(host);
  }
}
