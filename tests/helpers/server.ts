import { loadConfig } from '../../api/src/config.ts';
import { createLogger } from '../../api/src/log.ts';
import { startServer } from '../../api/src/server.ts';
import { UserStore } from '../../api/src/auth/users.ts';
import type { Db } from '../../api/src/db/connect.ts';
import { openTestDb, type Backend } from './db.ts';

/** The token secret of every test server: tests may sign their own (expired, tampered…) tokens with it. */
export const TEST_TOKEN_SECRET = 'test-only-token-secret-0123456789abcdef';
/** Accounts every test server has (created directly in its database). */
export const TEST_USERS = {
  admin: { name: 'test-admin', password: 'admin-password-1' },
  planner: { name: 'test-planner', password: 'planner-password-1' },
} as const;

export type AuthHeaders = Record<string, string>;

export interface TestServer {
  url: string;
  db: Db;
  /** Headers carrying a bearer token of the test admin / planner: `fetch(url, { headers: server.auth.planner })`. */
  auth: { admin: AuthHeaders; planner: AuthHeaders };
  close(): Promise<void>;
}

/**
 * The real app on port 0 over a private cloned database (default: PGlite with the demo city), with an
 * admin and a planner logged in. `env` overrides configuration (e.g. a low rate limit); `warmUp`
 * builds the engines in the background after start-up, as `lifecircle serve` does (default off here).
 */
export async function startTestServer(options: { seed?: 'demo' | 'empty'; backend?: Backend; env?: Record<string, string>; warmUp?: boolean } = {}): Promise<TestServer> {
  const db = await openTestDb(options.backend ?? 'pglite', options.seed ?? 'demo');
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000',
    // Tests send thousands of requests from one address; the rate-limit test sets its own.
    LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_LOGIN_LIMIT_PER_15MIN: '100000',
    LIFECIRCLE_TOKEN_SECRET: TEST_TOKEN_SECRET,
    ...options.env,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  // The engines' start-up warm-up is off unless a test asks for it (it would spend CPU in every test file).
  const running = await startServer(config, log, { db, warmUp: options.warmUp ?? false });
  const users = new UserStore(db);
  const login = async (role: 'admin' | 'planner'): Promise<AuthHeaders> => {
    const { name, password } = TEST_USERS[role];
    if (!(await users.find(name))) await users.add({ name, role, password }, 'test-setup');
    const res = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    if (res.status !== 200) throw new Error(`test login of ${name} failed: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    return { authorization: `Bearer ${token}` };
  };
  const auth = { admin: await login('admin'), planner: await login('planner') };
  return {
    url: running.url,
    db,
    auth,
    async close() {
      await running.close();
      await db.close();
    },
  };
}
