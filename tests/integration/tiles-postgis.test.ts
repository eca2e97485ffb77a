import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { CoverageService } from '../../api/src/services/coverage.ts';
import { TILE_BUFFER, TILE_EXTENT, TileService, type TileLayerQuery } from '../../api/src/services/tiles.ts';
import { openTestDb, testBackends } from '../helpers/db.ts';

// Tiles from PostGIS (ST_AsMVT, the server's tiler for communities, buildings and facilities) and from
// the TypeScript tiler (geojson-vt + vt-pbf: PGlite's, and districts/streets everywhere) hold the same
// features with the same properties; geometry agrees within a tile unit or two (both snap to the grid;
// geojson-vt also simplifies by 3 units below its maximum zoom).

const AS_OF = '2026-01-01';
/** Tile units two cut geometries may differ by: 1 of grid rounding + 3 of geojson-vt's simplification (its tolerance). */
const GEOMETRY_TOLERANCE = 4;

interface Decoded {
  properties: Record<string, string | number | boolean>;
  /** Box of all vertices, in tile units. */
  box: [number, number, number, number];
  /** Points: the point itself. */
  first: { x: number; y: number };
}

function decode(bytes: Uint8Array | null, layer: string): Map<string, Decoded> {
  const out = new Map<string, Decoded>();
  if (!bytes) return out;
  const tile = new VectorTile(new PbfReader(bytes));
  expect(Object.keys(tile.layers)).toEqual([layer]);
  const l = tile.layers[layer]!;
  expect(l.extent).toBe(TILE_EXTENT);
  for (let i = 0; i < l.length; i += 1) {
    const f = l.feature(i);
    const rings = f.loadGeometry();
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings) for (const p of ring) {
      box[0] = Math.min(box[0], p.x); box[1] = Math.min(box[1], p.y);
      box[2] = Math.max(box[2], p.x); box[3] = Math.max(box[3], p.y);
    }
    const code = String(f.properties.code);
    expect(out.has(code), `${layer} ${code} appears once`).toBe(false);
    out.set(code, { properties: f.properties, box, first: rings[0]![0]! });
  }
  return out;
}

/**
 * A feature one tiler keeps and the other drops must be one the tilers may disagree on: smaller than the
 * tolerance (geojson-vt drops rings smaller than its simplification tolerance, ST_AsMVTGeom drops
 * shapes that collapse on the grid), or within the tolerance of the buffer's edge.
 */
function mayDiffer(f: Decoded): boolean {
  const [x0, y0, x1, y1] = f.box;
  const tiny = x1 - x0 <= GEOMETRY_TOLERANCE || y1 - y0 <= GEOMETRY_TOLERANCE;
  const lo = -TILE_BUFFER + GEOMETRY_TOLERANCE;
  const hi = TILE_EXTENT + TILE_BUFFER - GEOMETRY_TOLERANCE;
  const atEdge = x1 <= lo || y1 <= lo || x0 >= hi || y0 >= hi;
  return tiny || atEdge;
}

