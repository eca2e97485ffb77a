import path from 'node:path';
import { z } from 'zod';

/** Validated runtime configuration. Read once at start-up; bad values stop the process with a clear message. */
export interface Config {
  /** `postgres://…` for a PostgreSQL + PostGIS server; undefined = embedded PGlite. */
  databaseUrl: string | undefined;
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
}

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LIFECIRCLE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIFECIRCLE_SEED_ON_EMPTY: boolean.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  PAGING_LIMIT_DEFAULT: z.coerce.number().int().min(1).max(100_000).default(100),
  PAGING_LIMIT_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
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
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LIFECIRCLE_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    seedOnEmpty: e.LIFECIRCLE_SEED_ON_EMPTY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    paging: { limitDefault: e.PAGING_LIMIT_DEFAULT, limitMax: e.PAGING_LIMIT_MAX },
  };
}
