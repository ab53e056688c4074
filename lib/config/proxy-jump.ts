/**
 * OpenSSH's ProxyJump syntax: `[user@]host[:port]` hops separated by commas, outermost first
 * (`ops@bastion-01.example.com:2222,jump2`); IPv6 addresses in brackets (`[2001:db8::1]:22`), and
 * `ssh://[user@]host[:port]` URIs. `none` means no jump (it turns a default off).
 */

export interface JumpSpec {
  /** As written, for messages and the host page. */
  text: string;
  user: string | null;
  host: string;
  port: number | null;
}

const HOST_RE = /^[A-Za-z0-9.:_-]+$/;
const USER_RE = /^[a-z_][a-z0-9_.-]*\$?$/i;

function parseHop(raw: string): JumpSpec {
  const text = raw.trim();
  let rest = text.startsWith("ssh://") ? text.slice(6).replace(/\/$/, "") : text;
  if (rest === "") throw new Error("empty hop");
  let user: string | null = null;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER_RE.test(user) || user.length > 64) throw new Error(`${text}: not a valid user name`);
  }
  let host = rest;
  let portText: string | null = null;
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (v6) {
    host = v6[1]!;
    portText = v6[2] ?? null;
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host, portText] = rest.split(":") as [string, string];
  }
  if (!host || !HOST_RE.test(host) || host.length > 253) throw new Error(`${text}: not a host name or address`);
  let port: number | null = null;
  if (portText !== null) {
    port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new Error(`${text}: not a port number: ${portText}`);
  }
  return { text, user, host, port };
}

/** The hops, outermost first; [] for `none`. Throws with the reason. */
export function parseProxyJump(value: string): JumpSpec[] {
  if (value.trim().toLowerCase() === "none") return [];
  return value.split(",").map(parseHop);
}