describe.each(testBackends())('PostGIS tiles = TypeScript tiles on %s', (backend) => {
  let db: Db;
  let auto: TileService;
  let typescript: TileService;
  let centre: { lon: number; lat: number };
  beforeAll(async () => {
    db = await openTestDb(backend, 'demo');
    const coverage = new CoverageService(db);
    auto = new TileService(db, coverage);
    typescript = new TileService(db, coverage, { tiler: 'typescript' });
    const [c] = await db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Centroid(ST_Extent(geom)::geometry) AS p FROM community) t`;
    centre = c!;
  });
  afterAll(async () => db?.close());

  it(`should cut communities, buildings and facilities with ${backend === 'postgres' ? 'PostGIS' : 'the TypeScript tiler'}, districts and streets in TypeScript`, () => {
    const expected = backend === 'postgres' ? 'postgis' : 'typescript';
    for (const c of ['communities', 'buildings', 'facilities']) expect(auto.tilerOf(c)).toBe(expected);
    for (const c of ['districts', 'streets']) expect(auto.tilerOf(c)).toBe('typescript');
  });

  /** A 3×3 block of tiles at zoom z around the city's centre. */
  const block = (z: number) => {
    const c = tileOfLonLat(centre.lon, centre.lat, z);
    return [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => ({ z, x: c.x + dx, y: c.y + dy })));
  };

  const cases: Array<[string, TileLayerQuery, number[]]> = [
    ['communities', { collection: 'communities' }, [11, 13, 15]],
    ['communities with coverage', { collection: 'communities', coverage: { types: ['health_station'], asOf: AS_OF } }, [12, 14]],
    ['buildings', { collection: 'buildings' }, [12, 13, 14, 16]],
    ['facilities', { collection: 'facilities' }, [12, 14, 16]],
  ];

  it.each(cases)('should hold the same %s, feature by feature', async (_name, q, zooms) => {
    let compared = 0;
    let differing = 0;
    for (const t of zooms.flatMap(block)) {
      const version = await auto.dataVersion();
      const a = await auto.tile(q, t.z, t.x, t.y, version);
      const b = await typescript.tile(q, t.z, t.x, t.y, version);
      expect(a.version).toBe(b.version);
      const fa = decode(a.data, q.collection);
      const fb = decode(b.data, q.collection);
      const where = `${q.collection} ${t.z}/${t.x}/${t.y}`;
      for (const [code, f] of fa) {
        const g = fb.get(code);
        if (!g) {
          expect(mayDiffer(f), `${where}: ${code} only in the PostGIS tile, box ${f.box.join(',')}`).toBe(true);
          differing += 1;
          continue;
        }
        expect(f.properties, `${where}: ${code}`).toEqual(g.properties);
        for (let i = 0; i < 4; i += 1) {
          expect(Math.abs(f.box[i]! - g.box[i]!), `${where}: ${code} box ${f.box.join(',')} vs ${g.box.join(',')}`).toBeLessThanOrEqual(GEOMETRY_TOLERANCE);
        }
        if (q.collection === 'facilities') {
          expect(Math.abs(f.first.x - g.first.x), `${where}: ${code} x`).toBeLessThanOrEqual(1);
          expect(Math.abs(f.first.y - g.first.y), `${where}: ${code} y`).toBeLessThanOrEqual(1);
        }
        compared += 1;
      }
      for (const [code, g] of fb) {
        if (fa.has(code)) continue;
        expect(mayDiffer(g), `${where}: ${code} only in the TypeScript tile, box ${g.box.join(',')}`).toBe(true);
        differing += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
    // Disagreements are the rare edge and sliver cases, never a share of the features.
    expect(differing).toBeLessThan(Math.max(3, compared * 0.02));
    if (q.coverage) {
      // The coverage figures really are on the tiles (not both sides missing them).
      const t = block(14)[4]!;
      const f = [...decode((await auto.tile(q, t.z, t.x, t.y)).data, 'communities').values()];
      expect(f.some((x) => typeof x.properties.rate === 'number')).toBe(true);
    }
  });

  it('should answer a repeated tile from the tile cache with the same bytes (PostGIS tiler; the TypeScript tiler keeps none)', async () => {
    const fresh = new TileService(db, new CoverageService(db));
    const t = block(13)[4]!;
    const first = await fresh.tile({ collection: 'buildings' }, t.z, t.x, t.y);
    const held = fresh.tileCache.size;
    expect(held.tiles).toBe(backend === 'postgres' ? 1 : 0);
    const again = await fresh.tile({ collection: 'buildings' }, t.z, t.x, t.y);
    expect(again).toEqual(first);
    expect(fresh.tileCache.size).toEqual(held);
    if (backend === 'postgres') expect(held.bytes).toBeGreaterThan(first.data!.byteLength);
    // A write elsewhere (NOTIFY of a newer version) empties it at once.
    fresh.dataChanged(String(BigInt(first.version) + 1n));
    expect(fresh.tileCache.size).toEqual({ tiles: 0, bytes: 0 });
  });

  it('should answer no tile (null) far from the city on both tilers', async () => {
    for (const collection of ['communities', 'buildings', 'facilities']) {
      expect((await auto.tile({ collection }, 12, 2048, 2048)).data).toBeNull();
      expect((await typescript.tile({ collection }, 12, 2048, 2048)).data).toBeNull();
    }
  });

  it('should give TileJSON the same bounds and fields from both tilers', async () => {
    for (const q of cases.map((c) => c[1])) {
      const a = await auto.layerInfo(q);
      const b = await typescript.layerInfo(q);
      expect(a.fields).toEqual(b.fields);
      expect(a.version).toBe(b.version);
      for (let i = 0; i < 4; i += 1) expect(a.bounds![i]).toBeCloseTo(b.bounds![i]!, 6);
    }
  });

  it('should refuse coverage on a layer other than communities, and an unknown type, on both tilers', async () => {
    for (const tiles of [auto, typescript]) {
      await expect(tiles.tile({ collection: 'buildings', coverage: { types: ['health_station'], asOf: AS_OF } }, 14, 0, 0)).rejects.toMatchObject({ field: 'type' });
      await expect(tiles.tile({ collection: 'communities', coverage: { types: ['no_such_type'], asOf: AS_OF } }, 14, 0, 0)).rejects.toMatchObject({ field: 'type' });
    }
  });
});
