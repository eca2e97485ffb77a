// Facilities as circles (vector tiles, layer `facilities`): colour = type (palette.ts), size = the
// type's level (district > street > community), hollow when planned, faded when closed; the
// further types that share a primary type's colour get a dark ring (palette.ts, isRingedType). The type
// picker sets the layer filter.
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { FacilityLevel, FacilityTypeProperties } from '../../types.ts';
import { matchExpression } from '../expressions.ts';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { FACILITY_RING_COLOR, MAP_COLORS, UNKNOWN_TYPE_COLOR, facilityTypeColor, isRingedType } from '../palette.ts';

export type FacilityTypeRef = Pick<FacilityTypeProperties, 'code' | 'level'>;

export interface FacilityLayerOptions {
  /** The facility-type catalogue (order is kept in the colour expression). */
  types: readonly FacilityTypeRef[];
  /** Show only this type; null or undefined shows all. @defaultValue null */
  selectedType?: string | null;
  /** @defaultValue true */
  visible?: boolean;
}

/** The zooms at which circle sizes are given; sizes interpolate linearly in between. */
export const FACILITY_RADIUS_ZOOMS = [10, 13, 16] as const;

/** Circle radius in pixels at each of FACILITY_RADIUS_ZOOMS, per level: small at city scale. */
export const FACILITY_RADIUS_PX: Readonly<Record<FacilityLevel, readonly [number, number, number]>> = {
  district: [3.5, 6, 12],
  street: [2.5, 4.2, 9],
  community: [1.6, 2.8, 6.5],
};

const TYPE: ExpressionSpecification = ['get', 'type'];
const IS_PLANNED: ExpressionSpecification = ['==', ['get', 'status'], 'planned'];
const IS_CLOSED: ExpressionSpecification = ['==', ['get', 'status'], 'closed'];

/**
 * The feature-state that hides a baseline facility a scenario moves or closes (the scenario layer
 * draws it instead). A state, not a filter (#16): MapLibre re-parses every facility tile on a
 * filter change, so each scenario edit reloaded the whole source.
 */
export const HIDDEN_STATE = 'hidden';
export const IS_HIDDEN: ExpressionSpecification = ['boolean', ['feature-state', HIDDEN_STATE], false];

/** False for a baseline facility hidden by HIDDEN_STATE: drawn transparent, but still found by queryRenderedFeatures. */
export function isShown(feature: { state?: Record<string, unknown> }): boolean {
  return feature.state?.[HIDDEN_STATE] !== true;
}

/** `['match', ['get','type'], code, colour, ..., unknown]` over the catalogue. */
export function facilityColorExpression(types: readonly Pick<FacilityTypeRef, 'code'>[]): DataDrivenPropertyValueSpecification<string> {
  const pairs = types.map((type) => [type.code, facilityTypeColor(type.code)] as const);
  return matchExpression(TYPE, pairs, UNKNOWN_TYPE_COLOR) as DataDrivenPropertyValueSpecification<string>;
}

/** The filter for the type picker: null means no filter (all types). */
export function facilityTypeFilter(selectedType: string | null | undefined): FilterSpecification | null {
  return typeExpression(selectedType);
}

function typeExpression(selectedType: string | null | undefined): ExpressionSpecification | null {
  if (selectedType === null || selectedType === undefined || selectedType === '') return null;
  return ['==', TYPE, selectedType];
}

/**
 * The type filter, and leaving out the given codes (a scenario draws those itself); null = none.
 * The main map hides those codes by HIDDEN_STATE instead; this stays for maps without states.
 */
export function facilityFilter(selectedType: string | null | undefined, hiddenCodes: readonly string[] = []): FilterSpecification | null {
  const byType = typeExpression(selectedType);
  if (hiddenCodes.length === 0) return byType;
  const notHidden: ExpressionSpecification = ['!', ['in', ['get', 'code'], ['literal', [...hiddenCodes]]]];
  return byType ? ['all', byType, notHidden] : notHidden;
}

