import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #21 item 8 (rate limits): three map sessions from one address got 306 of 502 tile requests
// answered 429. Tiles are now counted apart, and signed-in callers spend their own budget (per token).
describe('rate limits that fit a map (PGlite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo', env: { LIFECIRCLE_RATE_LIMIT_PER_MIN: '20', LIFECIRCLE_TILE_RATE_LIMIT_PER_MIN: '500' } });
  });
  afterAll(async () => server?.close());

  const statuses = async (n: number, path: string, headers: Record<string, string> = {}) => {
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) out.push((await fetch(`${server.url}${path}`, { headers })).status);
    return out;
  };

  it('When one address asks for many tiles, they do not use up the analysis budget; signed-in users each have their own budget', async () => {
    // The test server's logins went by already (they count against the same address), so tiles first.
    const tiles = await statuses(60, '/api/tiles/communities/12/3389/1552.mvt');
    expect(tiles.filter((s) => s === 429)).toEqual([]);
    const anonymous = await statuses(25, '/api/collections/streets/items?limit=1');
    expect(anonymous.filter((s) => s === 429).length).toBeGreaterThan(0); // the per-address budget of 20 holds
    expect(anonymous.slice(0, 15).every((s) => s === 200)).toBe(true);
    // The same address, signed in: the planner's and the admin's tokens have budgets of their own.
    expect((await statuses(15, '/api/collections/streets/items?limit=1', server.auth.planner)).every((s) => s === 200)).toBe(true);
    expect((await statuses(15, '/api/collections/streets/items?limit=1', server.auth.admin)).every((s) => s === 200)).toBe(true);
    const more = await statuses(10, '/api/collections/streets/items?limit=1', server.auth.planner);
    expect(more.at(-1)).toBe(429); // and each budget holds too
    // Tiles still answer for the exhausted address.
    expect((await statuses(5, '/api/tiles/communities/12/3389/1552.mvt')).every((s) => s !== 429)).toBe(true);
  });
});
