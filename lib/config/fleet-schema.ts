import { z } from "zod";
import { DEFAULT_LIMITS_CONFIG, limitsConfigSchema } from "@/lib/limits/config";
import { alertsSchema } from "./alerts-config";

/**
 * One schema for the fleet file; the inferred types are the only config types in the code.
 * Objects are strict: a misspelt field is a mistake to report, not a default to apply silently.
 */

export const HOST_NAME_RE = /^[A-Za-z0-9._-]+$/;
export const TAG_RE = /^[A-Za-z0-9._:/=-]+$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const port = z.number().int().min(1).max(65535);
const path = z.string().min(1);
const user = z.string().regex(/^[a-z_][a-z0-9_.-]*\$?$/i, "not a valid user name").max(64);

const tag = z.string().regex(TAG_RE, "tags may only contain letters, digits and . _ : / = -").max(64);

const thresholds = z
  .strictObject({
    warn: z.number().gt(0).lt(1),
    critical: z.number().gt(0).lte(1),
  })
  .refine((t) => t.warn < t.critical, { message: "warn must be below critical" });

export const defaultsSchema = z.strictObject({
  user: user.default("root"),
  port: port.default(22),
  identityFile: path.optional(),
  /** Name of the environment variable that holds the key's passphrase (never the passphrase itself). */
  passphraseEnv: z.string().regex(ENV_NAME_RE, "must be an environment variable name").optional(),
  /** Use the ssh-agent at $SSH_AUTH_SOCK. */
  agent: z.boolean().default(false),
  knownHosts: z.union([path, z.array(path).min(1)]).default("~/.ssh/known_hosts"),
  /** strict: unknown and changed keys are refused. accept-new: unknown keys are learned, changed keys refused. */
  hostKeyPolicy: z.enum(["strict", "accept-new"]).default("strict"),
  sudo: z.boolean().default(false),
  /** Reach hosts through jump hosts (OpenSSH ProxyJump syntax: `user@host:port,host2`); `none` for direct. */
  proxyJump: z.string().min(1).max(1024).optional(),
  pollIntervalSeconds: z.number().min(1).max(3600).default(5),
  timeoutSeconds: z.number().min(1).max(300).default(10),
  thresholds: thresholds.default({ warn: 0.75, critical: 0.9 }),
  /** How far back the first read of a host's kernel log goes (rotated files included). */
  logLookbackDays: z.number().min(0).max(400).default(30),
  /** Kernel log read cadence for quiet hosts; hot or dropping hosts are read on every poll. */
  logIntervalSeconds: z.number().min(1).max(86_400).default(60),
});

export const hostSchema = z.strictObject({
  name: z.string().regex(HOST_NAME_RE, "may only contain letters, digits, '.', '_' and '-'").max(253),
  address: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:_-]+$/, "must be a host name or an IP address"),
  port: port.optional(),
  user: user.optional(),
  identityFile: path.optional(),
  passphraseEnv: z.string().regex(ENV_NAME_RE, "must be an environment variable name").optional(),
  agent: z.boolean().optional(),
  tags: z.array(tag).default([]),
  sudo: z.boolean().optional(),
  proxyJump: z.string().min(1).max(1024).optional(),
});

const hostPattern = z.string().min(1).max(253);

/**
 * Hosts from where teams already keep them. Exactly one of `sshConfig` / `ansible`; `include` and
 * `exclude` select entries by name (`*`, `?` wildcards); `tags` are added to every selected host.
 */
export const inventorySourceSchema = z
  .strictObject({
    /** An OpenSSH client config file (`~/.ssh/config`). */
    sshConfig: path.optional(),
    /** An Ansible inventory: YAML when it ends in .yml/.yaml/.json, INI otherwise (as ansible decides). */
    ansible: path.optional(),
    include: z.array(hostPattern).min(1).default(["*"]),
    exclude: z.array(hostPattern).default([]),
    tags: z.array(tag).default([]),
    /** For every selected host that does not name its own jump. */
    proxyJump: z.string().min(1).max(1024).optional(),
  })
  .refine((s) => (s.sshConfig === undefined) !== (s.ansible === undefined), { message: "give exactly one of sshConfig or ansible" });