function radiusAt(types: readonly FacilityTypeRef[], stop: 0 | 1 | 2): ExpressionSpecification | number {
  const pairs = types.map((type) => [type.code, FACILITY_RADIUS_PX[type.level][stop]] as const);
  return matchExpression(TYPE, pairs, FACILITY_RADIUS_PX.community[stop]);
}

function levelRank(types: readonly FacilityTypeRef[]): ExpressionSpecification | number {
  const rank: Record<FacilityLevel, number> = { district: 0, street: 1, community: 2 };
  return matchExpression(TYPE, types.map((type) => [type.code, rank[type.level]] as const), 2);
}

/** True (as an expression) for the types drawn with the dark ring; false when none is. */
function isRinged(types: readonly Pick<FacilityTypeRef, 'code'>[]): ExpressionSpecification | boolean {
  const ringed = types.filter((type) => isRingedType(type.code)).map((type) => type.code);
  return ringed.length === 0 ? false : ['in', TYPE, ['literal', ringed]];
}

/** Circle paint shared by the facility layer and the scenario layer (same symbols). */
export function facilityCirclePaint(types: readonly FacilityTypeRef[]): Record<string, unknown> {
  const color = facilityColorExpression(types);
  const ringed = isRinged(types);
  return {
    'circle-radius': [
      'interpolate', ['linear'], ['zoom'],
      FACILITY_RADIUS_ZOOMS[0], radiusAt(types, 0),
      FACILITY_RADIUS_ZOOMS[1], radiusAt(types, 1),
      FACILITY_RADIUS_ZOOMS[2], radiusAt(types, 2),
    ],
    'circle-color': ['case', IS_PLANNED, MAP_COLORS.facilityHalo, color] as ExpressionSpecification,
    'circle-stroke-color': ['case', IS_PLANNED, color, ringed, FACILITY_RING_COLOR, MAP_COLORS.facilityOutline] as ExpressionSpecification,
    'circle-stroke-width': [
      'interpolate', ['linear'], ['zoom'],
      10, ['case', IS_PLANNED, 1.2, ringed, 1, 0.4],
      14, ['case', IS_PLANNED, 2, ringed, 1.8, 0.8],
    ],
    'circle-opacity': ['case', IS_CLOSED, 0.35, 1],
    'circle-stroke-opacity': ['case', IS_CLOSED, 0.35, 1],
  };
}

/** The facility layer's paint: the shared circles, invisible while HIDDEN_STATE is set. */
function baselineCirclePaint(types: readonly FacilityTypeRef[]): Record<string, unknown> {
  return {
    ...facilityCirclePaint(types),
    'circle-opacity': ['case', IS_HIDDEN, 0, IS_CLOSED, 0.35, 1],
    'circle-stroke-opacity': ['case', IS_HIDDEN, 0, IS_CLOSED, 0.35, 1],
  };
}

/** Bigger (higher-level) circles first, so small ones stay clickable on top. */
export function facilitySortKey(types: readonly FacilityTypeRef[]): ExpressionSpecification | number {
  return levelRank(types);
}

/**
 * The facility circle layer.
 *
 * @example
 * facilityLayers({ types: catalogue, selectedType: 'health_station' })
 * // → [{ id: 'facilities-circle', type: 'circle', filter: ['==', ['get','type'], 'health_station'], ... }]
 */
export function facilityLayers(options: FacilityLayerOptions): LayerSpecification[] {
  // Input validation
  if (!Array.isArray(options.types)) throw new Error('facilityLayers: options.types must be an array of facility types');

  // Hidden codes are feature-states (bind-state.ts), not part of the filter.
  const filter = facilityFilter(options.selectedType);
  return [
    {
      id: LAYER_IDS.facilitiesCircle,
      type: 'circle',
      source: SOURCE_IDS.facilities,
      'source-layer': SOURCE_IDS.facilities,
      ...(filter ? { filter } : {}),
      layout: {
        visibility: options.visible === false ? 'none' : 'visible',
        'circle-sort-key': facilitySortKey(options.types),
      },
      paint: baselineCirclePaint(options.types),
    } as LayerSpecification,
  ];
}
