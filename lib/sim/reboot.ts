/**
 * A simulated reboot of one host: counters back to zero, uptime restarts, and the limits become
 * whatever the host's /etc makes of them at boot (see boot-config.ts). Exported for e2e tests of
 * "the raise survives a reboot" as well as for the scenario driver.
 */
import { computeBootLimits, type BootLimits } from "./boot-config";
import { readHostState, writeHostState } from "./host-state";
import { newBootId, writeBootId } from "./journal";
import { type KernelMessage, logKernelMessages } from "./kernel-messages";
import { clearRing } from "./ring-buffer";
import { OS_PROFILES } from "./os-profiles";
import { emptyCpuStats } from "./stat-file";
import type { SimHost } from "./types";

export interface RebootResult extends BootLimits {
  uptimeSeconds: number;
}

/** Uptime the host reports once it answers SSH again after the reboot. */
const UPTIME_AFTER_BOOT = 25;

export async function rebootHost(
  host: Pick<SimHost, "name" | "root" | "os" | "boot" | "kernel">,
  nowMs = Date.now(),
): Promise<RebootResult> {
  if (host.root === null) throw new Error(`${host.name}: no root to reboot`);
  const profile = OS_PROFILES[host.os];
  const state = await readHostState(host.root);
  const messages: KernelMessage[] = [];
  const bootMs = nowMs - UPTIME_AFTER_BOOT * 1000;
  const line = (offsetS: number, message: string): void => {
    messages.push({ atMs: bootMs + offsetS * 1000, uptimeSeconds: offsetS, message });
  };
  // A new boot: journal entries from now on carry a new boot id, the ring buffer starts empty.
  if (profile.journal) writeBootId(host.root, newBootId());
  clearRing(host.root);
  line(0, `Linux version ${host.kernel} (builder@build-${profile.id}) (gcc version 12.2.0) #1 SMP`);
  line(0.000001, `Command line: BOOT_IMAGE=/boot/vmlinuz-${host.kernel} root=/dev/vda1 ro quiet`);
  if (state === null || host.boot === null) {
    await writeHostState(host.root, { uptimeSeconds: UPTIME_AFTER_BOOT });
    await logKernelMessages(host, messages);
    return { max: 0, buckets: 0, applied: [], uptimeSeconds: UPTIME_AFTER_BOOT };
  }
  const limits = await computeBootLimits(host.root, host);
  if (profile.module === "ip_conntrack") {
    line(9.2, `ip_conntrack version 2.4 (${limits.buckets} buckets, ${limits.max} max) - 228 bytes per conntrack`);
  } else if (!profile.systemd) {
    line(9.2, `nf_conntrack version 0.5.0 (${limits.buckets} buckets, ${limits.max} max)`);
  }
  await writeHostState(host.root, {
    max: limits.max,
    buckets: limits.buckets,
    hashsize: limits.buckets,
    count: 0,
    perCpu: state.perCpu.map(() => emptyCpuStats(state.statColumns)),
    uptimeSeconds: UPTIME_AFTER_BOOT,
  });
  await logKernelMessages(host, messages);
  return { ...limits, uptimeSeconds: UPTIME_AFTER_BOOT };
}
