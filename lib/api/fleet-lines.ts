/**
 * `/api/hosts?format=ndjson`: the fleet document with its envelope on the first line (`hostCount`
 * in place of `hosts`) and one host per line after it, each line ending in a newline. The browser
 * parses it a slice of lines at a time (lib/client/fleet-parse.ts parseFleetLines). Pure: the server,
 * the page benchmark and the browser tests' stand-in documents all serialise through here.
 */
export function toFleetLines<E extends object>(envelope: E, hosts: readonly unknown[]): string {
  const lines = [JSON.stringify({ ...envelope, hostCount: hosts.length })];
  for (const h of hosts) lines.push(JSON.stringify(h));
  return `${lines.join("\n")}\n`;
}
