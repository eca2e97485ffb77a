// The offline basemap (#17): GET /api/tiles/basemap.json and /api/tiles/basemap/{z}/{x}/{y}.mvt,
// checked against PostGIS on the loaded data: the demo city's named streets, railway and river, and
// Wudaokou's OSM footprints, water and campuses (counted independently from the OSM XML).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { seedWudaokou } from '../../seeds/wudaokou/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const MVT = 'application/vnd.mapbox-vector-tile';

function layersOf(bytes: ArrayBuffer): VectorTile['layers'] {
  return new VectorTile(new PbfReader(new Uint8Array(bytes))).layers;
}

function namesIn(layers: VectorTile['layers'], layer: string): string[] {
  const l = layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => String(l.feature(i).properties.name ?? ''));
}

async function tileAt(server: TestServer, lon: number, lat: number, z: number): Promise<{ status: number; layers: VectorTile['layers'] }> {
  const { x, y } = tileOfLonLat(lon, lat, z);
  const res = await fetch(`${server.url}/api/tiles/basemap/${z}/${x}/${y}.mvt`);
  if (res.status === 204) return { status: 204, layers: {} };
  expect(res.headers.get('content-type')).toContain(MVT);
  return { status: res.status, layers: layersOf(await res.arrayBuffer()) };
}

describe('offline basemap tiles of the demo city', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
  });
  afterAll(async () => server?.close());

  it('should list the layers the city has in TileJSON, bounds from the data', async () => {
    const res = await fetch(`${server.url}/api/tiles/basemap.json`);
    const json = (await res.json()) as { tiles: string[]; vector_layers: { id: string }[]; bounds: number[]; feature_counts: Record<string, number> };
    const [edges] = await server.db.sql<{ walkable: number; rail: number }[]>`
      SELECT count(*) FILTER (WHERE walkable)::int AS walkable, count(*) FILTER (WHERE NOT walkable AND kind = 'rail')::int AS rail FROM network_edge`;
    const [extent] = await server.db.sql<{ w: number; s: number; e: number; n: number }[]>`
      SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
      FROM (SELECT ST_Extent(geom)::geometry AS b FROM (SELECT geom FROM network_edge UNION ALL SELECT geom FROM basemap_feature) u) t`;

    expect(json.tiles[0]).toMatch(/\/api\/tiles\/basemap\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    expect(json.vector_layers.map((l) => l.id)).toEqual(['water', 'waterway', 'green', 'campus', 'building', 'rail', 'road', 'place']);
    expect(json.feature_counts).toEqual({ water: 1, waterway: 1, green: 0, campus: 0, building: 0, rail: edges!.rail, road: edges!.walkable, place: 0 });
    expect(json.bounds[0]).toBeCloseTo(extent!.w, 6);
    expect(json.bounds[3]).toBeCloseTo(extent!.n, 6);
  });

  it('should carry a named street where PostGIS puts it, with its kind', async () => {
    const [street] = await server.db.sql<{ name: string; kind: string; lon: number; lat: number }[]>`
      SELECT name, kind, ST_X(p) AS lon, ST_Y(p) AS lat
      FROM (SELECT name, kind, ST_LineInterpolatePoint(geom, 0.5) AS p FROM network_edge
            WHERE walkable AND name IS NOT NULL AND kind = 'primary' ORDER BY id LIMIT 1) t`;
    const tile = await tileAt(server, street!.lon, street!.lat, 15);
    const road = tile.layers.road!;
    const found = Array.from({ length: road.length }, (_, i) => road.feature(i).properties).find((p) => p.name === street!.name);

    expect(found).toMatchObject({ class: street!.kind });
  });

  it('should draw the river as water and a named waterway, and the railway as rail', async () => {
    const [river] = await server.db.sql<{ name: string; lon: number; lat: number }[]>`
      SELECT name, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT name, ST_PointOnSurface(geom) AS p FROM basemap_feature WHERE layer = 'water') t`;
    const [rail] = await server.db.sql<{ name: string; lon: number; lat: number }[]>`
      SELECT name, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT name, ST_LineInterpolatePoint(geom, 0.5) AS p FROM network_edge WHERE NOT walkable AND kind = 'rail' ORDER BY id LIMIT 1) t`;

    const atRiver = await tileAt(server, river!.lon, river!.lat, 14);
    expect(namesIn(atRiver.layers, 'water')).toContain('玉带河');
    expect(namesIn(atRiver.layers, 'waterway')).toContain('玉带河');
    expect(namesIn((await tileAt(server, rail!.lon, rail!.lat, 14)).layers, 'rail')).toContain(rail!.name);
  });

  it('should answer an empty tile far from the city with 204, and refuse query parameters', async () => {
    expect((await tileAt(server, -70, -40, 12)).status).toBe(204);
    const res = await fetch(`${server.url}/api/tiles/basemap/12/1/1.mvt?type=health_station`);
    expect(res.status).toBe(400);
  });

  it('should revalidate with the ETag and change it when the data changes', async () => {
    const url = `${server.url}/api/tiles/basemap.json`;
    const first = await fetch(url);
    const tag = first.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'If-None-Match': tag } })).status).toBe(304);
    await server.db.sql`UPDATE basemap_feature SET name = '玉带河(改)' WHERE layer = 'waterway'`;
    expect((await fetch(url, { headers: { 'If-None-Match': tag } })).status).toBe(200);
  });
});

