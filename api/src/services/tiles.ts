import { createHash } from 'node:crypto';
import type { Feature, FeatureCollection, Position } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { COLLECTIONS, findCollection, type CollectionDef } from '../schema/collections.ts';
import type { Db } from '../db/connect.ts';
import { readLayerFeatures } from '../db/layer-features.ts';
import { WEB_MERCATOR_MAX_LAT } from '../domain/geo/web-mercator-tile.ts';
import type { CoverageService } from './coverage.ts';
import { currentDataVersion } from './coverage-snapshot.ts';
import { InputError } from './errors.ts';
import type { ScenarioOverlay } from './scenario-model.ts';

/** Tile coordinates per side (the MVT default; what geojson-vt cuts and vt-pbf declares). */
export const TILE_EXTENT = 4096;
/** Highest zoom served exactly; geojson-vt keeps full detail down to it. */
export const TILE_MAX_ZOOM = 22;
/** Highest zoom advertised in TileJSON: clients overzoom beyond it (a z16 tile unit is ≈ 0.15 m here). */
export const TILEJSON_MAX_ZOOM = 16;
const INDEX_CACHE_SIZE = 12;
/**
 * geojson-vt keeps every tile it cuts (that is what makes repeats cheap), so an index grows with the
 * tiles asked of it. Past this many cut tiles (e.g. a crawler walking z16–22) the index is dropped
 * and the next request builds it afresh: memory stays bounded at the price of one rebuild.
 */
const MAX_CUT_TILES_PER_INDEX = 20_000;
const BUILD_ATTEMPTS = 4;

/**
 * Properties each tile layer carries (a subset of the collection's published ones: what a map styles
 * or labels with, to keep tiles small). The full records stay one click away in
 * `/api/collections/{id}/items/{code}`.
 */
export const TILE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  districts: ['code', 'name', 'kind'],
  streets: ['code', 'name', 'kind', 'district_code'],
  communities: ['code', 'name', 'street_code', 'households', 'population', 'elderly'],
  // No households: tiles are public and shared by caches, and a building's households are planner-only
  // (planners read them from /api/collections/buildings/items; see api/src/auth/field-access.ts).
  buildings: ['code', 'community_code'],
  facilities: ['code', 'name', 'type', 'status'],
};

/** Added to each community when the tile request names a coverage `type` (see `/api/coverage`). */
export const COVERAGE_TILE_PROPERTIES = ['rate', 'households_covered', 'population_covered', 'elderly_covered'] as const;

/** Coverage to join onto community tiles: the same rule and date as `/api/coverage?level=community`. */
export interface TileCoverage {
  types: string[];
  reachMeters?: number[] | undefined;
  /** 'YYYY-MM-DD' (resolved: the route fills in today). */
  asOf: string;
  /** Coverage of this scenario instead of the baseline (serialises as { id, version } in keys and ETags). */
  scenario?: ScenarioOverlay | undefined;
}

export interface TileLayerQuery {
  /** Collection id, e.g. 'communities'. */
  collection: string;
  /** Communities only; undefined = no coverage properties. */
  coverage?: TileCoverage | undefined;
}

/** One collection (with one coverage rule) cut into tiles in memory, at one data version. */
export interface LayerIndex {
  version: string;
  collection: CollectionDef;
  index: GeoJSONVT;
  featureCount: number;
  /** West, south, east, north of the features; null when there are none. */
  bounds: [number, number, number, number] | null;
  /** Property name → TileJSON field type ('String' | 'Number' | 'Boolean'). */
  fields: Record<string, string>;
  readMs: number;
  buildMs: number;
}

export interface TileResult {
  /** Data version the tile was cut from. */
  version: string;
  /** The MVT bytes; null when no feature touches the tile. */
  data: Uint8Array | null;
}

/** The collections that can be tiled (those with geometry), or a 404 naming them. */
export function tileCollection(id: string): CollectionDef {
  const def = findCollection(id);
  const tiled = COLLECTIONS.filter((c) => c.geometryType && TILE_PROPERTIES[c.id]).map((c) => c.id);
  if (!def) throw new InputError('collection', `collection ${JSON.stringify(id)} does not exist; tiled collections are ${tiled.join(', ')}`, 'not_found');
  if (!def.geometryType || !TILE_PROPERTIES[def.id]) {
    throw new InputError('collection', `collection ${JSON.stringify(id)} has no geometry, so no tiles; tiled collections are ${tiled.join(', ')}`, 'not_found');
  }
  return def;
}

/**
 * A strong ETag for anything derived from (data version, collection, parameters, …): any write bumps
 * the data version and so changes every tag, which is how writes reach clients that revalidate.
 */
export function tileEtag(version: string, q: TileLayerQuery, ...rest: Array<string | number>): string {
  const key = JSON.stringify([version, q.collection, q.coverage ?? null, ...rest]);
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
}

/** Encodes one tile of a layer index as MVT (layer name = collection id); null when empty. */
export function encodeTile(layer: LayerIndex, z: number, x: number, y: number): Uint8Array | null {
  const tile = layer.index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return null;
  return fromGeojsonVt({ [layer.collection.id]: tile }, { version: 2, extent: TILE_EXTENT });
}

/**
 * Vector tiles cut in TypeScript (geojson-vt + vt-pbf) from every feature of a collection held in
 * memory, so both backends take one code path (PGlite's PostGIS has no protobuf, hence no ST_AsMVT).
 * Indexes are built lazily per (data version, collection, coverage rule + date) and kept in a small
 * LRU; a write bumps the data version, so the next request builds afresh and older indexes are dropped.
 */
