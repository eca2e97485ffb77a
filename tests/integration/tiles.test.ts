import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileBoundsLonLat, tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AS_OF = '2026-01-01';
const MVT = 'application/vnd.mapbox-vector-tile';

interface DecodedFeature {
  properties: Record<string, string | number | boolean>;
  /** Tile coordinates of the first vertex (the point, for point layers). */
  x: number;
  y: number;
}

function decodeLayer(bytes: ArrayBuffer, name: string): { extent: number; features: DecodedFeature[] } | undefined {
  const layer: VectorTileLayer | undefined = new VectorTile(new PbfReader(new Uint8Array(bytes))).layers[name];
  if (!layer) return undefined;
  const features = Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i);
    const first = f.loadGeometry()[0]![0]!;
    return { properties: f.properties, x: first.x, y: first.y };
  });
  return { extent: layer.extent, features };
}

describe.each(testBackends())('vector tiles on %s', (backend) => {
  let server: TestServer;
  let centre: { lon: number; lat: number };
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    const [c] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Centroid(ST_Extent(geom)::geometry) AS p FROM community) t`;
    centre = c!;
  });
  afterAll(async () => server?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details?: { field?: string } } }).error;

  /** Facilities strictly inside a tile's lon/lat box (west and north edges inclusive, like tile coordinates 0…extent−1). */
  const facilitiesIn = async ([w, s, e, n]: number[]) => {
    const rows = await server.db.sql<{ code: string }[]>`
      SELECT code FROM facility WHERE ST_X(geom) >= ${w!} AND ST_X(geom) < ${e!} AND ST_Y(geom) > ${s!} AND ST_Y(geom) <= ${n!}`;
    return rows.map((r) => r.code).sort();
  };

  /** A z14 tile near the centre with facilities and none within 1.5 tile units of its edges (where rounding decides). */
  const facilityTile = async () => {
    const z = 14;
    const c = tileOfLonLat(centre.lon, centre.lat, z);
    for (let r = 0; r <= 4; r += 1) {
      for (let dx = -r; dx <= r; dx += 1) {
        for (let dy = -r; dy <= r; dy += 1) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          const [x, y] = [c.x + dx, c.y + dy];
          const box = tileBoundsLonLat(z, x, y);
          const [w, s, e, n] = box;
          const mx = ((e - w) / 4096) * 1.5;
          const my = ((n - s) / 4096) * 1.5;
          const inside = await facilitiesIn(box);
          const shrunk = await facilitiesIn([w + mx, s + my, e - mx, n - my]);
          const grown = await facilitiesIn([w - mx, s - my, e + mx, n + my]);
          if (inside.length > 0 && shrunk.length === grown.length) return { z, x, y, box, codes: inside };
        }
      }
    }
    throw new Error('no z14 facility tile near the centre without points on its edges');
  };

  it('should give a z12 community tile whose code and rate match /api/coverage per community', async () => {
    const { x, y } = tileOfLonLat(centre.lon, centre.lat, 12);
    const res = await get(`/api/tiles/communities/12/${x}/${y}.mvt?type=health_station&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MVT);
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const layer = decodeLayer(await res.arrayBuffer(), 'communities')!;
    expect(layer.features.length).toBeGreaterThan(3);
    const report = (await (await get(`/api/coverage?type=health_station&level=community&as_of=${AS_OF}`)).json()) as {
      units: Array<{ code: string; rate: number; households: number; households_covered: number }>;
    };
    const byCode = new Map(report.units.map((u) => [u.code, u]));
    for (const f of layer.features) {
      const unit = byCode.get(f.properties.code as string);
      expect(unit, `community ${f.properties.code}`).toBeDefined();
      expect(f.properties.rate).toBe(unit!.rate);
      expect(f.properties.households).toBe(unit!.households);
      expect(f.properties.households_covered).toBe(unit!.households_covered);
    }
    expect(new Set(layer.features.map((f) => f.properties.rate)).size).toBeGreaterThan(1);
  });

  it('should carry no coverage figures on community tiles without type', async () => {
    const { x, y } = tileOfLonLat(centre.lon, centre.lat, 12);
    const layer = decodeLayer(await (await get(`/api/tiles/communities/12/${x}/${y}.mvt`)).arrayBuffer(), 'communities')!;
    expect(layer.features.length).toBeGreaterThan(3);
    for (const f of layer.features) {
      expect(Object.keys(f.properties).sort()).toEqual(['code', 'elderly', 'households', 'name', 'population', 'street_code']);
    }
  });

  it('should hold in a z14 facility tile exactly the facilities PostGIS finds inside its box', async () => {
    const t = await facilityTile();
    const res = await get(`/api/tiles/facilities/${t.z}/${t.x}/${t.y}.mvt`);
    expect(res.status).toBe(200);
    const layer = decodeLayer(await res.arrayBuffer(), 'facilities')!;
    expect(layer.extent).toBe(4096);
    // Tiles carry a buffer beyond their edges: count only points on the tile itself.
    const inside = layer.features.filter((f) => f.x >= 0 && f.x < layer.extent && f.y >= 0 && f.y < layer.extent);
    expect(inside.length).toBe(t.codes.length);
    expect(inside.map((f) => f.properties.code).sort()).toEqual(t.codes);
    expect(Object.keys(inside[0]!.properties).sort()).toEqual(['code', 'name', 'status', 'type']);
  });

  it('should answer 304 to a matching If-None-Match, with the same ETag', async () => {
    const { x, y } = tileOfLonLat(centre.lon, centre.lat, 13);
    const first = await get(`/api/tiles/streets/13/${x}/${y}.mvt`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`/api/tiles/streets/13/${x}/${y}.mvt`, { 'If-None-Match': `W/"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const otherParams = await get(`/api/tiles/communities/13/${x}/${y}.mvt?type=health_station&as_of=${AS_OF}`);
    expect(otherParams.headers.get('etag')).not.toBe(etag);
  });

  it('should answer 204 for a tile far from the city', async () => {
    const res = await get('/api/tiles/facilities/12/2048/2048.mvt');
    expect(res.status).toBe(204);
    expect(res.headers.get('etag')).toBeTruthy();
  });

  it.each([
    ['facilities/23/0/0.mvt', 'z', '0–22'],
    ['facilities/-1/0/0.mvt', 'z', '0–22'],
    ['facilities/1.5/0/0.mvt', 'z', '0–22'],
    ['facilities/12/4096/0.mvt', 'x', '0–4095 at zoom 12'],
    ['facilities/12/0/abc.mvt', 'y', '0–4095 at zoom 12'],
    ['facilities/0/0/1.mvt', 'y', '0–0 at zoom 0'],
    ['facilities/12/0/0.mvt?type=health_station', 'type', 'communities'],
    ['communities/12/0/0.mvt?as_of=2026-01-01', 'type', 'required'],
    ['communities/12/0/0.mvt?type=swimming_pool', 'type', 'unknown facility type'],
    ['communities/12/0/0.mvt?type=health_station&as_of=2026-02-30', 'as_of', 'YYYY-MM-DD'],
    ['communities/12/0/0.mvt?colour=red', 'colour', 'type, reach_m, as_of'],
  ])('When asked for %s, then it answers 400 naming %s', async (path, field, text) => {
    const res = await get(`/api/tiles/${path}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.details?.field).toBe(field);
    expect(error.message).toContain(text);
  });

  it.each(['parks/12/0/0.mvt', 'facility-types/12/0/0.mvt', 'parks.json', 'facility-types.json'])(
    'When asked for %s, then it answers 404 listing the tiled collections',
    async (path) => {
      const res = await get(`/api/tiles/${path}`);
      expect(res.status).toBe(404);
      const error = await errorOf(res);
      expect(error.code).toBe('not_found');
      expect(error.message).toContain('districts, streets, communities, buildings, facilities');
    },
  );

  it('should describe a layer as TileJSON 3.0.0 with the request\'s query string in its tile URL', async () => {
    const qs = `?type=health_station&as_of=${AS_OF}`;
    const res = await get(`/api/tiles/communities.json${qs}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    const tj = (await res.json()) as any;
    expect(tj).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', minzoom: 0, maxzoom: 16 });
    expect(tj.tiles).toEqual([`${server.url}/api/tiles/communities/{z}/{x}/{y}.mvt${qs}`]);
    const [w, s, e, n] = tj.bounds as number[];
    expect(w).toBeLessThan(centre.lon);
    expect(e).toBeGreaterThan(centre.lon);
    expect(s).toBeLessThan(centre.lat);
    expect(n).toBeGreaterThan(centre.lat);
    expect(tj.vector_layers).toHaveLength(1);
    expect(tj.vector_layers[0]).toMatchObject({ id: 'communities', minzoom: 0, maxzoom: 16 });
    expect(tj.vector_layers[0].fields).toMatchObject({ code: 'String', rate: 'Number', households: 'Number', households_covered: 'Number' });
    const plain = (await (await get('/api/tiles/facilities.json')).json()) as any;
    expect(plain.tiles).toEqual([`${server.url}/api/tiles/facilities/{z}/{x}/{y}.mvt`]);
    expect(Object.keys(plain.vector_layers[0].fields).sort()).toEqual(['code', 'name', 'status', 'type']);
  });

  // Writes: keep last, it changes the data version for the whole file.
  it('should change the ETag after a write and show the new facility', async () => {
    const t = await facilityTile();
    const path = `/api/tiles/facilities/${t.z}/${t.x}/${t.y}.mvt`;
    const before = await get(path);
    const etag = before.headers.get('etag')!;
    const [w, s, e, n] = t.box;
    await server.db.sql`
      INSERT INTO facility (code, name, type, geom)
      VALUES ('TILE-TEST-1', '瓦片测试卫生站', 'health_station', ST_SetSRID(ST_MakePoint(${(w + e) / 2}, ${(s + n) / 2}), 4326))`;
    const after = await get(path, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const layer = decodeLayer(await after.arrayBuffer(), 'facilities')!;
    const added = layer.features.find((f) => f.properties.code === 'TILE-TEST-1');
    expect(added?.properties).toMatchObject({ name: '瓦片测试卫生站', type: 'health_station', status: 'open' });
    expect(added!.x).toBeCloseTo(2048, -1);
    expect(added!.y).toBeCloseTo(2048, -1);
  });
});
