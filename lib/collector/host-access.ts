import type { HostReading } from "@/lib/conntrack/parse-collect";
import type { ExecResult } from "@/lib/ssh/host-connection";

/**
 * What a limit change needs of a host: its latest reading to plan from, a way to run the plan's
 * fixed commands, when it booted (a temporary raise lasts until the next boot), and a re-read after
 * the change. The poller hands one out for a host it polls; in a cluster, a replica asked to change
 * a host another replica polls borrows it for the operation (its own connection, one fresh read).
 */
export interface HostAccess {
  reading: HostReading | null;
  /** The host's status as this replica knows it (for a refusal's message). */
  status: string;
  bootTimeMs: number | null;
  exec(command: string, timeoutMs?: number): Promise<ExecResult>;
  /** Re-reads the host so its views show the change now. */
  refresh(): Promise<void>;
}
