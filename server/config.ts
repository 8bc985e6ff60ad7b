// Environment → typed configuration. Every variable has a default for the embedded
// (single machine) mode; a bad value stops start-up with a message naming the variable.
import type { MediaListen } from './sfu/worker-pool.js';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/client-address.js';
import { REPO_ROOT } from './repo-root.js';

/** Where provisioning installs the patched FerretDB (scripts/provision/ferretdb.mjs). */
export const INSTALLED_FERRETDB_BIN = path.join(REPO_ROOT, 'server', 'db', 'build', 'ferretdb');

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    FERRETDB_BIN: z.string().min(1).optional(),
    SFU_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
    RTC_LISTEN_IP: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
    RTC_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
    /** The first media port: worker i's WebRTC server listens on RTC_PORT + i, UDP and TCP. */
    RTC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    RTC_MIN_PORT: port(40000),
    RTC_MAX_PORT: port(49999),
    CLIENT_DIST: z.string().min(1).default('./dist/client'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    PUBLIC_URL: z.url().optional(),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 30)
      .default(12),
    LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().min(1).max(1000).default(10),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Linkroom <no-reply@linkroom.invalid>'),
    DEMO: z.enum(['0', '1']).default('0'),
    /** The secret shared with the TURN server (coturn's static-auth-secret): TURN is on when it is set. */
    TURN_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    /** `child`: run coturn beside the server (one machine); `external`: a TURN server of its own, at TURN_URLS. */
    TURN_SERVER: z.enum(['child', 'external']).default('external'),
    /** The TURN URLs browsers are given, comma-separated (turn:host:3478?transport=udp, turns:host:443?transport=tcp). */
    TURN_URLS: z
      .string()
      .regex(/^turns?:[^,\s]+(,\s*turns?:[^,\s]+)*$/, 'turn: or turns: URLs separated by commas')
      .optional(),
    TURN_PORT: port(3478),
    TURN_TLS_PORT: port(443),
    TURN_TLS_CERT: z.string().min(1).optional(),
    TURN_TLS_KEY: z.string().min(1).optional(),
    /**
     * The ports coturn relays from (to the media server; schools never reach them). Browsers
     * take one per TURN URL and connection whether or not they use it: wide, as coturn's own default.
     */
    TURN_RELAY_MIN_PORT: port(50000),
    TURN_RELAY_MAX_PORT: port(59999),
    TURN_CREDENTIAL_TTL_HOURS: z.coerce.number().min(1).max(48).default(12),
    TURN_BIN: z.string().min(1).default('/usr/bin/turnserver'),
    /** Several Linkroom nodes share rate limits and cross-node events through this Redis; unset: one process. */
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' }).optional(),
    /** Bearer token for GET /metrics from elsewhere; without it, /metrics answers loopback only. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        try {
          return parseTrustProxy(v);
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            message: `a hop count, or addresses/CIDRs/loopback separated by commas (${err instanceof Error ? err.message : String(err)})`,
          });
          return z.NEVER;
        }
      }),
  })
  .refine((env) => !env.TURN_SECRET || env.TURN_SERVER === 'child' || !!env.TURN_URLS, {
    message: 'an external TURN server needs TURN_URLS (or set TURN_SERVER=child)',
    path: ['TURN_URLS'],
  })
  .refine((env) => !env.TURN_TLS_CERT === !env.TURN_TLS_KEY, { message: 'TURN over TLS needs both TURN_TLS_CERT and TURN_TLS_KEY', path: ['TURN_TLS_CERT'] })
  .refine((env) => env.RTC_MIN_PORT <= env.RTC_MAX_PORT, {
    message: 'RTC_MIN_PORT must not exceed RTC_MAX_PORT',
    path: ['RTC_MIN_PORT'],
  });

export interface TurnConfig {
  secret: string;
  /** What browsers are given. */
  urls: string[];
  ttlS: number;
  /** coturn run as a child, when set. */
  child?: {
    bin: string;
    listenIp: string;
    port: number;
    tls?: { port: number; cert: string; key: string };
    relayMinPort: number;
    relayMaxPort: number;
    dataDir: string;
  };
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  database: { uri: string } | { embedded: { bin: string; dataDir: string } };
  sfu: {
    workers: number;
    listen: MediaListen;
  };
  /** TURN for classrooms whose networks let only a relay through; absent: none. */
  turn?: TurnConfig;
  clientDist: string;
  shutdownTimeoutMs: number;
  publicUrl: string;
  sessionTtlMs: number;
  loginAttemptsPer15Min: number;
  mail: { smtpUrl: string; from: string } | null;
  demo: boolean;
  /** Which proxies' X-Forwarded-For to believe (http/client-address.ts). */
  trustProxy: TrustProxy;
  /** Bearer token for GET /metrics; absent: loopback only. */
  metricsToken?: string;
  /** Redis shared by several nodes (rate limits, Socket.IO events); absent: one process. */
  redisUrl?: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message })));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database: e.MONGODB_URI
      ? { uri: e.MONGODB_URI }
      : {
          embedded: {
            bin: e.FERRETDB_BIN ?? INSTALLED_FERRETDB_BIN,
            dataDir,
          },
        },
    sfu: {
      workers: e.SFU_WORKERS,
      listen: { ip: e.RTC_LISTEN_IP, announcedAddress: e.RTC_ANNOUNCED_ADDRESS, port: e.RTC_PORT, minPort: e.RTC_MIN_PORT, maxPort: e.RTC_MAX_PORT },
    },
    ...(e.TURN_SECRET ? { turn: turnConfigOf(e, e.TURN_SECRET, dataDir) } : {}),
    clientDist: path.resolve(e.CLIENT_DIST),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    loginAttemptsPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN,
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    demo: e.DEMO === '1',
    trustProxy: e.TRUST_PROXY,
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
  };
}

/** For entry points: the config, or exit with the message naming each bad variable. */
export function loadConfigOrExit(exitCode: number): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(exitCode);
    }
    throw err;
  }
}

function turnConfigOf(e: z.output<typeof EnvSchema>, secret: string, dataDir: string): TurnConfig {
  const tls = e.TURN_TLS_CERT && e.TURN_TLS_KEY ? { port: e.TURN_TLS_PORT, cert: e.TURN_TLS_CERT, key: e.TURN_TLS_KEY } : undefined;
  const host = e.RTC_ANNOUNCED_ADDRESS ?? e.RTC_LISTEN_IP;
  // A child coturn on this machine: browsers reach it where they reach the media server.
  const urls = e.TURN_URLS
    ? e.TURN_URLS.split(',').map((u) => u.trim())
    : [`turn:${host}:${e.TURN_PORT}?transport=udp`, `turn:${host}:${e.TURN_PORT}?transport=tcp`, ...(tls ? [`turns:${host}:${tls.port}?transport=tcp`] : [])];
  return {
    secret,
    urls,
    ttlS: e.TURN_CREDENTIAL_TTL_HOURS * 3600,
    ...(e.TURN_SERVER === 'child'
      ? {
          child: {
            bin: e.TURN_BIN,
            listenIp: e.RTC_LISTEN_IP,
            port: e.TURN_PORT,
            ...(tls ? { tls } : {}),
            relayMinPort: e.TURN_RELAY_MIN_PORT,
            relayMaxPort: e.TURN_RELAY_MAX_PORT,
            dataDir,
          },
        }
      : {}),
  };
}
