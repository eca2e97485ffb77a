import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #21 item 2: sweeping reach_m between consecutive building distances and differencing
// households_covered gave anonymous callers every building's households (48 of 48 on six communities).
// The attack is run here as written, as anonymous and (the control: the attack itself works) as a planner.
const TYPE = 'health_station';
const AS_OF = '2026-06-30';
const COMMUNITIES = 6;

interface Target { community: string; buildings: Array<{ code: string; households: number; distance_m: number }> }

describe.each(testBackends())('disclosure control against the differencing attack on %s', (backend) => {
  let server: TestServer;
  let targets: Target[] = [];
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    // What the attacker knows: building and facility positions (public). The households are the secret
    // the test keeps to score the attack.
    const rows = await server.db.sql<{ community: string; code: string; households: number; distance_m: number }[]>`
      SELECT b.community_code AS community, b.code, b.households,
             (SELECT min(ST_Distance(b.geom::geography, f.geom::geography)) FROM facility f
               WHERE f.type = ${TYPE} AND f.status = 'open' AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date)
                 AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)) AS distance_m
      FROM building b
      WHERE b.community_code IN (SELECT community_code FROM building WHERE community_code IS NOT NULL
                                 GROUP BY community_code HAVING count(*) BETWEEN 3 AND 12 ORDER BY community_code LIMIT ${COMMUNITIES})
      ORDER BY b.community_code, distance_m`;
    const by = new Map<string, Target>();
    for (const r of rows) {
      if (!by.has(r.community)) by.set(r.community, { community: r.community, buildings: [] });
      by.get(r.community)!.buildings.push({ code: r.code, households: r.households, distance_m: Number(r.distance_m) });
    }
    targets = [...by.values()];
  });
  afterAll(async () => server?.close());

  /** households_covered of each community at `reach` (undefined when the request is refused). */
  const coveredAt = async (reach: number, headers: Record<string, string>): Promise<Map<string, number> | undefined> => {
    const res = await fetch(`${server.url}/api/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&reach_m=${reach.toFixed(1)}`, { headers });
    if (res.status !== 200) {
      expect(res.status).toBe(400);
      return undefined;
    }
    const body = (await res.json()) as { units: Array<{ code: string; households_covered: number }> };
    return new Map(body.units.map((u) => [u.code, u.households_covered]));
  };

  /** Sweeps reach_m between consecutive building distances and differences the totals: buildings recovered exactly. */
  async function attack(headers: Record<string, string>): Promise<{ recovered: number; buildings: number; requests: number }> {
    let recovered = 0;
    let buildings = 0;
    let requests = 0;
    for (const t of targets) {
      const ds = t.buildings.map((b) => b.distance_m);
      // One reach below the first building, then one between each building and the next.
      const cuts = [Math.max(1, ds[0]! / 2), ...ds.map((d, i) => (i + 1 < ds.length ? (d + ds[i + 1]!) / 2 : d + 50))];
      const seen: Array<number | undefined> = [];
      for (const cut of cuts) {
        requests += 1;
        seen.push((await coveredAt(Math.min(cut, 100_000), headers))?.get(t.community));
      }
      t.buildings.forEach((b, i) => {
        buildings += 1;
        const before = seen[i];
        const after = seen[i + 1];
        // Two buildings at the same distance cannot be told apart: only a distinct step counts.
        const distinct = (i === 0 || ds[i - 1]! < b.distance_m - 0.5) && (i + 1 === ds.length || ds[i + 1]! > b.distance_m + 0.5);
        if (before !== undefined && after !== undefined && distinct && after - before === b.households) recovered += 1;
      });
    }
    return { recovered, buildings, requests };
  }

  it('When a planner runs the reach sweep, then it recovers buildings (the attack works where households are not secret)', async () => {
    expect(targets.length).toBe(COMMUNITIES);
    const { recovered, buildings } = await attack(server.auth.planner);
    expect(buildings).toBeGreaterThan(COMMUNITIES * 3 - 1);
    expect(recovered).toBeGreaterThan(buildings / 2);
  });

  it('When anonymous callers run the same sweep, then they recover 0 buildings (public reach_m: the catalogue reach only)', async () => {
    const { recovered, buildings, requests } = await attack({});
    expect(requests).toBeGreaterThan(buildings);
    expect(recovered).toBe(0);
    // The catalogue reach itself stays public, and the refusal names reach_m.
    const [type] = await server.db.sql<{ reach_m: number }[]>`SELECT reach_m FROM facility_type WHERE code = ${TYPE}`;
    expect(await coveredAt(type!.reach_m, {})).toBeDefined();
    const refused = await fetch(`${server.url}/api/coverage/gaps?unit=${targets[0]!.community}&type=${TYPE}&reach_m=${type!.reach_m + 1}`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { details: { field: string } } }).error.details.field).toBe('reach_m');
    const tile = await fetch(`${server.url}/api/tiles/communities/14/13500/6200.mvt?type=${TYPE}&reach_m=${type!.reach_m + 1}`);
    expect(tile.status).toBe(400);
  });
});
