// Residential buildings (vector tiles, layer `buildings`) as small dots from zoom 13: the demand
// points coverage is counted at. Off by default (100 000+ at city scale).
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';

export const BUILDINGS_MIN_ZOOM = 13;

export function buildingLayers(options: { visible?: boolean } = {}): LayerSpecification[] {
  return [
    {
      id: LAYER_IDS.buildingsCircle,
      type: 'circle',
      source: SOURCE_IDS.buildings,
      'source-layer': SOURCE_IDS.buildings,
      minzoom: BUILDINGS_MIN_ZOOM,
      layout: { visibility: options.visible === true ? 'visible' : 'none' },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 1.2, 17, 4],
        'circle-color': MAP_COLORS.building,
        'circle-stroke-color': '#FFFFFF',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 13, 0, 16, 0.8],
      },
    },
  ];
}
