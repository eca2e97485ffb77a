// Gaps of the focused unit (GET /api/coverage/gaps): uncovered areas (community minus reach) as a
// translucent vermillion fill with a dashed edge, uncovered buildings as dots.
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';

export interface GapLayerOptions {
  /** @defaultValue true */
  visible?: boolean;
}

export function gapLayers(options: GapLayerOptions = {}): { areas: LayerSpecification[]; buildings: LayerSpecification } {
  const visibility = options.visible === false ? 'none' : 'visible';
  return {
    areas: [
      {
        id: LAYER_IDS.gapsFill,
        type: 'fill',
        source: SOURCE_IDS.gaps,
        filter: ['==', ['get', 'kind'], 'uncovered_area'],
        layout: { visibility },
        paint: { 'fill-color': MAP_COLORS.gap, 'fill-opacity': 0.35 },
      },
      {
        id: LAYER_IDS.gapsOutline,
        type: 'line',
        source: SOURCE_IDS.gaps,
        filter: ['==', ['get', 'kind'], 'uncovered_area'],
        layout: { visibility, 'line-join': 'round' },
        paint: { 'line-color': MAP_COLORS.gap, 'line-width': 1.2, 'line-dasharray': [2, 1.5] },
      },
    ],
    buildings: {
      id: LAYER_IDS.gapsBuildings,
      type: 'circle',
      source: SOURCE_IDS.gaps,
      filter: ['==', ['get', 'kind'], 'uncovered_building'],
      layout: { visibility },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 2, 16, 5],
        'circle-color': MAP_COLORS.gap,
        'circle-stroke-color': '#FFFFFF',
        'circle-stroke-width': 1,
      },
    },
  };
}
