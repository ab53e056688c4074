import type { FleetStorePort, SessionPort, TokenPort } from "./ports";

/** An opened store, whatever the engine: what the runtime holds and closes. */
export interface Store {
  readonly engine: "sqlite" | "postgres";
  readonly fleet: FleetStorePort;
  sessions(limits: { idleMs: number; absoluteMs: number }): SessionPort;
  readonly tokens: TokenPort;
  close(): Promise<void>;
}
