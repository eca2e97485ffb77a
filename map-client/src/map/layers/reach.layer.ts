// Reach areas. Straight-line: a disc of the type's reach (metres) around each open facility of the
// selected type, drawn as a circle layer whose pixel radius follows the zoom exactly (Web Mercator
// scale at the city's latitude), so thousands of facilities cost no geometry; scenario facilities
// get the same discs from the scenario source. Walking: the API's reach areas along the streets
// (GET /api/coverage/reach?mode=walk) as polygons in the `reach` source.
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';
import { IS_HIDDEN } from './facilities.layer.ts';

/** WGS 84 semi-major axis: Web Mercator's sphere radius, in metres. */
const EARTH_RADIUS_M = 6_378_137;
/** MapLibre's world is 512 px wide at zoom 0. */
const WORLD_PX = 512;
const MAX_ZOOM = 24;

/**
 * Pixels per metre at zoom 0 and latitude `lat` (Web Mercator scale 1 / cos φ).
 *
 * @example
 * pixelsPerMetreAtZoom0(0) // → 512 / 40 075 016.7 ≈ 1.2776e-5
 */
export function pixelsPerMetreAtZoom0(lat: number): number {
  // Input validation
  if (!Number.isFinite(lat) || Math.abs(lat) >= 85.06) throw new Error(`pixelsPerMetreAtZoom0: lat must be within ±85.05°, got ${lat}`);
  return WORLD_PX / (2 * Math.PI * EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180));
}

/**
 * A circle radius (px) that is `metres` on the ground at every zoom: exponential base 2 between
 * zoom 0 and 24 gives r₀·2^z exactly.
 */
export function metresRadiusExpression(metres: number, lat: number): ExpressionSpecification {
  const r0 = metres * pixelsPerMetreAtZoom0(lat);
  return ['interpolate', ['exponential', 2], ['zoom'], 0, r0, MAX_ZOOM, r0 * 2 ** MAX_ZOOM];
}

export interface ReachLayerOptions {
  /** The selected type, or null (no reach areas). */
  type: string | null;
  /** The type's reach in metres. */
  reachM: number;
  /** Latitude the city sits at (for the Mercator scale). */
  lat: number;
  /** @defaultValue true */
  visible?: boolean;
  /** Straight-line discs or walking areas. @defaultValue 'straight' */
  mode?: 'straight' | 'walk';
}

const OPEN: ExpressionSpecification = ['==', ['get', 'status'], 'open'];

/** Disc fill and ring opacity when shown. */
export const DISC_OPACITY = 0.14;
export const DISC_STROKE_OPACITY = 0.55;
export const AREA_OPACITY = 0.14;
export const AREA_LINE_OPACITY = 0.55;

function disc(id: string, source: string, sourceLayer: string | null, filter: FilterSpecification, radius: ExpressionSpecification, visible: boolean): LayerSpecification {
  // A facility a scenario moves or closes (feature-state, see facilities.layer.ts) gets no disc.
  const hiddenOr = (color: string): ExpressionSpecification => ['case', IS_HIDDEN, 'rgba(0,0,0,0)', color];
  return {
    id,
    type: 'circle',
    source,
    ...(sourceLayer ? { 'source-layer': sourceLayer } : {}),
    filter,
    paint: {
      'circle-radius': radius,
      'circle-color': hiddenOr(MAP_COLORS.reachFill),
      'circle-opacity': visible ? DISC_OPACITY : 0,
      'circle-stroke-color': hiddenOr(MAP_COLORS.reachLine),
      'circle-stroke-width': 1,
      'circle-stroke-opacity': visible ? DISC_STROKE_OPACITY : 0,
      'circle-pitch-alignment': 'map',
    },
  } as LayerSpecification;
}

/**
 * The reach discs: open facilities of the type from the tiles, and the scenario's own; and the
 * walking areas. Shown or not by a constant opacity, never by `visibility` or a filter (#16):
 * MapLibre re-parses every tile of the source on those, so a mode switch or scenario edit
 * reloaded all facility tiles; a constant opacity of 0 is skipped when drawing (draw_circle.ts).
 * Only the type filter and radius change, with the type.
 *
 * @example
 * reachLayers({ type: 'health_station', reachM: 300, lat: 36.78 })
 */
export function reachLayers(options: ReachLayerOptions): LayerSpecification[] {
  const shown = options.visible !== false && options.type !== null;
  const walk = options.mode === 'walk';
  const discs = shown && !walk;
  const areas = shown && walk;
  const type = options.type ?? '';
  const radius = metresRadiusExpression(options.reachM, options.lat);
  const ofType: FilterSpecification = ['all', ['==', ['get', 'type'], type], OPEN];
  return [
    {
      id: LAYER_IDS.reachFill,
      type: 'fill',
      source: SOURCE_IDS.reach,
      paint: { 'fill-color': MAP_COLORS.reachFill, 'fill-opacity': areas ? AREA_OPACITY : 0 },
    },
    {
      id: LAYER_IDS.reachLine,
      type: 'line',
      source: SOURCE_IDS.reach,
      layout: { 'line-join': 'miter' },
      paint: { 'line-color': MAP_COLORS.reachLine, 'line-width': 1, 'line-opacity': areas ? AREA_LINE_OPACITY : 0 },
    },
    disc(LAYER_IDS.reachCircle, SOURCE_IDS.facilities, SOURCE_IDS.facilities, ofType, radius, discs),
    disc(LAYER_IDS.reachScenario, SOURCE_IDS.scenario, null, ofType, radius, discs),
  ];
}

/** The paint properties that show or hide a reach layer. */
export type ReachOpacityProperty = 'fill-opacity' | 'line-opacity' | 'circle-opacity' | 'circle-stroke-opacity';

/** The opacity paint of each reach layer, for a shown state (bind-state.ts sets these). */
export function reachOpacities(options: Pick<ReachLayerOptions, 'type' | 'visible' | 'mode'>): Array<[string, ReachOpacityProperty, number]> {
  const shown = options.visible !== false && options.type !== null;
  const discs = shown && options.mode !== 'walk';
  const areas = shown && options.mode === 'walk';
  return [
    [LAYER_IDS.reachFill, 'fill-opacity', areas ? AREA_OPACITY : 0],
    [LAYER_IDS.reachLine, 'line-opacity', areas ? AREA_LINE_OPACITY : 0],
    ...[LAYER_IDS.reachCircle, LAYER_IDS.reachScenario].flatMap((id): Array<[string, ReachOpacityProperty, number]> => [
      [id, 'circle-opacity', discs ? DISC_OPACITY : 0],
      [id, 'circle-stroke-opacity', discs ? DISC_STROKE_OPACITY : 0],
    ]),
  ];
}
