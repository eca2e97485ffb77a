import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../api/src/auth/users.ts';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #21 item 6: GET /api/audit?collection=scenarios showed another planner's unpublished scenario
// (its name and changes in `after`), although every direct path answers 404.
describe.each(testBackends())('the audit log and private scenarios on %s', (backend) => {
  let server: TestServer;
  let other: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    await new UserStore(server.db).add({ name: 'other-planner', role: 'planner', password: 'other-password-1' }, 'test-setup');
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'other-planner', password: 'other-password-1' }) });
    other = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  });
  afterAll(async () => server?.close());

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${server.url}/api${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  it("When a planner reads the audit log of scenarios, then another planner's private scenario is not in it (their own and published ones are)", async () => {
    const secret = await call('POST', '/scenarios', other, { name: 'SECRET-站点方案', changes: [] });
    expect(secret.status).toBe(201);
    const secretId = String(secret.body.id);
    const own = await call('POST', '/scenarios', server.auth.planner, { name: 'my own plan', changes: [] });
    const published = await call('POST', '/scenarios', server.auth.admin, { name: 'published plan', published: true, changes: [] });
    expect(published.status).toBe(201);
    // Every direct path is closed to the planner …
    expect((await call('GET', `/scenarios/${secretId}`, server.auth.planner)).status).toBe(404);

    // … and so is the audit log, with or without naming the code.
    for (const query of ['?collection=scenarios&limit=1000', `?collection=scenarios&code=${secretId}`, `?code=${secretId}`, '?actor=other-planner', '?limit=1000']) {
      const log = await call('GET', `/audit${query}`, server.auth.planner);
      expect(log.status).toBe(200);
      expect(JSON.stringify(log.body), query).not.toContain('SECRET-');
      expect(log.body.entries.filter((e: any) => e.collection === 'scenarios' && e.code === secretId), query).toEqual([]);
    }
    const codes = (await call('GET', '/audit?collection=scenarios&limit=1000', server.auth.planner)).body.entries.map((e: any) => e.code);
    expect(codes).toContain(String(own.body.id));
    expect(codes).toContain(String(published.body.id));
    // Its owner and admins still see it.
    expect((await call('GET', `/audit?collection=scenarios&code=${secretId}`, other)).body.entries).toHaveLength(1);
    expect((await call('GET', `/audit?collection=scenarios&code=${secretId}`, server.auth.admin)).body.entries).toHaveLength(1);
  });
});
