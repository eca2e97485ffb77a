// Facilities as circles: colour = type (palette.ts), size = the type's level (district > street >
// community), hollow when planned, faded when closed. The type picker sets the layer filter.
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { FacilityLevel, FacilityTypeProperties } from '../../types.ts';
import { matchExpression } from '../expressions.ts';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS, UNKNOWN_TYPE_COLOR, facilityTypeColor } from '../palette.ts';

export type FacilityTypeRef = Pick<FacilityTypeProperties, 'code' | 'level'>;

export interface FacilityLayerOptions {
  /** The facility-type catalogue (order is kept in the colour expression). */
  types: readonly FacilityTypeRef[];
  /** Show only this type; null or undefined shows all. @defaultValue null */
  selectedType?: string | null;
  /** @defaultValue true */
  visible?: boolean;
}

/** Circle radius in pixels at zoom 11 and zoom 16, per level. */
export const FACILITY_RADIUS_PX: Readonly<Record<FacilityLevel, readonly [number, number]>> = {
  district: [6, 12],
  street: [4.5, 9],
  community: [3, 6.5],
};

const TYPE: ExpressionSpecification = ['get', 'type'];
const IS_PLANNED: ExpressionSpecification = ['==', ['get', 'status'], 'planned'];
const IS_CLOSED: ExpressionSpecification = ['==', ['get', 'status'], 'closed'];

/** `['match', ['get','type'], code, colour, ..., unknown]` over the catalogue. */
export function facilityColorExpression(types: readonly Pick<FacilityTypeRef, 'code'>[]): DataDrivenPropertyValueSpecification<string> {
  const pairs = types.map((type) => [type.code, facilityTypeColor(type.code)] as const);
  return matchExpression(TYPE, pairs, UNKNOWN_TYPE_COLOR) as DataDrivenPropertyValueSpecification<string>;
}

/** The filter for the type picker: null means no filter (all types). */
export function facilityTypeFilter(selectedType: string | null | undefined): FilterSpecification | null {
  if (selectedType === null || selectedType === undefined || selectedType === '') return null;
  return ['==', TYPE, selectedType];
}

function radiusAt(types: readonly FacilityTypeRef[], stop: 0 | 1): ExpressionSpecification | number {
  const pairs = types.map((type) => [type.code, FACILITY_RADIUS_PX[type.level][stop]] as const);
  return matchExpression(TYPE, pairs, FACILITY_RADIUS_PX.community[stop]);
}

function levelRank(types: readonly FacilityTypeRef[]): ExpressionSpecification | number {
  const rank: Record<FacilityLevel, number> = { district: 0, street: 1, community: 2 };
  return matchExpression(TYPE, types.map((type) => [type.code, rank[type.level]] as const), 2);
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

  const color = facilityColorExpression(options.types);
  const filter = facilityTypeFilter(options.selectedType);
  return [
    {
      id: LAYER_IDS.facilitiesCircle,
      type: 'circle',
      source: SOURCE_IDS.facilities,
      ...(filter ? { filter } : {}),
      layout: {
        visibility: options.visible === false ? 'none' : 'visible',
        // Bigger (higher-level) circles first, so small ones stay clickable on top.
        'circle-sort-key': levelRank(options.types),
      },
      paint: {
        'circle-radius': [
          'interpolate', ['linear'], ['zoom'],
          11, radiusAt(options.types, 0),
          16, radiusAt(options.types, 1),
        ],
        'circle-color': ['case', IS_PLANNED, MAP_COLORS.facilityHalo, color] as ExpressionSpecification,
        'circle-stroke-color': ['case', IS_PLANNED, color, MAP_COLORS.facilityOutline] as ExpressionSpecification,
        'circle-stroke-width': ['case', IS_PLANNED, 2, 0.8],
        'circle-opacity': ['case', IS_CLOSED, 0.35, 1],
        'circle-stroke-opacity': ['case', IS_CLOSED, 0.35, 1],
      },
    },
  ];
}
