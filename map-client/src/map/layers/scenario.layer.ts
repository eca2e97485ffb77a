// A scenario's own facilities (GeoJSON built from its changes): added and moved ones drawn like
// facilities with a dark ring, closed ones faded with the ring dashed-looking (thin).
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';
import { facilityCirclePaint, facilityFilter, type FacilityTypeRef } from './facilities.layer.ts';

export function scenarioLayers(options: { types: readonly FacilityTypeRef[]; selectedType?: string | null }): LayerSpecification[] {
  const filter = facilityFilter(options.selectedType ?? null);
  const paint = facilityCirclePaint(options.types);
  return [
    {
      id: LAYER_IDS.scenarioCircle,
      type: 'circle',
      source: SOURCE_IDS.scenario,
      ...(filter ? { filter } : {}),
      paint: {
        ...paint,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 13, 6, 16, 10],
        'circle-stroke-color': MAP_COLORS.scenarioRing,
        'circle-stroke-width': ['case', ['==', ['get', 'status'], 'closed'], 1, 2.5],
      },
    } as LayerSpecification,
  ];
}
