/**
 * The simulated hosts' clocks: every tick, each served host's /proc/uptime moves on to "now minus its
 * boot time", as on a real host. Without it uptime stands still between writes, the boot time the
 * dashboard derives (poll time - uptime) creeps forward, and anything converted with it (dmesg's
 * seconds-since-boot stamps) lands at the wrong wall-clock time. A reboot is a new boot time
 * (writeHostState with `uptimeSeconds`); the clock carries on from it.
 */
import { readCpuCountSync, tickUptimeSync } from "./host-state";
import type { SimHost } from "./types";

export interface UptimeClock {
  /** Ticks once now (tests). */
  tick(nowMs?: number): void;
  stop(): void;
}

export function startUptimeClock(hosts: readonly Pick<SimHost, "name" | "root">[], opts: { tickMs?: number; log?: (line: string) => void } = {}): UptimeClock {
  const served = hosts.flatMap((h) => {
    if (h.root === null) return [];
    const cpus = readCpuCountSync(h.root);
    return [{ name: h.name, root: h.root, cpus, failed: false }];
  });
  const tick = (nowMs = Date.now()): void => {
    for (const h of served) {
      try {
        tickUptimeSync(h.root, nowMs, h.cpus);
        h.failed = false;
      } catch (err) {
        // A host root removed under a running fleet: say so once, keep the others ticking.
        if (!h.failed) opts.log?.(`[sim clock] ${h.name}: ${(err as Error).message}`);
        h.failed = true;
      }
    }
  };
  const timer = setInterval(() => tick(), opts.tickMs ?? 1000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
