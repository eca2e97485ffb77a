/**
 * The offline basemap as vector tiles (#17): streets (with names, by kind) and railways from the
 * network lines, and water, waterways, green space, campuses, building footprints and place names
 * from basemap_feature, whatever the loaded city provided (the demo generator's river, an OSM
 * extract's areas). One MVT per tile with a layer per kind (BASEMAP_LAYERS), cut in TypeScript like
 * the collection tiles (geojson-vt + vt-pbf), so both backends take one path. Indexes are built per
 * data version: any write to the city bumps it.
 */
import type { Feature, Geometry } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Db } from '../db/connect.ts';
import { readBasemapFeatures, type BasemapFeatureProps } from '../db/basemap-features.ts';
import { currentDataVersion } from './coverage-snapshot.ts';
import { TILE_EXTENT, TILE_MAX_ZOOM } from './tiles.ts';

/** Tile layers, bottom to top as a style would draw them. */
export const BASEMAP_LAYERS = ['water', 'waterway', 'green', 'campus', 'building', 'rail', 'road', 'place'] as const;
export type BasemapLayer = (typeof BASEMAP_LAYERS)[number];

/** Each layer's fields (all strings). */
export const BASEMAP_FIELDS = { class: 'String', name: 'String', name_en: 'String' } as const;

const LAYER_DESCRIPTIONS: Record<BasemapLayer, string> = {
  water: 'Water areas (rivers, lakes, ponds)',
  waterway: 'Rivers and canals as lines, named',
  green: 'Parks, gardens, pitches, grass and woods',
  campus: 'University, school and hospital grounds',
  building: 'Building footprints (class = the building kind)',
  rail: 'Railways and metro lines',
  road: 'Streets and paths by kind (class: primary, secondary, residential, footway, …), named',
  place: 'Place names: one point per named place or area',
};

const MAX_CUT_TILES = 40_000;

export interface BasemapIndex {
  version: string;
  layers: Map<BasemapLayer, GeoJSONVT>;
  counts: Record<BasemapLayer, number>;
  bounds: [number, number, number, number] | null;
}

function bboxOf(features: ReadonlyArray<Feature<Geometry>>): [number, number, number, number] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
      return;
    }
    for (const inner of c as unknown[]) visit(inner);
  };
  for (const f of features) if (f.geometry.type !== 'GeometryCollection') visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

export class BasemapTileService {
  #index: { version: string; index: Promise<BasemapIndex> } | null = null;

  constructor(private readonly db: Db) {}

  dataVersion(): Promise<string> {
    return currentDataVersion(this.db);
  }

  /** The index for the current (or given) data version, built on first use. */
  async index(version?: string): Promise<BasemapIndex> {
    const v = version ?? (await this.dataVersion());
    if (this.#index?.version !== v) {
      const index = this.#build();
      this.#index = { version: v, index };
      index.catch(() => { if (this.#index?.index === index) this.#index = null; });
    }
    return this.#index.index;
  }

  async #build(): Promise<BasemapIndex> {
    const read = await readBasemapFeatures(this.db);
    const byLayer = new Map<BasemapLayer, Array<Feature<Geometry, BasemapFeatureProps>>>(BASEMAP_LAYERS.map((l) => [l, []]));
    for (const f of read.features) byLayer.get(f.properties.layer as BasemapLayer)?.push(f);
    const layers = new Map<BasemapLayer, GeoJSONVT>();
    const counts = Object.fromEntries(BASEMAP_LAYERS.map((l) => [l, 0])) as Record<BasemapLayer, number>;
    for (const [layer, features] of byLayer) {
      counts[layer] = features.length;
      if (features.length === 0) continue;
      const data = {
        type: 'FeatureCollection' as const,
        features: features.map((f) => ({ ...f, properties: { class: f.properties.class, name: f.properties.name ?? '', name_en: f.properties.name_en ?? '' } })),
      };
      layers.set(layer, new GeoJSONVT(data as never, { maxZoom: TILE_MAX_ZOOM, extent: TILE_EXTENT, buffer: 64, tolerance: 3 }));
    }
    return { version: read.version, layers, counts, bounds: bboxOf(read.features) };
  }

  /** One tile (MVT bytes, a layer per kind present), or null when nothing touches it. */
  async tile(z: number, x: number, y: number, version?: string): Promise<{ version: string; data: Uint8Array | null }> {
    const index = await this.index(version);
    const tiles: Record<string, ReturnType<GeoJSONVT['getTile']>> = {};
    for (const [layer, vt] of index.layers) {
      const tile = vt.getTile(z, x, y);
      if (tile && tile.features.length > 0) tiles[layer] = tile;
    }
    // geojson-vt keeps every tile it cuts: past a bound (a crawler), drop the index and rebuild later.
    if ([...index.layers.values()].reduce((n, vt) => n + vt.tileCoords.length, 0) > MAX_CUT_TILES) this.#index = null;
    if (Object.keys(tiles).length === 0) return { version: index.version, data: null };
    return { version: index.version, data: fromGeojsonVt(tiles as never, { version: 2, extent: TILE_EXTENT }) };
  }

  /**
   * TileJSON vector_layers: every layer, also those this city has nothing in (MapLibre refuses a
   * style layer whose source-layer the TileJSON does not list); `feature_counts` says which are empty.
   */
  vectorLayers(_index: BasemapIndex, maxzoom: number): Array<{ id: string; description: string; minzoom: number; maxzoom: number; fields: typeof BASEMAP_FIELDS }> {
    return BASEMAP_LAYERS.map((id) => ({ id, description: LAYER_DESCRIPTIONS[id], minzoom: 0, maxzoom, fields: BASEMAP_FIELDS }));
  }
}
