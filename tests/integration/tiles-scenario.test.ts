import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCounts } from '../../api/src/domain/coverage/build-counts.ts';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { testBackends } from '../helpers/db.ts';
import { startRoleServer } from '../helpers/role-server.ts';

// #16: community tiles under a scenario take the scenario's coverage per tile; a scenario edit builds no
// tile index (PGlite: one geojson-vt index of the communities per data version, whatever the rule or
// scenario; a server: PostGIS cuts them, no index at all).

const AS_OF = '2026-01-01';
const TYPE = 'health_station';
const ALICE = 'planner:alice';
const Z = 12;

describe.each(testBackends())('community tiles under a scenario on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    server = await startRoleServer(backend);
  });
  afterAll(async () => server?.close());
  const call = apiCaller(() => server.url, { as: ALICE });

  /** Buildings no open health station reaches (PostGIS decides), one per community, most households first. */
  const uncoveredBuildings = () => server.db.sql<{ code: string; community_code: string; lon: number; lat: number }[]>`
    SELECT * FROM (
      SELECT DISTINCT ON (b.community_code) b.code, b.community_code, ST_X(b.geom) AS lon, ST_Y(b.geom) AS lat, b.households
      FROM building b
      WHERE b.community_code IS NOT NULL AND b.households > 0 AND NOT EXISTS (
        SELECT 1 FROM facility f WHERE f.type = ${TYPE} AND f.status = 'open'
          AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
          AND ST_DWithin(b.geom::geography, f.geom::geography, 300))
      ORDER BY b.community_code, b.households DESC, b.code) t
    ORDER BY households DESC, code`;

  /** The communities of one tile with their properties, decoded from the MVT bytes. */
  const tileCommunities = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ALICE}` } });
    expect(res.status).toBe(200);
    const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers['communities']!;
    return new Map(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties).map((p) => [p.code as string, p]));
  };
  /** households_covered per community of the scenario's (or baseline's) coverage answer. */
  const coverageByCode = async (scenario?: number) => {
    const res = await call('GET', `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}${scenario ? `&scenario=${scenario}` : ''}`);
    expect(res.status).toBe(200);
    return new Map((res.body.units as Array<{ code: string; households_covered: number }>).map((u) => [u.code, u.households_covered]));
  };

  it('When a planner edits a scenario twice, then its community tiles carry each version\'s coverage and no tile index is built again', async () => {
    // Two uncovered buildings in one z12 tile: the first edit adds a station at one, the second at the other.
    const spots = await uncoveredBuildings();
    const first = spots[0]!;
    const { x, y } = tileOfLonLat(first.lon, first.lat, Z);
    const second = spots.slice(1).find((b) => {
      const t = tileOfLonLat(b.lon, b.lat, Z);
      // Far enough apart (> 1.5 km) that neither station reaches the other's building.
      const km = Math.hypot((b.lon - first.lon) * 111.32 * Math.cos((first.lat * Math.PI) / 180), (b.lat - first.lat) * 110.57);
      return t.x === x && t.y === y && b.community_code !== first.community_code && km > 1.5;
    });
    expect(second, 'a second uncovered community in the same tile').toBeDefined();
    const path = (scenario: number) => `/api/tiles/communities/${Z}/${x}/${y}.mvt?type=${TYPE}&as_of=${AS_OF}&scenario=${scenario}`;

    const before = buildCounts.tileIndexes; // per test process: both backends' servers count here
    const created = await call('POST', '/scenarios', { body: { name: '瓦片方案', changes: [{ op: 'add', type: TYPE, lon: first.lon, lat: first.lat }] } });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    // The first tile under the scenario (and the plain and baseline-coverage tiles) builds what it builds once.
    const v1 = await tileCommunities(path(id));
    await tileCommunities(`/api/tiles/communities/${Z}/${x}/${y}.mvt`);
    const baseline = await tileCommunities(`/api/tiles/communities/${Z}/${x}/${y}.mvt?type=${TYPE}&as_of=${AS_OF}`);
    const builds = buildCounts.tileIndexes;
    expect(builds - before).toBe(backend === 'pglite' ? 1 : 0);

    // Edit 1 (version 2): a second station. Edit 2 (version 3): the first one closed again (removed from the changes).
    const added = created.body.changes[0];
    const patched = await call('PATCH', `/scenarios/${id}`, {
      body: { changes: [added, { op: 'add', type: TYPE, lon: second!.lon, lat: second!.lat }] },
      headers: { 'if-match': created.etag! },
    });
    expect([patched.status, patched.body.version]).toEqual([200, 2]);
    const v2 = await tileCommunities(path(id));
    const removed = await call('PATCH', `/scenarios/${id}`, {
      body: { changes: patched.body.changes.slice(1) },
      headers: { 'if-match': patched.etag! },
    });
    expect([removed.status, removed.body.version]).toEqual([200, 3]);
    const v3 = await tileCommunities(path(id));
    expect(buildCounts.tileIndexes).toBe(builds);

    // Each version's tile carries that version's coverage answer, community by community.
    const truth = await coverageByCode(id); // version 3 now
    for (const [code, p] of v3) expect(p.households_covered, code).toBe(truth.get(code));
    const base = await coverageByCode();
    for (const [code, p] of baseline) expect(p.households_covered, code).toBe(base.get(code));
    // And the versions differ where the edits were: the second station raises the second community's
    // figure (v1 → v2), closing the first lowers the first community's (v2 → v3).
    const covered = (m: Map<string, Record<string, unknown>>, code: string) => m.get(code)?.households_covered as number;
    expect(covered(v1, first.community_code)).toBeGreaterThan(base.get(first.community_code)!);
    expect(covered(v2, second!.community_code)).toBeGreaterThan(covered(v1, second!.community_code));
    expect(covered(v3, first.community_code)).toBeLessThan(covered(v2, first.community_code));
    expect(covered(v3, second!.community_code)).toBe(covered(v2, second!.community_code));
    expect([v1.size, v2.size, v3.size]).toEqual([baseline.size, baseline.size, baseline.size]);
  });
});
