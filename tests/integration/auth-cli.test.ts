import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../api/src/db/connect.ts';
import { UserStore } from '../../api/src/auth/users.ts';
import { openTestDb } from '../helpers/db.ts';
import { ROOT } from '../helpers/templates.ts';

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');

// On a PostgreSQL server when TEST_DATABASE_URL is set (a cloned test database), else on an embedded
// data directory (its first open runs initdb, ~15 s). Each CLI run opens the database anew (a few seconds
// embedded), so the tests get a generous time limit for a loaded CI machine.
describe('lifecircle user (bootstrapping accounts from the CLI)', { timeout: 300_000 }, () => {
  let env: NodeJS.ProcessEnv;
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_URL;
    if (server) {
      db = await openTestDb('postgres', 'empty');
      const url = new URL(server);
      url.pathname = `/${(await db.sql<{ name: string }[]>`SELECT current_database() AS name`)[0]!.name}`;
      env = { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' };
      cleanup = () => db.close();
    } else {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-user-cli-'));
      env = { ...process.env, DATABASE_URL: '', LIFECIRCLE_DATA_DIR: dir, LOG_LEVEL: 'silent' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => cleanup?.());

  const cli = (args: string[], input = '') => {
    const r = spawnSync(process.execPath, [BIN, 'user', ...args], { env, input, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** The embedded database is one process's at a time: open it only between CLI runs. */
  const withDb = async <T>(fn: (users: UserStore) => Promise<T>): Promise<T> => {
    if (env.DATABASE_URL) return fn(new UserStore(db));
    const local = await openDatabase({ dataDir: env.LIFECIRCLE_DATA_DIR });
    try {
      return await fn(new UserStore(local));
    } finally {
      await local.close();
    }
  };

  it('should add the first admin with a password from standard input, then key, revoke and list', async () => {
    const added = cli(['add', 'first-admin', '--role', 'admin'], 'correct horse battery\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'first-admin', role: 'admin', has_password: true });
    expect(added.stdout).not.toContain('correct horse');

    const key = cli(['key', 'first-admin', '--label', 'nightly']);
    expect(key.status).toBe(0);
    const created = JSON.parse(key.stdout) as { id: string; key: string };
    expect(created.key).toMatch(/^lc_[0-9a-f]{12}_/);

    await withDb(async (users) => {
      expect((await users.checkPassword('first-admin', 'correct horse battery'))?.role).toBe('admin');
      expect(await users.checkPassword('first-admin', 'wrong horse battery')).toBeUndefined();
      expect((await users.userOfKey(created.key))?.user.name).toBe('first-admin');
    });

    expect(cli(['passwd', 'first-admin'], 'another long secret\n').status).toBe(0);
    expect(cli(['revoke', created.id]).status).toBe(0);
    await withDb(async (users) => {
      expect(await users.checkPassword('first-admin', 'correct horse battery')).toBeUndefined();
      expect((await users.checkPassword('first-admin', 'another long secret'))?.name).toBe('first-admin');
      expect(await users.userOfKey(created.key)).toBeUndefined();
    });
    const listed = JSON.parse(cli(['list']).stdout) as { users: Array<{ name: string }>; keys: Array<{ id: string; revoked_at: string | null }> };
    expect(listed.users.map((u) => u.name)).toEqual(['first-admin']);
    expect(listed.keys[0]!.revoked_at).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(16));
  });

  it('should refuse bad usage with exit 2 and a message naming the field', () => {
    const weak = cli(['add', 'someone', '--role', 'planner'], 'short\n');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('password');
    const none = cli(['add', 'someone', '--role', 'planner'], '');
    expect(none.status).toBe(2);
    expect(cli(['add', 'x y', '--role', 'planner'], 'long enough password\n').status).toBe(2);
    expect(cli(['add', 'someone', '--role', 'root'], 'long enough password\n').status).not.toBe(0);
    const dup = cli(['add', 'first-admin', '--role', 'planner'], 'long enough password\n');
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain('exists');
  });
});