export const collectorSchema = z.strictObject({
  /**
   * Handshakes are CPU-heavy (key exchange) on both ends: the collector adapts how many run at once
   * to the latency it observes, never more than this.
   */
  maxConcurrentHandshakes: z.number().int().min(1).max(1024).default(64),
  /**
   * Poll through one long-lived shell per host answering from builtins (no process per poll). false:
   * run the exec-per-poll command instead (a session, a shell and `head` per poll).
   */
  persistentReader: z.boolean().default(true),
});

export const retentionSchema = z.strictObject({
  /** Raw per-poll samples (and minute rollups). */
  samplesDays: z.number().min(1).max(3650).default(30),
  /** Hourly rollups: what 30-day and longer charts read. */
  rollupDays: z.number().min(1).max(3650).default(400),
  eventsDays: z.number().min(1).max(3650).default(400),
});

const userSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, "user names may only contain letters, digits and . _ @ -"),
  role: z.enum(["viewer", "operator"]),
  /** scrypt hash printed by `npm run hash-password`; never a plain password. */
  passwordHash: z.string().regex(/^scrypt\$/, "must be a hash printed by `npm run hash-password`"),
});

export const authSchema = z.strictObject({
  users: z.array(userSchema).default([]),
  sessionIdleMinutes: z.number().min(1).max(7 * 24 * 60).default(30),
  sessionMaxHours: z.number().min(1).max(30 * 24).default(12),
  /**
   * Identity from a reverse proxy (oauth2-proxy and the like). Off unless configured. Only safe
   * when the dashboard is reachable through that proxy alone (listen on 127.0.0.1 behind it).
   */
  trustedProxy: z
    .strictObject({
      userHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default("X-Forwarded-User"),
      groupsHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default("X-Forwarded-Groups"),
      operatorGroups: z.array(z.string().min(1)).default([]),
    })
    .optional(),
  /** Signs every visitor in as the demo operator and says so on every page. For the demo fleet only. */
  demo: z.boolean().default(false),
});

export type AuthConfig = z.infer<typeof authSchema>;

export const metricsSchema = z.strictObject({
  /** Serve /metrics without a token. Off by default: host names and limits are fleet inventory. */
  anonymous: z.boolean().default(false),
  /** Add a `tags` label (",web,eu-west,") to every per-host series. Off by default: it widens every series. */
  tagsLabel: z.boolean().default(false),
});

export type MetricsConfig = z.infer<typeof metricsSchema>;

export const fleetFileSchema = z.strictObject({
  auth: authSchema.default(authSchema.parse({})),
  defaults: defaultsSchema.default(defaultsSchema.parse({})),
  collector: collectorSchema.default(collectorSchema.parse({})),
  retention: retentionSchema.default(retentionSchema.parse({})),
  /** Sizing policy and file names of one-click limit raises. */
  limits: limitsConfigSchema.default(DEFAULT_LIMITS_CONFIG),
  /** Alert rules and webhook receivers (lib/config/alerts-config.ts). */
  alerts: alertsSchema.default(alertsSchema.parse({})),
  /** The Prometheus endpoint /metrics. */
  metrics: metricsSchema.default(metricsSchema.parse({})),
  hosts: z.array(hostSchema).default([]),
  /** Sources of more hosts, merged with `hosts` (a name defined twice is an error). */
  inventory: z.array(inventorySourceSchema).default([]),
});

export type FleetFile = z.infer<typeof fleetFileSchema>;
export type FleetDefaults = z.infer<typeof defaultsSchema>;
export type FleetHostEntry = z.infer<typeof hostSchema>;
export type InventorySource = z.infer<typeof inventorySourceSchema>;
