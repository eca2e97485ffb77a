import { createHash } from 'node:crypto';
import type { Feature, FeatureCollection, Position } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { COLLECTIONS, findCollection, type CollectionDef } from '../schema/collections.ts';
import type { Db } from '../db/connect.ts';
import { readLayerFeatures } from '../db/layer-features.ts';
import { buildCounts } from '../domain/coverage/build-counts.ts';
import { readDataVersion } from '../db/repositories/data-version.ts';
import {
  POSTGIS_TILE_QUERIES,
  readLayerBounds,
  readPostgisTile,
  tileCommunityCodes,
  type TileCoverageRow,
} from '../db/repositories/tiles.ts';
import { WEB_MERCATOR_MAX_LAT } from '../domain/geo/web-mercator-tile.ts';
import type { CoverageService } from './coverage.ts';
import { currentDataVersion } from './coverage-snapshot.ts';
import { InputError } from './errors.ts';
import type { ScenarioOverlay } from './scenario-model.ts';
import { TileCache } from './tile-cache.ts';

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
/** Bytes of PostGIS-cut tiles kept per process for repeats (TileCache): 64 MiB ≈ 5 000 z13 buildings tiles. */
const TILE_CACHE_BYTES = 64 * 2 ** 20;
/** Tile units around each tile that features are kept in (both tilers), so strokes join across edges. */
export const TILE_BUFFER = 64;

/** Who cuts a collection's tiles: PostGIS (ST_AsMVT, on a server) or geojson-vt in this process. */
export type Tiler = 'postgis' | 'typescript';

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

/**
 * One collection cut into tiles in memory, at one data version. With a coverage rule, the same index as
 * without (one per collection and data version) plus the rule's figures, joined onto each community as a
 * tile is encoded: a new rule, date or scenario version builds no index (#16).
 */
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
  /** Communities with a coverage rule: its figures by community code (a community missing = no figures). */
  coverage?: ReadonlyMap<string, TileCoverageRow> | undefined;
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

/** What TileJSON says of a layer: its data version, extent and fields. */
export interface LayerInfo {
  version: string;
  collection: CollectionDef;
  bounds: [number, number, number, number] | null;
  fields: Record<string, string>;
}

/**
 * Encodes one tile of a layer index as MVT (layer name = collection id); null when empty. With coverage
 * figures, each feature carries them after its own properties (the cut tile is not changed: copies).
 */
export function encodeTile(layer: LayerIndex, z: number, x: number, y: number): Uint8Array | null {
  const tile = layer.index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return null;
  const figures = layer.coverage;
  const cut = figures
    ? {
        ...tile,
        features: tile.features.map((f) => {
          const row = figures.get(f.tags?.code as string);
          const tags: Record<string, unknown> = { ...f.tags };
          for (const p of COVERAGE_TILE_PROPERTIES) tags[p] = row ? row[p] : null;
          return { ...f, tags };
        }),
      }
    : tile;
  return fromGeojsonVt({ [layer.collection.id]: cut }, { version: 2, extent: TILE_EXTENT });
}

/**
 * Vector tiles. On a PostgreSQL server, communities, buildings and facilities tiles are cut by PostGIS
 * per request (ST_AsMVTGeom + ST_AsMVT over `&&` on the tile envelope, sql/queries/tile_*.sql, as
 * pg_tileserv and martin do), so no process holds a province's features. Everywhere else (PGlite,
 * whose PostGIS has no protobuf, hence no ST_AsMVT; districts and streets, a few hundred shapes) they
 * are cut in TypeScript (geojson-vt + vt-pbf) from every feature of the collection held in memory.
 * Both give the same features and properties (tests/integration/tiles-postgis.test.ts).
 * In-memory indexes are built lazily per (data version, collection) and kept in a small LRU; a write bumps
 * the data version, so the next request builds afresh and older indexes are dropped. Coverage figures
 * (a rule, a date, a scenario version: the coverage service's answer, a delta for a scenario) are joined
 * per tile by both tilers, so they never cost an index (#16).
 */
export class TileService {
  #indexes = new Map<string, { version: bigint; index: Promise<LayerIndex>; built?: GeoJSONVT }>();
  /** Both tilers: coverage figures per community for (version, rule); PostGIS: layer extents per version. */
  #coverageByCode = new Map<string, { version: bigint; rows: Promise<{ version: string; byCode: Map<string, TileCoverageRow> }> }>();
  #bounds = new Map<string, Promise<LayerInfo['bounds']>>();
  readonly #cacheSize: number;
  readonly #tiler: 'auto' | 'typescript';
  /** PostGIS tiler: tiles already cut at the current data version (the TypeScript tiler's index keeps its own). */
  readonly tileCache: TileCache;

  /**
   * @param options.cacheSize in-memory indexes and coverage answers kept (LRU)
   * @param options.tileCacheBytes bytes of PostGIS-cut tiles kept for repeats (0 = none)
   */
  constructor(
    private readonly db: Db,
    private readonly coverage: CoverageService,
    options: { cacheSize?: number; tiler?: 'auto' | 'typescript'; tileCacheBytes?: number } = {},
  ) {
    this.#cacheSize = options.cacheSize ?? INDEX_CACHE_SIZE;
    this.#tiler = options.tiler ?? 'auto';
    this.tileCache = new TileCache(options.tileCacheBytes ?? TILE_CACHE_BYTES);
  }