export class TileService {
  #indexes = new Map<string, { version: bigint; index: Promise<LayerIndex> }>();
  readonly #cacheSize: number;

  constructor(
    private readonly db: Db,
    private readonly coverage: CoverageService,
    options: { cacheSize?: number } = {},
  ) {
    this.#cacheSize = options.cacheSize ?? INDEX_CACHE_SIZE;
  }

  /** The current data version (one indexed single-row read). */
  dataVersion(): Promise<string> {
    return currentDataVersion(this.db);
  }

  /** One tile. `version` (when the caller already read it) saves a round trip. */
  async tile(q: TileLayerQuery, z: number, x: number, y: number, version?: string): Promise<TileResult> {
    const v = version ?? (await this.dataVersion());
    const layer = await this.layer(q, v);
    const data = encodeTile(layer, z, x, y);
    if (layer.index.tileCoords.length > MAX_CUT_TILES_PER_INDEX) {
      this.#indexes.delete(indexKey(v, layer.collection, q.coverage));
    }
    return { version: layer.version, data };
  }

  /** The layer index for the current (or given) data version, built on first use. */
  async layer(q: TileLayerQuery, version?: string): Promise<LayerIndex> {
    const def = tileCollection(q.collection);
    if (q.coverage && def.id !== 'communities') throw new InputError('type', `coverage properties exist only on communities tiles, not on ${def.id}`);
    const v = version ?? (await this.dataVersion());
    const key = indexKey(v, def, q.coverage);
    const hit = this.#indexes.get(key);
    if (hit) {
      this.#indexes.delete(key); // re-insert: most recently used last
      this.#indexes.set(key, hit);
      return hit.index;
    }
    // Bad coverage input fails here, before it can take (and evict) a cache slot.
    if (q.coverage) this.coverage.resolveRule(await this.coverage.snapshot(), q.coverage.types, q.coverage.reachMeters);
    const current = BigInt(v);
    // Versions only grow: indexes of older ones can never be asked for again.
    for (const [k, entry] of this.#indexes) if (entry.version < current) this.#indexes.delete(k);
    const index = this.#build(def, q.coverage);
    this.#indexes.set(key, { version: current, index });
    index.catch(() => {
      if (this.#indexes.get(key)?.index === index) this.#indexes.delete(key);
    });
    while (this.#indexes.size > this.#cacheSize) this.#indexes.delete(this.#indexes.keys().next().value!);
    return index;
  }

  async #build(def: CollectionDef, coverage: TileCoverage | undefined): Promise<LayerIndex> {
    const columns = TILE_PROPERTIES[def.id]!;
    for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt += 1) {
      // Coverage first: an unknown type fails before the large read.
      const report = coverage
        ? await this.coverage.coverage({ types: coverage.types, reachMeters: coverage.reachMeters, level: 'community', asOf: coverage.asOf, scenario: coverage.scenario })
        : undefined;
      const t0 = performance.now();
      const read = await readLayerFeatures(this.db, def, columns);
      const readMs = performance.now() - t0;
      // A write between the two reads: read both again so figures and shapes share one version.
      if (report && report.data_version !== read.version) continue;
      if (report) {
        const byCode = new Map(report.units.map((u) => [u.code, u]));
        for (const f of read.features) {
          const row = byCode.get(f.properties!.code as string);
          for (const p of COVERAGE_TILE_PROPERTIES) f.properties![p] = row ? row[p] : null;
        }
      }
      const t1 = performance.now();
      const data: FeatureCollection = { type: 'FeatureCollection', features: read.features };
      const index = new GeoJSONVT(data, { maxZoom: TILE_MAX_ZOOM, extent: TILE_EXTENT, buffer: 64, tolerance: 3 });
      const buildMs = performance.now() - t1;
      return {
        version: read.version,
        collection: def,
        index,
        featureCount: read.features.length,
        bounds: featureBounds(read.features),
        fields: tileFields(def, columns, report !== undefined),
        readMs,
        buildMs,
      };
    }
    throw new Error(`the data kept changing while building ${def.id} tiles (${BUILD_ATTEMPTS} attempts)`);
  }
}

function indexKey(version: string, def: CollectionDef, coverage: TileCoverage | undefined): string {
  return JSON.stringify([version, def.id, coverage ?? null]);
}

function tileFields(def: CollectionDef, columns: readonly string[], withCoverage: boolean): Record<string, string> {
  const kind = (t: string | undefined) => (t === 'integer' || t === 'number' ? 'Number' : t === 'boolean' ? 'Boolean' : 'String');
  const fields: Record<string, string> = {};
  for (const c of columns) fields[c] = kind(def.properties[c]);
  if (withCoverage) for (const p of COVERAGE_TILE_PROPERTIES) fields[p] = 'Number';
  return fields;
}

function featureBounds(features: readonly Feature[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (p: Position) => {
    const [lon, lat] = p as [number, number];
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  };
  for (const f of features) {
    const g = f.geometry;
    if (g.type === 'Point') visit(g.coordinates);
    else if (g.type === 'Polygon') g.coordinates.forEach((ring) => ring.forEach(visit));
    else if (g.type === 'MultiPolygon') g.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
  }
  if (w > e) return null;
  return [w, Math.max(s, -WEB_MERCATOR_MAX_LAT), e, Math.min(n, WEB_MERCATOR_MAX_LAT)];
}
