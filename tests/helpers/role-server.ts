import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authenticator } from '../../api/src/auth/authenticate.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { Db } from '../../api/src/db/connect.ts';
import { closeApp, createApp } from '../../api/src/http/app.ts';
import type { Role } from '../../api/src/auth/principal.ts';
import { createLogger } from '../../api/src/log.ts';
import { openTestDb, type Backend } from './db.ts';

/**
 * The real app on port 0 over a cloned demo city, with a stand-in authenticator:
 * `Authorization: Bearer <role>:<user>` acts as that user (no header: anonymous). For tests about
 * several users' rights (owners, visibility) without creating accounts; `startTestServer` uses real ones.
 */
export async function startRoleServer(
  backend: Backend,
  options: { env?: Record<string, string>; db?: Db } = {},
): Promise<{ url: string; db: Db; close(): Promise<void> }> {
  // `db`: a second server (another process, as far as the database can tell) on that database, which stays open.
  const db = options.db ?? (await openTestDb(backend, 'demo'));
  const authenticator: Authenticator = {
    async principal(c) {
      if (c.kind !== 'bearer') return undefined;
      const [role, user] = c.token.split(':') as [Role, string];
      return { role, user, via: 'token' };
    },
  };
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', ...options.env });
  const app = createApp({ db, config, log: createLogger('silent'), authenticator, clientDir: '/nonexistent' });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeApp(app); // the siting queue's worker and the change listener (server backend)
      if (!options.db) await db.close();
    },
  };
}