  /**
   * The data changed (a NOTIFY from a write in any process, migration 0012): tiles, indexes, coverage
   * figures and extents of older versions go now rather than at the next request, which reads the version anyway.
   */
  dataChanged(version: string): void {
    const current = BigInt(version);
    this.tileCache.dataChanged(version);
    for (const [k, entry] of this.#indexes) if (entry.version < current) this.#indexes.delete(k);
    for (const [k, entry] of this.#coverageByCode) if (entry.version < current) this.#coverageByCode.delete(k);
    for (const k of this.#bounds.keys()) if (BigInt(JSON.parse(k)[0] as string) < current) this.#bounds.delete(k);
  }

  /** Who cuts this collection's tiles here. */
  tilerOf(collection: string): Tiler {
    return this.#tiler === 'auto' && this.db.backend === 'postgres' && POSTGIS_TILE_QUERIES[collection] ? 'postgis' : 'typescript';
  }

  /** The current data version (one indexed single-row read). */
  dataVersion(): Promise<string> {
    return currentDataVersion(this.db);
  }

  /** One tile. `version` (when the caller already read it) saves a round trip. */
  async tile(q: TileLayerQuery, z: number, x: number, y: number, version?: string): Promise<TileResult> {
    const v = version ?? (await this.dataVersion());
    const def = tileCollection(q.collection);
    if (this.tilerOf(def.id) === 'postgis') {
      if (q.coverage && def.id !== 'communities') throw new InputError('type', `coverage properties exist only on communities tiles, not on ${def.id}`);
      const key = JSON.stringify([def.id, q.coverage ?? null, z, x, y]);
      const hit = this.tileCache.get(v, key);
      if (hit !== undefined) return { version: v, data: hit };
      const cut = await this.#postgisTile(def, q, v, z, x, y);
      this.tileCache.set(cut.version, key, cut.data);
      return cut;
    }
    const layer = await this.layer(q, v);
    const data = encodeTile(layer, z, x, y);
    if (layer.index.tileCoords.length > MAX_CUT_TILES_PER_INDEX) {
      for (const [k, entry] of this.#indexes) if (entry.built === layer.index) this.#indexes.delete(k);
    }
    return { version: layer.version, data };
  }

  /** TileJSON's facts of a layer: from the in-memory index, or (PostGIS tiler) ST_Extent and the field list. */
  async layerInfo(q: TileLayerQuery, version?: string): Promise<LayerInfo> {
    const def = tileCollection(q.collection);
    if (this.tilerOf(def.id) === 'typescript') {
      const { version: v, collection, bounds, fields } = await this.layer(q, version);
      return { version: v, collection, bounds, fields };
    }
    if (q.coverage) this.coverage.resolveRule(await this.coverage.snapshot(), q.coverage.types, q.coverage.reachMeters);
    const v = version ?? (await this.dataVersion());
    const key = JSON.stringify([v, def.id]);
    let bounds = this.#bounds.get(key);
    if (!bounds) {
      for (const k of this.#bounds.keys()) if (JSON.parse(k)[0] !== v) this.#bounds.delete(k);
      bounds = readLayerBounds(this.db.sql, def).then((b) => b && clampLat(b));
      this.#bounds.set(key, bounds);
      bounds.catch(() => this.#bounds.delete(key));
    }
    return { version: v, collection: def, bounds: await bounds, fields: tileFields(def, TILE_PROPERTIES[def.id]!, q.coverage !== undefined) };
  }

  /**
   * One tile cut by PostGIS: one statement (shapes and data version from one snapshot); with coverage,
   * one read-only snapshot for the tile's community codes and the tile, checked against the figures' version.
   */
  async #postgisTile(def: CollectionDef, q: TileLayerQuery, version: string, z: number, x: number, y: number): Promise<TileResult> {
    if (q.coverage && def.id !== 'communities') throw new InputError('type', `coverage properties exist only on communities tiles, not on ${def.id}`);
    const tile = { z, x, y, extent: TILE_EXTENT, buffer: TILE_BUFFER };
    if (!q.coverage) return readPostgisTile(this.db.sql, def.id, tile);
    for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt += 1) {
      const figures = await this.#coverageFigures(q.coverage, version);
      const result = await this.db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
        const v = (await readDataVersion(tx)) ?? '0';
        // A write since the figures were computed: compute them again, so figures and shapes share one version.
        if (figures.version !== v) return { version: v, stale: true as const };
        const rows = (await tileCommunityCodes(tx, tile)).flatMap((code) => figures.byCode.get(code) ?? []);
        return readPostgisTile(tx, def.id, tile, rows);
      });
      if (!('stale' in result)) return result;
      version = result.version;
    }
    throw new Error(`the data kept changing while cutting a ${def.id} tile (${BUILD_ATTEMPTS} attempts)`);
  }

  /** The community coverage figures of a rule at a data version (one coverage answer, kept per version and rule). */
  #coverageFigures(coverage: TileCoverage, version: string): Promise<{ version: string; byCode: Map<string, TileCoverageRow> }> {
    const key = JSON.stringify([version, coverage]);
    const hit = this.#coverageByCode.get(key);
    if (hit) return hit.rows;
    const current = BigInt(version);
    for (const [k, entry] of this.#coverageByCode) if (entry.version < current) this.#coverageByCode.delete(k);
    const rows = this.coverage
      .coverage({ types: coverage.types, reachMeters: coverage.reachMeters, level: 'community', asOf: coverage.asOf, scenario: coverage.scenario })
      .then((report) => {
        const byCode = new Map<string, TileCoverageRow>();
        for (const u of report.units) {
          byCode.set(u.code, { code: u.code, rate: u.rate, households_covered: u.households_covered, population_covered: u.population_covered, elderly_covered: u.elderly_covered });
        }
        return { version: report.data_version, byCode };
      });
    this.#coverageByCode.set(key, { version: current, rows });
    rows.catch(() => {
      if (this.#coverageByCode.get(key)?.rows === rows) this.#coverageByCode.delete(key);
    });
    while (this.#coverageByCode.size > this.#cacheSize) this.#coverageByCode.delete(this.#coverageByCode.keys().next().value!);
    return rows;
  }

  /**
   * The layer index for the current (or given) data version, built on first use; with a coverage rule,
   * the same index plus the rule's figures at the index's data version.
   */
  async layer(q: TileLayerQuery, version?: string): Promise<LayerIndex> {
    const def = tileCollection(q.collection);
    if (q.coverage && def.id !== 'communities') throw new InputError('type', `coverage properties exist only on communities tiles, not on ${def.id}`);
    let v = version ?? (await this.dataVersion());
    if (!q.coverage) return this.#index(def, v);
    // Bad coverage input fails here, before any index or figures are cached.
    this.coverage.resolveRule(await this.coverage.snapshot(), q.coverage.types, q.coverage.reachMeters);
    for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt += 1) {
      const figures = await this.#coverageFigures(q.coverage, v);
      const layer = await this.#index(def, figures.version);
      // A write between the two reads: again at the newer version, so figures and shapes share one.
      if (layer.version !== figures.version) {
        v = BigInt(layer.version) > BigInt(figures.version) ? layer.version : figures.version;
        continue;
      }
      return { ...layer, fields: tileFields(def, TILE_PROPERTIES[def.id]!, true), coverage: figures.byCode };
    }
    throw new Error(`the data kept changing while building ${def.id} tiles (${BUILD_ATTEMPTS} attempts)`);
  }

  /** The index of a collection's features (no coverage) at a data version, from the LRU or built. */
  #index(def: CollectionDef, v: string): Promise<LayerIndex> {
    const key = indexKey(v, def);
    const hit = this.#indexes.get(key);
    if (hit) {
      this.#indexes.delete(key); // re-insert: most recently used last
      this.#indexes.set(key, hit);
      return hit.index;
    }
    const current = BigInt(v);
    // Versions only grow: indexes of older ones can never be asked for again.
    for (const [k, entry] of this.#indexes) if (entry.version < current) this.#indexes.delete(k);
    const index = this.#build(def);
    const entry: { version: bigint; index: Promise<LayerIndex>; built?: GeoJSONVT } = { version: current, index };
    this.#indexes.set(key, entry);
    index.then((layer) => {
      entry.built = layer.index;
    }, () => {
      if (this.#indexes.get(key)?.index === index) this.#indexes.delete(key);
    });
    while (this.#indexes.size > this.#cacheSize) this.#indexes.delete(this.#indexes.keys().next().value!);
    return index;
  }

  async #build(def: CollectionDef): Promise<LayerIndex> {
    const columns = TILE_PROPERTIES[def.id]!;
    const t0 = performance.now();
    const read = await readLayerFeatures(this.db, def, columns);
    const readMs = performance.now() - t0;
    const t1 = performance.now();
    const data: FeatureCollection = { type: 'FeatureCollection', features: read.features };
    const index = new GeoJSONVT(data, { maxZoom: TILE_MAX_ZOOM, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 3 });
    const buildMs = performance.now() - t1;
    buildCounts.tileIndexes += 1;
    return {
      version: read.version,
      collection: def,
      index,
      featureCount: read.features.length,
      bounds: featureBounds(read.features),
      fields: tileFields(def, columns, false),
      readMs,
      buildMs,
    };
  }
}

function indexKey(version: string, def: CollectionDef): string {
  return JSON.stringify([version, def.id]);
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
  return clampLat([w, s, e, n]);
}

function clampLat([w, s, e, n]: [number, number, number, number]): [number, number, number, number] {
  return [w, Math.max(s, -WEB_MERCATOR_MAX_LAT), e, Math.min(n, WEB_MERCATOR_MAX_LAT)];
}
