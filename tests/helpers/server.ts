import { loadConfig } from '../../api/src/config.ts';
import { createLogger } from '../../api/src/log.ts';
import { startServer } from '../../api/src/server.ts';
import type { Db } from '../../api/src/db/connect.ts';
import { openTestDb, type Backend } from './db.ts';

export interface TestServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** The real app on port 0 over a private cloned database (default: PGlite with the demo city). */
export async function startTestServer(options: { seed?: 'demo' | 'empty'; backend?: Backend } = {}): Promise<TestServer> {
  const db = await openTestDb(options.backend ?? 'pglite', options.seed ?? 'demo');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000' });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const running = await startServer(config, log, { db });
  return {
    url: running.url,
    db,
    async close() {
      await running.close();
      await db.close();
    },
  };
}