describe('offline basemap tiles of Wudaokou (OpenStreetMap extract)', () => {
  let server: TestServer;
  const osm = gunzipSync(readFileSync(new URL('../../seeds/wudaokou/map.osm.gz', import.meta.url))).toString('utf8');
  beforeAll(async () => {
    server = await startTestServer({ seed: 'empty' });
    await seedWudaokou(server.db);
  }, 120_000);
  afterAll(async () => server?.close());

  it('should store one footprint per closed building way, and the building multipolygon (counted in the XML)', async () => {
    const ways = [...osm.matchAll(/<way id="[^"]+"[^>]*>([\s\S]*?)<\/way>/g)].map((m) => m[1]!);
    const closedBuildings = ways.filter((body) => {
      if (!/<tag k="building" v="/.test(body)) return false;
      const refs = [...body.matchAll(/<nd ref="([^"]+)"/g)].map((m) => m[1]);
      return refs.length >= 4 && refs[0] === refs.at(-1);
    }).length;
    const [row] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM basemap_feature WHERE layer = 'building'`;

    expect(closedBuildings).toBeGreaterThan(400);
    expect(row!.n).toBeGreaterThanOrEqual(closedBuildings);
    expect(row!.n).toBeLessThanOrEqual(closedBuildings + 1);
  });

  it('should serve footprints, water, campuses and named streets where PostGIS has them', async () => {
    const [campus] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM basemap_feature WHERE layer = 'campus' AND class = 'university' ORDER BY id LIMIT 1) t`;
    const [water] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM basemap_feature WHERE layer = 'water' ORDER BY ST_Area(geom) DESC LIMIT 1) t`;
    const [street] = await server.db.sql<{ name: string; lon: number; lat: number }[]>`
      SELECT name, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT name, ST_LineInterpolatePoint(geom, 0.5) AS p FROM network_edge
        WHERE name = '成府路' ORDER BY ST_Length(geom) DESC LIMIT 1) t`;

    expect((await tileAt(server, campus!.lon, campus!.lat, 15)).layers.campus?.length).toBeGreaterThan(0);
    expect((await tileAt(server, water!.lon, water!.lat, 15)).layers.water?.length).toBeGreaterThan(0);
    const atStreet = await tileAt(server, street!.lon, street!.lat, 16);
    expect(namesIn(atStreet.layers, 'road')).toContain('成府路');
    const [footprint] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM basemap_feature WHERE layer = 'building' ORDER BY ST_Area(geom) DESC LIMIT 1) t`;
    expect((await tileAt(server, footprint!.lon, footprint!.lat, 16)).layers.building?.length).toBeGreaterThan(0);
  });

  it('should give each named area one label point inside it, with the English name where OSM has one', async () => {
    const rows = await server.db.sql<{ name: string; inside: boolean; n: number }[]>`
      SELECT a.name, bool_or(ST_Intersects(a.geom, p.geom)) AS inside, count(*)::int AS n
      FROM basemap_feature a JOIN basemap_feature p ON p.layer = 'place' AND p.name = a.name AND p.class = a.layer
      WHERE a.layer IN ('campus', 'green', 'water') AND a.name IS NOT NULL
      GROUP BY a.id, a.name`;
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.inside, row.name).toBe(true);
    const [en] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM basemap_feature WHERE layer = 'place' AND name_en IS NOT NULL`;
    expect(en!.n).toBeGreaterThan(0);
  });
});
