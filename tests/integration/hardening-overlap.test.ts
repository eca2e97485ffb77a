import { describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { demoCityBeside } from '../helpers/hardening.ts';

// Issue #21 item 7: two concurrent imports of communities overlapping by half both committed, and
// POST /api/collections/communities/items did not check overlap at all. The check now runs inside the
// write transaction under one lock for every writer of community shapes.
const ROUNDS = 5;

describe.each(testBackends())('no overlapping communities under concurrent writes on %s', (backend) => {
  const city = demoCityBeside(backend);

  const square = (x: number, y: number, size: number) => ({
    type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
  });
  const community = (code: string, geometry: object) => ({
    type: 'Feature', geometry, properties: { code, name: `社区${code}`, street_code: city.street, households: 100, population: 250 },
  });
  const headers = () => ({ ...city.server.auth.planner });

  it('When a community is created overlapping a stored one by half, then it answers 409 naming geometry and stores nothing', async () => {
    const [stored] = await city.server.db.sql<{ code: string; x: number; y: number }[]>`
      SELECT code, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM community ORDER BY code LIMIT 1`;
    const res = await fetch(`${city.server.url}/api/collections/communities/items`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers() },
      body: JSON.stringify(community('OVL-SINGLE', square(stored!.x - 0.001, stored!.y - 0.001, 0.002))),
    });
    const body = (await res.json()) as { error: { details?: { field?: string }; message: string } };
    expect(res.status).toBe(409);
    expect(body.error.details?.field).toBe('geometry');
    expect(body.error.message).toContain(stored!.code);
    expect(await city.server.db.sql`SELECT 1 FROM community WHERE code = 'OVL-SINGLE'`).toHaveLength(0);
    // The control: the same community away from the others is stored.
    const ok = await fetch(`${city.server.url}/api/collections/communities/items`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers() },
      body: JSON.stringify(community('OVL-SINGLE', square(city.east + 0.5, city.south, 0.002))),
    });
    expect(ok.status).toBe(201);
  });

  it(`When two imports of communities overlapping each other by half run at once (${ROUNDS} rounds), then exactly one commits each round`, async () => {
    const committed: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const x = city.east + 0.05 + round * 0.05;
      const file = (side: 'A' | 'B') => {
        const shift = side === 'A' ? 0 : 0.005; // the two big squares overlap by half
        const filler = Array.from({ length: 40 }, (_, i) => community(`OVL-${round}-${side}-${i}`, square(x + (side === 'A' ? 0 : 0.02) + (i % 8) * 0.0021, city.south + 0.02 + Math.floor(i / 8) * 0.0021, 0.002)));
        return JSON.stringify({ type: 'FeatureCollection', features: [community(`OVL-${round}-${side}`, square(x + shift, city.south, 0.01)), ...filler] });
      };
      const post = (side: 'A' | 'B') => fetch(`${city.server.url}/api/imports?collection=communities`, {
        method: 'POST', headers: { 'content-type': 'application/geo+json', ...headers() }, body: file(side),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      const answers = await Promise.all([post('A'), post('B')]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses, JSON.stringify(answers.map((a) => a.body.error?.message ?? a.body.inserted))).toEqual([200, 422]);
      const refused = answers.find((a) => a.status === 422)!;
      expect(refused.body.error.message).toMatch(/overlaps (stored )?community OVL-\d-[AB]\b/);
      const [{ n } = { n: 0 }] = await city.server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community WHERE code IN (${`OVL-${round}-A`}, ${`OVL-${round}-B`})`;
      committed.push(n);
    }
    expect(committed).toEqual(Array(ROUNDS).fill(1));
    // No two stored communities overlap (beyond the tolerance).
    const overlaps = await city.server.db.sql`
      SELECT a.code, b.code FROM community a JOIN community b ON a.code < b.code AND a.geom && b.geom
      WHERE ST_Relate(a.geom, b.geom, 'T********') AND ST_Area(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)::geography) > 1`;
    expect(overlaps).toEqual([]);
  });
});
