import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #21 item 8: a write committed just before a connection kill answered 503, and its retry got 409:
// the client could not know its write was done. With an Idempotency-Key the retry is answered from the
// committed write (its audit entry, written in the same transaction).
describe.each(testBackends())('Idempotency-Key on writes on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const post = (code: string, key: string) => fetch(`${server.url}/api/collections/facilities/items`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, ...server.auth.planner },
    body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] }, properties: { code, name: '幂等站', type: 'health_station' } }),
  });

  it('When a create is sent again with the same Idempotency-Key, then it answers as the first time (replayed) and writes once; another write with the key is refused', async () => {
    const first = await post('IDEM-1', 'key-0001');
    expect(first.status).toBe(201);
    const again = await post('IDEM-1', 'key-0001');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe('IDEM-1');
    const [{ n } = { n: 0 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE code = 'IDEM-1'`;
    expect(n).toBe(1);
    // Without a key, the same create is a conflict (409), as before.
    const plain = await fetch(`${server.url}/api/collections/facilities/items`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
      body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] }, properties: { code: 'IDEM-1', name: '幂等站', type: 'health_station' } }),
    });
    expect(plain.status).toBe(409);
    const reused = await fetch(`${server.url}/api/collections/facilities/items/IDEM-1`, { method: 'DELETE', headers: { 'if-match': first.headers.get('etag')!, 'idempotency-key': 'key-0001', ...server.auth.planner } });
    expect(reused.status).toBe(422);
    // The key is the caller's: another planner's key of the same text is a different write.
    const other = await fetch(`${server.url}/api/collections/facilities/items/IDEM-1`, { method: 'DELETE', headers: { 'if-match': first.headers.get('etag')!, 'idempotency-key': 'key-0002', ...server.auth.planner } });
    expect(other.status).toBe(204);
    const replayedDelete = await fetch(`${server.url}/api/collections/facilities/items/IDEM-1`, { method: 'DELETE', headers: { 'if-match': first.headers.get('etag')!, 'idempotency-key': 'key-0002', ...server.auth.planner } });
    expect(replayedDelete.status).toBe(204);
    expect(replayedDelete.headers.get('idempotent-replayed')).toBe('true');
  });

  it('When an import is sent again with its Idempotency-Key, then it is not run again: the answer says what the committed import did (replayed), once in the audit log', async () => {
    const body = JSON.stringify({ type: 'FeatureCollection', features: ['IMP-IDEM-1', 'IMP-IDEM-2'].map((code, i) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [118.05 + i / 1000, 36.8] }, properties: { code, name: '幂等导入', type: 'health_station' },
    })) });
    const send = (key?: string, dryRun = false) => fetch(`${server.url}/api/imports?collection=facilities${dryRun ? '&dry_run=true' : ''}`, {
      method: 'POST', headers: { 'content-type': 'application/geo+json', ...(key ? { 'idempotency-key': key } : {}), ...server.auth.planner }, body,
    });
    const audit = async () => (await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE code LIKE 'IMP-IDEM-%'`)[0]!.n;
    // A dry run with the key neither writes nor spends it.
    const dry = await send('import-key-1', true);
    expect(dry.status).toBe(200);
    expect(await audit()).toBe(0);
    const first = await send('import-key-1');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ written: true, inserted: 2, updated: 0 });
    const versions = await server.db.sql<{ code: string; version: number }[]>`SELECT code, version FROM facility WHERE code LIKE 'IMP-IDEM-%' ORDER BY code`;
    // The answer was lost (say a 503 after the commit): the same request again is answered from the commit.
    const again = await send('import-key-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ collection: 'facilities', written: true, replayed: true, records: 2, inserted: 2, updated: 0 });
    expect(await audit()).toBe(2);
    expect(await server.db.sql`SELECT code, version FROM facility WHERE code LIKE 'IMP-IDEM-%' ORDER BY code`).toEqual(versions);
    // Without the key the same file is imported again (2 updates); a key of an item write is refused.
    expect((await send()).status).toBe(200);
    expect(await audit()).toBe(4);
    const reused = await send('key-0001');
    expect(reused.status).toBe(422);
    expect(await audit()).toBe(4);
  });
});
