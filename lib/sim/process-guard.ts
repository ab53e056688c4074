/**
 * Makes sure no sshd outlives the process that started it: a synchronous kill on `exit`, and on
 * SIGINT/SIGTERM/SIGHUP. Signal handlers are only ours while a fleet runs; if nobody else listens to
 * the signal we re-raise it after cleaning up, so the process still dies the way it would have.
 */

type SyncKill = () => void;

const live = new Set<SyncKill>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let installed = false;

function killAll(): void {
  for (const k of live) {
    try {
      k();
    } catch {
      // keep going: the other fleets still need their kill
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

const handlers = new Map<NodeJS.Signals, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));

function install(withSignals: boolean): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  if (withSignals) for (const [s, h] of handlers) process.on(s, h);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener("exit", killAll);
  for (const [s, h] of handlers) process.removeListener(s, h);
}

/** Registers a synchronous killer; returns the function that unregisters it. */
export function guardChildren(kill: SyncKill, withSignals: boolean): () => void {
  live.add(kill);
  install(withSignals);
  return () => {
    live.delete(kill);
    if (live.size === 0) uninstall();
  };
}
