import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #21 item 5: delete and re-create restarted the row version at "1", so an If-Match from before
// the delete overwrote the new record (ABA). Versions now continue after the deleted row's last one.
describe.each(testBackends())('row versions across delete and re-create on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/collections/${path}`, {
      method, headers: { 'content-type': 'application/json', ...server.auth.planner, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null };
  };
  const facility = (name: string) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] },
    properties: { code: 'F-ABA', name, type: 'health_station', status: 'open' },
  });

  it('When a record is deleted and created again under its code, then a stale If-Match from before the delete gets 412 and changes nothing', async () => {
    const first = await send('POST', 'facilities/items', facility('旧站'));
    expect(first.status).toBe(201);
    const stale = first.etag!;
    expect((await send('DELETE', 'facilities/items/F-ABA', undefined, { 'if-match': stale })).status).toBe(204);
    const again = await send('POST', 'facilities/items', facility('新站'));
    expect(again.status).toBe(201);
    expect(again.etag).not.toBe(stale);

    const overwrite = await send('PATCH', 'facilities/items/F-ABA', { properties: { name: '被覆盖' } }, { 'if-match': stale, 'content-type': 'application/merge-patch+json' });
    expect(overwrite.status).toBe(412);
    expect((await send('DELETE', 'facilities/items/F-ABA', undefined, { 'if-match': stale })).status).toBe(412);
    const now = await send('GET', 'facilities/items/F-ABA');
    expect(now.body.properties.name).toBe('新站');
    expect(now.etag).toBe(again.etag);
    // The current ETag works as before.
    expect((await send('PATCH', 'facilities/items/F-ABA', { properties: { name: '改名' } }, { 'if-match': again.etag!, 'content-type': 'application/merge-patch+json' })).status).toBe(200);
  });

  it('When any writer (an import, SQL) deletes and inserts a row under the same code, then its version continues too', async () => {
    const [{ code, version } = { code: '', version: 0 }] = await server.db.sql<{ code: string; version: number }[]>`SELECT code, version FROM community ORDER BY code LIMIT 1`;
    await server.db.sql.begin(async (tx) => {
      await tx`CREATE TEMP TABLE saved ON COMMIT DROP AS SELECT * FROM community WHERE code = ${code}`;
      await tx`UPDATE building SET community_code = NULL WHERE community_code = ${code}`;
      await tx`DELETE FROM community WHERE code = ${code}`;
      await tx`INSERT INTO community SELECT * FROM saved`; // the old version is in the row: the trigger decides
    });
    const [after] = await server.db.sql<{ version: number }[]>`SELECT version FROM community WHERE code = ${code}`;
    expect(after!.version).toBe(version + 1);
  });
});
