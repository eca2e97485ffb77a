import path from 'node:path';
import { z } from 'zod';

/** Validated runtime configuration. Read once at start-up; bad values stop the process with a clear message. */
export interface Config {
  /** `postgres://…` for a PostgreSQL + PostGIS server; undefined = embedded PGlite. */
  databaseUrl: string | undefined;
  /** `postgres://…` of a streaming hot standby for public reads (items, tiles, baseline coverage); undefined = none. */
  databaseReadUrl: string | undefined;
  /** The read replica: lag beyond which it is not used, and how often lag is measured. */
  replica: { maxLagMs: number; pollMs: number };
  /** Where the embedded database keeps its files. */
  dataDir: string;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load the demo city when the database has no communities. */
  seedOnEmpty: boolean;
  /** Milliseconds in-flight requests get to finish on shutdown. */
  shutdownGraceMs: number;
  paging: { limitDefault: number; limitMax: number };
  /** Access control and hardening (docs/security.md). */
  security: SecurityConfig;
  /** Siting runs queued or running at once (docs/siting.md): over every process, and per caller. */
  siting: { queueMax: number; queuePerUser: number };
}

export interface SecurityConfig {
  /** HS256 secret for login tokens (≥ 32 bytes); undefined = a random one per process (tokens die on restart). */
  tokenSecret: string | undefined;
  tokenTtlSeconds: number;
  /** Browser origins allowed to call the API cross-origin (CORS); empty = same origin only. */
  corsOrigins: string[];
  /** Origins the map client may load basemap tiles, styles and glyphs from (added to the CSP). */
  basemapOrigins: string[];
  /** Requests per client and minute over the whole API. */
  rateLimitPerMinute: number;
  /** Map tile requests per client and minute (counted apart from the rest). */
  tileRateLimitPerMinute: number;
  /** Failed logins per client and 15 minutes. */
  loginFailuresPer15Min: number;
  /** Largest JSON body (imports have their own, larger limit). */
  bodyLimitBytes: number;
  /** An analysis (coverage, accessibility, plan evaluation, siting) answers 503 after this long. */
  analysisTimeoutMs: number;
  /** An import (reading, checks and write) is cancelled and rolled back after this long: 503 `timeout`. */
  importTimeoutMs: number;
  /** express `trust proxy`: which proxies' X-Forwarded-For/-Proto to believe. */
  trustProxy: boolean | number | string;
  /** Served over HTTPS (directly or via a TLS proxy): HSTS and upgrade-insecure-requests. */
  https: boolean;
}

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LIFECIRCLE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(1).max(3_600_000).default(5000),
  LIFECIRCLE_REPLICA_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  LIFECIRCLE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIFECIRCLE_SEED_ON_EMPTY: boolean.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  PAGING_LIMIT_DEFAULT: z.coerce.number().int().min(1).max(100_000).default(100),
  PAGING_LIMIT_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  LIFECIRCLE_TOKEN_SECRET: z.string().refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'must be at least 32 bytes (e.g. `openssl rand -base64 48`)').optional(),
  LIFECIRCLE_TOKEN_TTL_S: z.coerce.number().int().min(60).max(86_400).default(3600),
  LIFECIRCLE_CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'must be origins like https://map.example.org, comma-separated (no path, no trailing slash)')
    .default([]),
  LIFECIRCLE_BASEMAP_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'must be origins like https://tiles.example.org, comma-separated (no path, no trailing slash)')
    .default([]),
  LIFECIRCLE_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(10_000_000).default(1200),
  LIFECIRCLE_TILE_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(10_000_000).default(6000),
  LIFECIRCLE_LOGIN_LIMIT_PER_15MIN: z.coerce.number().int().min(1).max(100_000).default(10),
  LIFECIRCLE_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(2 * 1024 * 1024),
  LIFECIRCLE_ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(60_000),
  LIFECIRCLE_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(300_000),
  LIFECIRCLE_TRUST_PROXY: z
    .string()
    .regex(/^(false|true|\d{1,2}|[0-9A-Za-z.:/, ]+)$/, 'must be false, a hop count, or loopback/linklocal/uniquelocal and IP addresses or CIDRs, comma-separated')
    .default('loopback'),
  LIFECIRCLE_HTTPS: boolean.default(false),
  LIFECIRCLE_SITING_QUEUE_MAX: z.coerce.number().int().min(1).max(10_000).default(16),
  LIFECIRCLE_SITING_QUEUE_PER_USER: z.coerce.number().int().min(1).max(10_000).default(4),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses configuration from environment variables.
 * @throws {ConfigError} naming each bad variable and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((k) => (env[k] ? [[k, env[k]]] : [])),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PAGING_LIMIT_DEFAULT > e.PAGING_LIMIT_MAX) {
    throw new ConfigError(
      `invalid configuration:\n  PAGING_LIMIT_DEFAULT: must be ≤ PAGING_LIMIT_MAX (${e.PAGING_LIMIT_MAX}), got ${e.PAGING_LIMIT_DEFAULT}`,
    );
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError('invalid configuration:\n  DATABASE_READ_URL: needs DATABASE_URL (a read replica is a standby of a PostgreSQL server; the embedded database has none)');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    replica: { maxLagMs: e.LIFECIRCLE_REPLICA_MAX_LAG_MS, pollMs: e.LIFECIRCLE_REPLICA_POLL_MS },
    dataDir: path.resolve(e.LIFECIRCLE_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    seedOnEmpty: e.LIFECIRCLE_SEED_ON_EMPTY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    paging: { limitDefault: e.PAGING_LIMIT_DEFAULT, limitMax: e.PAGING_LIMIT_MAX },
    security: {
      tokenSecret: e.LIFECIRCLE_TOKEN_SECRET,
      tokenTtlSeconds: e.LIFECIRCLE_TOKEN_TTL_S,
      corsOrigins: e.LIFECIRCLE_CORS_ORIGINS,
      basemapOrigins: e.LIFECIRCLE_BASEMAP_ORIGINS,
      rateLimitPerMinute: e.LIFECIRCLE_RATE_LIMIT_PER_MIN,
      tileRateLimitPerMinute: e.LIFECIRCLE_TILE_RATE_LIMIT_PER_MIN,
      loginFailuresPer15Min: e.LIFECIRCLE_LOGIN_LIMIT_PER_15MIN,
      bodyLimitBytes: e.LIFECIRCLE_BODY_LIMIT_BYTES,
      analysisTimeoutMs: e.LIFECIRCLE_ANALYSIS_TIMEOUT_MS,
      importTimeoutMs: e.LIFECIRCLE_IMPORT_TIMEOUT_MS,
      trustProxy: trustProxySetting(e.LIFECIRCLE_TRUST_PROXY),
      https: e.LIFECIRCLE_HTTPS,
    },
    siting: { queueMax: e.LIFECIRCLE_SITING_QUEUE_MAX, queuePerUser: e.LIFECIRCLE_SITING_QUEUE_PER_USER },
  };
}

/** `false` / `true` / a hop count / a list of names and addresses, as express's `trust proxy` takes them. */
function trustProxySetting(raw: string): boolean | number | string {
  if (raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}
