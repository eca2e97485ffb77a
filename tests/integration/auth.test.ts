import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../api/src/auth/tokens.ts';
import { testBackends } from '../helpers/db.ts';
import { tableChecksums } from '../helpers/checksum.ts';
import { startTestServer, TEST_TOKEN_SECRET, TEST_USERS, type TestServer } from '../helpers/server.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const secret = new TextEncoder().encode(TEST_TOKEN_SECRET);

interface Answer { status: number; headers: Headers; body: any }

describe.each(testBackends())('access control on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : JSON_TYPE), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch { /* CSV, HTML */ }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  const login = (name: string, password: string) => call('POST', '/api/auth/login', {}, { name, password });
  const facility = (code: string) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] },
    properties: { code, name: '鉴权测试站', type: 'health_station', status: 'open', opened_on: '2020-05-01' },
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('logging in', () => {
    it('should answer { token, expires_at, user } for the right password, and the token should name its user', async () => {
      const { status, body, headers } = await login(TEST_USERS.planner.name, TEST_USERS.planner.password);
      expect(status).toBe(200);
      expect(headers.get('cache-control')).toBe('no-store');
      expect(body).toMatchObject({ token_type: 'Bearer', user: { name: TEST_USERS.planner.name, role: 'planner' } });
      const ttl = (Date.parse(body.expires_at) - Date.now()) / 1000;
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
      const me = await call('GET', '/api/auth/me', bearer(body.token));
      expect(me.body).toEqual({ user: TEST_USERS.planner.name, role: 'planner', via: 'token' });
      expect((await call('GET', '/api/auth/me')).body).toEqual({ user: null, role: 'public', via: 'anonymous' });
    });

    it('should give one 401 answer to a wrong password, an unknown name and a malformed body member', async () => {
      const wrong = await login(TEST_USERS.planner.name, 'not-the-password');
      const unknown = await login('nobody-here', 'whatever-password');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.error.code).toBe('unauthorized');
      expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
      expect((await call('POST', '/api/auth/login', {}, { name: 'x', password: 'y', role: 'admin' })).status).toBe(400);
    });

    it('should store passwords as Argon2id hashes, never the password', async () => {
      const [row] = await server.db.sql<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE name = ${TEST_USERS.admin.name}`;
      expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$/);
      expect(row!.password_hash).not.toContain(TEST_USERS.admin.password);
    });
  });

  describe('roles', () => {
    it.each([
      ['POST', '/api/collections/facilities/items', facility('AUTH-ANON')],
      ['PATCH', '/api/collections/facilities/items/AUTH-X', { properties: { name: 'x' } }],
      ['PUT', '/api/collections/facilities/items/AUTH-X', facility('AUTH-X')],
      ['DELETE', '/api/collections/streets/items/D01S01', undefined],
      ['POST', '/api/imports?collection=facilities', 'code,name\n'],
      ['POST', '/api/coverage/what-if', { type: 'health_center', changes: [{ op: 'close', code: 'X' }] }],
      ['POST', '/api/plans', { id: 'x' }],
      ['PUT', '/api/plans/beijing-2001-2005', { id: 'x' }],
      ['POST', '/api/plans/beijing-2001-2005/reported/bj.green.coverage', { value: 1 }],
      ['POST', '/api/users', { name: 'mallory', role: 'admin', password: 'mallory-password' }],
      ['POST', '/api/keys', { user: TEST_USERS.admin.name }],
      ['GET', '/api/users', undefined],
    ])('When an anonymous caller sends %s %s, then it answers 401 and changes nothing', async (method, path, body) => {
      const before = await tableChecksums(server.db);
      const res = await call(method, path, {}, body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toContain('Bearer realm="lifecircle"');
      expect(await tableChecksums(server.db)).toEqual(before);
    });

    it.each([
      ['POST', '/api/plans', { id: 'x' }],
      ['PUT', '/api/plans/beijing-2001-2005', { id: 'x' }],
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { name: 'mallory', role: 'admin', password: 'mallory-password' }],
      ['PATCH', `/api/users/${TEST_USERS.planner.name}`, { role: 'admin' }],
      ['DELETE', `/api/users/${TEST_USERS.admin.name}`, undefined],
      ['GET', '/api/keys', undefined],
      ['POST', '/api/keys', { user: TEST_USERS.planner.name }],
    ])('When a planner sends %s %s, then it answers 403 and changes nothing', async (method, path, body) => {
      const before = await tableChecksums(server.db);
      const res = await call(method, path, server.auth.planner, body);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', details: { required_role: 'admin' } });
      expect(await tableChecksums(server.db)).toEqual(before);
    });

    it('should record a planner\'s edit and import under the planner\'s name in the audit log', async () => {
      expect((await call('POST', '/api/collections/facilities/items', server.auth.planner, facility('AUTH-AUDIT'))).status).toBe(201);
      const csv = 'code,name,type,status,lon,lat\nAUTH-IMP,导入站,health_station,open,118.05,36.8\n';
      const imported = await fetch(`${server.url}/api/imports?collection=facilities`, { method: 'POST', headers: { 'content-type': 'text/csv', ...server.auth.planner }, body: csv });
      expect(imported.status).toBe(200);
      const rows = await server.db.sql<{ code: string; actor: string; action: string }[]>`
        SELECT code, actor, action FROM audit_log WHERE code IN ('AUTH-AUDIT', 'AUTH-IMP') ORDER BY id`;
      expect(rows).toEqual([
        { code: 'AUTH-AUDIT', actor: TEST_USERS.planner.name, action: 'create' },
        { code: 'AUTH-IMP', actor: TEST_USERS.planner.name, action: 'import' },
      ]);
    });
  });

  describe('tokens', () => {
    const planner = TEST_USERS.planner.name;
    const epochOf = async (name: string) => (await server.db.sql<{ token_epoch: number }[]>`SELECT token_epoch FROM users WHERE name = ${name}`)[0]!.token_epoch;

    it('should refuse a tampered token (payload changed, signature kept) with 401', async () => {
      const token = server.auth.planner.authorization!.slice('Bearer '.length);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', sub: TEST_USERS.admin.name })).toString('base64url');
      const res = await call('GET', '/api/users', bearer(`${header}.${forged}.${signature}`));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
      // The original still works: only the tampering was refused.
      expect((await call('GET', '/api/auth/me', server.auth.planner)).status).toBe(200);
    });

    it('should refuse an expired token, one signed with another key, one with alg "none" and one for another audience', async () => {
      const epoch = await epochOf(planner);
      const uid = Number((await server.db.sql<{ id: string }[]>`SELECT id FROM users WHERE name = ${planner}`)[0]!.id);
      const claims = { sub: planner, uid, role: 'planner' as const, epoch };
      const expired = await createTokenSigner(secret, 60, () => Date.now() - 2 * 3600_000).issue(claims);
      const otherKey = await createTokenSigner(randomBytes(32), 3600).issue(claims);
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: 'lifecircle', aud: 'lifecircle-api', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.`;
      const { SignJWT } = await import('jose');
      const otherAudience = await new SignJWT({ uid, role: 'planner', epoch }).setProtectedHeader({ alg: 'HS256' }).setSubject(planner)
        .setIssuer('lifecircle').setAudience('someone-else').setIssuedAt().setExpirationTime('10m').sign(secret);
      const good = await createTokenSigner(secret, 600).issue(claims);
      for (const token of [expired.token, otherKey.token, none, otherAudience, 'not.a.jwt', '']) {
        const res = await call('POST', '/api/collections/facilities/items', bearer(token), facility('AUTH-BAD-TOKEN'));
        expect(res.status, token).toBe(401);
      }
      expect((await call('GET', '/api/auth/me', bearer(good.token))).body.user).toBe(planner); // the control
      const [row] = await server.db.sql`SELECT 1 FROM facility WHERE code = 'AUTH-BAD-TOKEN'`;
      expect(row).toBeUndefined();
    });

    it('When a user changes the password, then tokens issued before stop working and the new one works', async () => {
      await call('POST', '/api/users', server.auth.admin, { name: 'pw-changer', role: 'planner', password: 'first-password-1' });
      const old = (await login('pw-changer', 'first-password-1')).body.token;
      const changed = await call('PUT', '/api/auth/password', bearer(old), { current_password: 'first-password-1', new_password: 'second-password-2' });
      expect(changed.status).toBe(200);
      expect((await call('GET', '/api/auth/me', bearer(old))).status).toBe(401);
      expect((await call('GET', '/api/auth/me', bearer(changed.body.token))).body.user).toBe('pw-changer');
      expect((await login('pw-changer', 'first-password-1')).status).toBe(401);
      expect((await login('pw-changer', 'second-password-2')).status).toBe(200);
      const weak = await call('PUT', '/api/auth/password', bearer(changed.body.token), { current_password: 'second-password-2', new_password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.error.details.field).toBe('password');
    });
  });

  describe('API keys', () => {
    it('should show a key once, store only its hash, accept it both ways, and refuse it once revoked', async () => {
      const created = await call('POST', '/api/keys', server.auth.admin, { user: TEST_USERS.planner.name, label: 'nightly import' });
      expect(created.status).toBe(201);
      const { id, key } = created.body as { id: string; key: string };
      expect(key).toMatch(/^lc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      const listed = await call('GET', '/api/keys', server.auth.admin);
      expect(JSON.stringify(listed.body)).not.toContain(key.slice(16));
      expect(listed.body.keys.find((k: { id: string }) => k.id === id)).toMatchObject({ user: TEST_USERS.planner.name, label: 'nightly import', revoked_at: null });
      const [stored] = await server.db.sql<Record<string, unknown>[]>`SELECT * FROM api_keys WHERE id = ${id}`;
      expect(JSON.stringify(stored)).not.toContain(key.slice(16));

      expect((await call('GET', '/api/auth/me', { 'x-api-key': key })).body).toMatchObject({ user: TEST_USERS.planner.name, role: 'planner', via: 'api_key', key_id: id });
      expect((await call('POST', '/api/collections/facilities/items', { authorization: `ApiKey ${key}` }, facility('AUTH-KEY-1'))).status).toBe(201);
      // Tampered in the first character of the secret, all six of whose bits are significant (the last
      // character of 43 carries two padding bits, and may already be the letter put in its place).
      const at = 'lc_'.length + 12 + 1;
      const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const tampered = `${key.slice(0, at)}${B64URL[63 - B64URL.indexOf(key[at]!)]}${key.slice(at + 1)}`;
      expect(Buffer.from(tampered.slice(at), 'base64url').equals(Buffer.from(key.slice(at), 'base64url'))).toBe(false);
      expect((await call('GET', '/api/auth/me', { 'x-api-key': tampered })).status).toBe(401);

      expect((await call('DELETE', `/api/keys/${id}`, server.auth.admin)).status).toBe(204);
      const before = await tableChecksums(server.db);
      const refused = await call('POST', '/api/collections/facilities/items', { 'x-api-key': key }, facility('AUTH-KEY-2'));
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      expect(await tableChecksums(server.db)).toEqual(before);
    });

    it('When a user is disabled, then the user\'s tokens and keys are refused and login fails', async () => {
      await call('POST', '/api/users', server.auth.admin, { name: 'to-disable', role: 'planner', password: 'disable-me-please' });
      const token = (await login('to-disable', 'disable-me-please')).body.token;
      const { key } = (await call('POST', '/api/keys', server.auth.admin, { user: 'to-disable' })).body;
      expect((await call('GET', '/api/auth/me', bearer(token))).status).toBe(200);
      expect((await call('PATCH', '/api/users/to-disable', server.auth.admin, { disabled: true })).body.disabled).toBe(true);
      expect((await call('GET', '/api/auth/me', bearer(token))).status).toBe(401);
      expect((await call('GET', '/api/auth/me', { 'x-api-key': key })).status).toBe(401);
      expect((await login('to-disable', 'disable-me-please')).status).toBe(401);
    });
  });

  describe('accounts', () => {
    it('should add, read and delete an account, and refuse to remove the last enabled admin (409)', async () => {
      const added = await call('POST', '/api/users', server.auth.admin, { name: 'li.si', role: 'planner', password: 'li-si-password' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ name: 'li.si', role: 'planner', disabled: false, has_password: true });
      expect(JSON.stringify(added.body)).not.toContain('argon2');
      expect((await call('POST', '/api/users', server.auth.admin, { name: 'li.si', role: 'planner', password: 'li-si-password' })).status).toBe(409);
      expect((await call('POST', '/api/users', server.auth.admin, { name: 'x', role: 'root' })).body.error.details.field).toBe('name');
      expect((await call('POST', '/api/users', server.auth.admin, { name: 'zhao', role: 'root' })).body.error.details.field).toBe('role');
      expect((await call('DELETE', '/api/users/li.si', server.auth.admin)).status).toBe(204);
      expect((await call('GET', '/api/users/li.si', server.auth.admin)).status).toBe(404);

      const demote = await call('PATCH', `/api/users/${TEST_USERS.admin.name}`, server.auth.admin, { role: 'planner' });
      expect(demote.status).toBe(409);
      expect((await call('DELETE', `/api/users/${TEST_USERS.admin.name}`, server.auth.admin)).status).toBe(409);
      expect((await call('GET', '/api/auth/me', server.auth.admin)).body.role).toBe('admin');
      const trail = await server.db.sql<{ action: string; actor: string }[]>`SELECT action, actor FROM audit_log WHERE collection = 'users' AND code = 'li.si' ORDER BY id`;
      expect(trail).toEqual([{ action: 'create', actor: TEST_USERS.admin.name }, { action: 'delete', actor: TEST_USERS.admin.name }]);
    });
  });

  describe('building-level data', () => {
    it('should strip building households for the public in JSON, CSV and single items, and refuse the filter', async () => {
      const anon = await call('GET', '/api/collections/buildings/items?limit=5');
      expect(anon.status).toBe(200);
      expect(anon.body.features).toHaveLength(5);
      for (const f of anon.body.features) expect(Object.keys(f.properties).sort()).toEqual(['code', 'community_code']);
      const planner = await call('GET', '/api/collections/buildings/items?limit=5', server.auth.planner);
      for (const f of planner.body.features) expect(f.properties.households).toBeGreaterThan(0);
      expect(anon.headers.get('vary')).toMatch(/authorization/i);

      const csv = await call('GET', '/api/collections/buildings/items?limit=5&f=csv');
      expect(String(csv.body).split('\n')[0]).toBe('code,community_code,wkt');
      const code = planner.body.features[0].id;
      const one = await call('GET', `/api/collections/buildings/items/${code}`);
      expect(one.body.properties).not.toHaveProperty('households');
      const filtered = await call('GET', `/api/collections/buildings/items?households=${planner.body.features[0].properties.households}`);
      expect(filtered.status).toBe(400);
      expect(filtered.body.error.details.field).toBe('households');
    });

    it('should keep households out of building tiles, and uncovered buildings out of public gaps', async () => {
      const tj = await call('GET', '/api/tiles/buildings.json');
      expect(Object.keys(tj.body.vector_layers[0].fields).sort()).toEqual(['code', 'community_code']);
      const streets = (await call('GET', '/api/coverage?type=health_station&level=street&as_of=2024-06-30')).body.units;
      const street = streets.find((u: any) => u.households_covered < u.households);
      const path = `/api/coverage/gaps?type=health_station&unit=${street.code}&as_of=2024-06-30`;
      const kinds = (b: any) => new Set(b.features.map((f: any) => f.properties.kind));
      expect(kinds((await call('GET', path, server.auth.planner)).body)).toEqual(new Set(['uncovered_area', 'uncovered_building']));
      const publicGaps = (await call('GET', path)).body;
      expect(kinds(publicGaps)).toEqual(new Set(['uncovered_area']));
      expect(JSON.stringify(publicGaps)).not.toContain('uncovered_building');
    });
  });

  describe('headers', () => {
    it('should send a CSP that lets the map and the docs work, and the other helmet headers', async () => {
      for (const path of ['/', '/api/docs', '/api/collections']) {
        const res = await fetch(`${server.url}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("worker-src 'self' blob:");
        expect(csp).toContain("img-src 'self' data: blob:");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-powered-by')).toBeNull();
        expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP here
      }
      // The docs page's inline script is allowed by its hash.
      const page = await (await fetch(`${server.url}/api/docs`)).text();
      const script = /<script>([^<]*)<\/script>/.exec(page)![1]!;
      const { createHash } = await import('node:crypto');
      const csp = (await fetch(`${server.url}/api/docs`)).headers.get('content-security-policy')!;
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    });
  });
});
