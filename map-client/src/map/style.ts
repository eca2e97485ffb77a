// The whole map style as data. Offline by default: a plain background, our API's vector tiles
// (communities, facilities, buildings: they scale to city size) and GeoJSON sources filled by
// setData (districts, streets, label points, gaps, scenario, proposals). No sprite and no `glyphs`
// URL: MapLibre then draws label glyphs locally (labels.layer.ts). An optional raster basemap
// goes beneath everything.
import type {
  GeoJSONSourceSpecification,
  LayerSpecification,
  RasterSourceSpecification,
  SourceSpecification,
  StyleSpecification,
  VectorSourceSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { attributionFor, type DatasetId } from './attribution.ts';
import { HIDDEN_BY_DEFAULT, LAYER_GROUPS, LAYER_IDS, SOURCE_IDS, TILE_SOURCES, type LayerGroup } from './ids.ts';
import { buildingLayers } from './layers/buildings.layer.ts';
import { communityHighlightLayer, communityLayers } from './layers/communities.layer.ts';
import { districtBoundaryLayers, streetBoundaryLayers } from './layers/boundaries.layer.ts';
import { facilityLayers, type FacilityTypeRef } from './layers/facilities.layer.ts';
import { gapLayers } from './layers/gaps.layer.ts';
import { nearbyLayers } from './layers/nearby.layer.ts';
import { offlineBasemapAreaLayers, offlineBasemapLabelLayers, offlineBasemapLineLayers } from './layers/offline-basemap.layer.ts';
import type { Lang } from '../i18n.ts';
import { labelLayers } from './layers/labels.layer.ts';
import { proposalLayers } from './layers/proposals.layer.ts';
import { reachLayers } from './layers/reach.layer.ts';
import { scenarioLayers } from './layers/scenario.layer.ts';
import { MAP_COLORS } from './palette.ts';
import type { SequentialScale } from './scales.ts';

/** A raster basemap beneath our layers (XYZ tile URLs). */
export interface RasterBasemap {
  tiles: readonly string[];
  /** @defaultValue 256 */
  tileSize?: number;
  /** Credit shown by the attribution control (a constant from config, rendered as HTML). */
  attribution?: string;
  /** @defaultValue 19 */
  maxzoom?: number;
}

export interface MapStyleOptions {
  /** Absolute URL of the API root, ending in `/` (e.g. `http://host/api/`): tiles are fetched from it. */
  apiBase: string;
  /** The facility-type catalogue, for colours and sizes. */
  types: readonly FacilityTypeRef[];
  /** @defaultValue null (all types) */
  selectedType?: string | null;
  /** Which layer groups are shown. @defaultValue all but HIDDEN_BY_DEFAULT */
  visible?: Partial<Record<LayerGroup, boolean>>;
  /** Colour communities by this scale (feature-state `value`). @defaultValue null (neutral) */
  scale?: SequentialScale | null;
  /** Reach discs of the selected type: its reach and the city's latitude. @defaultValue none */
  reach?: { reachM: number; lat: number } | null;
  /** Straight-line discs or walking reach areas. @defaultValue 'straight' */
  mode?: 'straight' | 'walk';
  /** Datasets credited by the attribution control. @defaultValue ['demo'] */
  datasets?: readonly DatasetId[];
  /** @defaultValue null (offline: background colour only) */
  basemap?: RasterBasemap | null;
  /** Something shows beneath (a basemap): lighter community fills. @defaultValue true with a basemap */
  overBasemap?: boolean;
  /**
   * The offline basemap from our own data (streets, water, green, footprints, names; /api/tiles/basemap).
   * @defaultValue true unless an online basemap is configured (overBasemap)
   */
  offlineBasemap?: boolean;
  /** The language of the basemap's names. @defaultValue 'zh-CN' */
  lang?: Lang;
}

function emptyGeoJson(attribution?: string, promoteId?: string): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    ...(attribution ? { attribution } : {}),
    ...(promoteId ? { promoteId } : {}),
  };
}

/** A vector source on the API's TileJSON for a collection; features keyed by `code`. */
export function tileSource(apiBase: string, collection: string, attribution: string): VectorSourceSpecification {
  // Input validation
  if (!/^https?:\/\/.+\/$/.test(apiBase)) throw new Error(`tileSource: apiBase must be an absolute URL ending in /, got ${JSON.stringify(apiBase)}`);
  return { type: 'vector', url: `${apiBase}tiles/${collection}.json`, promoteId: 'code', attribution, ...TILE_SIZE };
}

/**
 * Our vector tiles are drawn 512 px wide (#16): a quarter of the tiles for the same view, so a
 * quarter of the requests, per-tile draw calls and clipped polygon pieces; the API's tiles keep
 * enough detail for it (4096 units, simplified for their zoom).
 */
