/**
 * Loopback ports of the alert receivers the e2e fleet file names (e2e/stack.ts) and the alerts spec
 * listens on while it runs: json, json answering 500 twice before 200, alertmanager.
 */
export const ALERT_RECEIVER_PORTS = { json: 3401, flaky: 3402, alertmanager: 3403 } as const;
