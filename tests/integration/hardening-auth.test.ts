import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, TEST_TOKEN_SECRET, type TestServer } from '../helpers/server.ts';

// Issue #21 item 4 (and the token/key parts of item 8): tokens name the account, not just its name.
const JSON_TYPE = { 'content-type': 'application/json' };
const secret = new TextEncoder().encode(TEST_TOKEN_SECRET);

describe.each(testBackends())('tokens and keys across account changes on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'empty' });
  });
  afterAll(async () => server?.close());

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { ...(body === undefined ? {} : JSON_TYPE), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = async (name: string, password: string) => {
    const res = await call('POST', '/api/auth/login', {}, { name, password });
    expect(res.status).toBe(200);
    return { authorization: `Bearer ${res.body.token as string}` };
  };

  it('When an account is deleted and a different person gets the same name as admin, then the old token is refused with 401', async () => {
    expect((await call('POST', '/api/users', server.auth.admin, { name: 'tmpu', role: 'planner', password: 'tmpu-password-1' })).status).toBe(201);
    const oldToken = await login('tmpu', 'tmpu-password-1');
    expect((await call('GET', '/api/auth/me', oldToken)).status).toBe(200);
    expect((await call('DELETE', '/api/users/tmpu', server.auth.admin)).status).toBe(204);
    expect((await call('POST', '/api/users', server.auth.admin, { name: 'tmpu', role: 'admin', password: 'other-person-pw-2' })).status).toBe(201);

    const users = await call('GET', '/api/users', oldToken);
    expect(users.status).toBe(401);
    expect((await call('GET', '/api/auth/me', oldToken)).status).toBe(401);
    // The new account's own token works: only the old one is refused.
    expect((await call('GET', '/api/users', await login('tmpu', 'other-person-pw-2'))).status).toBe(200);
  });

  it('When a token signed with the server key carries an exp 100 years out, then it is refused with 401 (lifetime cap)', async () => {
    const [row] = await server.db.sql<{ id: string; token_epoch: number; name: string }[]>`SELECT id, token_epoch, name FROM users WHERE role = 'planner' LIMIT 1`;
    const now = Math.floor(Date.now() / 1000);
    const sign = (exp: number) => new SignJWT({ uid: Number(row!.id), role: 'planner', epoch: row!.token_epoch })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(row!.name).setIssuer('lifecircle').setAudience('lifecircle-api')
      .setIssuedAt(now).setExpirationTime(exp).sign(secret);
    const century = await sign(now + 100 * 365 * 86_400);
    const res = await call('GET', '/api/auth/me', { authorization: `Bearer ${century}` });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/lifetime/);
    // The control: the same claims with a normal lifetime pass.
    expect((await call('GET', '/api/auth/me', { authorization: `Bearer ${await sign(now + 600)}` })).status).toBe(200);
  });

  it('When a user with API keys is disabled and enabled again, then the old keys stay revoked (401) and new ones work', async () => {
    expect((await call('POST', '/api/users', server.auth.admin, { name: 'keyuser', role: 'planner', password: null })).status).toBe(201);
    const created = await call('POST', '/api/keys', server.auth.admin, { user: 'keyuser', label: 'script' });
    expect(created.status).toBe(201);
    const key = { 'x-api-key': created.body.key as string };
    expect((await call('GET', '/api/auth/me', key)).status).toBe(200);
    expect((await call('PATCH', '/api/users/keyuser', server.auth.admin, { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', key)).status).toBe(401);
    expect((await call('PATCH', '/api/users/keyuser', server.auth.admin, { disabled: false })).status).toBe(200);

    expect((await call('GET', '/api/auth/me', key)).status).toBe(401);
    const listed = await call('GET', '/api/keys', server.auth.admin);
    const entry = (listed.body.keys ?? listed.body).find((k: { id: string }) => k.id === created.body.id);
    expect(entry.revoked_at).not.toBeNull();
    const fresh = await call('POST', '/api/keys', server.auth.admin, { user: 'keyuser' });
    expect((await call('GET', '/api/auth/me', { 'x-api-key': fresh.body.key as string })).status).toBe(200);
  });
});