export const VECTOR_TILE_SIZE = 512;
// The style spec lists tileSize for raster sources only; MapLibre's vector source reads it too.
const TILE_SIZE = { tileSize: VECTOR_TILE_SIZE } as Partial<VectorSourceSpecification>;

/** The visibility of every group: given values, else shown unless hidden by default. */
export function resolveVisibility(visible: Partial<Record<LayerGroup, boolean>> = {}): Record<LayerGroup, boolean> {
  return Object.fromEntries(
    LAYER_GROUPS.map((group) => [group, visible[group] ?? !HIDDEN_BY_DEFAULT.includes(group)]),
  ) as Record<LayerGroup, boolean>;
}

/**
 * Builds the style, bottom to top: background, basemap (online raster; or the offline one's green
 * and campus areas), community fill and outline, the offline basemap's water, footprints, streets
 * and railways, gap areas,
 * reach discs, street and district lines, community highlight, buildings, uncovered buildings,
 * facilities, scenario facilities, proposals, labels.
 *
 * @example
 * new maplibregl.Map({ container, style: buildMapStyle({ apiBase: 'http://127.0.0.1:3000/api/', types: [] }) });
 */
export function buildMapStyle(options: MapStyleOptions): StyleSpecification {
  const visible = resolveVisibility(options.visible);
  const attribution = attributionFor(options.datasets ?? ['demo']);
  const basemap = options.basemap ?? null;
  const gaps = gapLayers({ visible: visible.gaps });
  const selectedType = options.selectedType ?? null;
  const overBasemap = options.overBasemap ?? basemap !== null;
  const offline = options.offlineBasemap ?? !overBasemap;
  const offlineOptions = { visible: visible.basemap, lang: options.lang ?? 'zh-CN' } as const;

  const layers: LayerSpecification[] = [
    { id: LAYER_IDS.background, type: 'background', paint: { 'background-color': MAP_COLORS.background } },
    ...(basemap ? [{ id: LAYER_IDS.basemap, type: 'raster', source: SOURCE_IDS.basemap } as LayerSpecification] : []),
    ...(offline ? offlineBasemapAreaLayers(offlineOptions) : []),
    ...communityLayers({ visible: visible.communities, scale: options.scale ?? null, opacity: overBasemap ? 0.7 : 0.9 }),
    ...(offline ? offlineBasemapLineLayers(offlineOptions) : []),
    ...gaps.areas,
    ...reachLayers({
      type: options.reach ? selectedType : null,
      reachM: options.reach?.reachM ?? 0,
      lat: options.reach?.lat ?? 0,
      visible: visible.reach,
      mode: options.mode ?? 'straight',
    }),
    ...streetBoundaryLayers({ visible: visible.streets }),
    ...districtBoundaryLayers({ visible: visible.districts }),
    communityHighlightLayer({ visible: visible.communities }),
    ...buildingLayers({ visible: visible.buildings }),
    gaps.buildings,
    ...nearbyLayers().routes,
    ...facilityLayers({ types: options.types, selectedType, visible: visible.facilities }),
    ...scenarioLayers({ types: options.types, selectedType }),
    ...proposalLayers(),
    ...(offline ? offlineBasemapLabelLayers(offlineOptions) : []),
    ...labelLayers({ visible: visible.labels }),
    nearbyLayers().origin,
  ];

  const sources: Record<string, SourceSpecification> = {};
  if (basemap) {
    const raster: RasterSourceSpecification = {
      type: 'raster',
      tiles: [...basemap.tiles],
      tileSize: basemap.tileSize ?? 256,
      maxzoom: basemap.maxzoom ?? 19,
      ...(basemap.attribution ? { attribution: basemap.attribution } : {}),
    };
    sources[SOURCE_IDS.basemap] = raster;
  }
  for (const id of TILE_SOURCES) sources[id] = tileSource(options.apiBase, id, attribution);
  if (offline) sources[SOURCE_IDS.offlineBasemap] = { type: 'vector', url: `${options.apiBase}tiles/basemap.json`, attribution, ...TILE_SIZE };
  sources[SOURCE_IDS.districts] = emptyGeoJson(attribution, 'code');
  sources[SOURCE_IDS.streets] = emptyGeoJson(attribution, 'code');
  sources[SOURCE_IDS.labels] = emptyGeoJson();
  sources[SOURCE_IDS.gaps] = emptyGeoJson();
  sources[SOURCE_IDS.reach] = emptyGeoJson();
  sources[SOURCE_IDS.scenario] = emptyGeoJson(undefined, 'code');
  sources[SOURCE_IDS.proposals] = emptyGeoJson();
  sources[SOURCE_IDS.nearby] = emptyGeoJson();

  // No paint transitions: a recolour or a type switch is drawn once, not animated over 300 ms of
  // extra frames (#16: with software WebGL a city frame costs 0.3–1 s).
  return { version: 8, name: 'lifecircle', sources, layers, transition: { duration: 0, delay: 0 } };
}
