// "What is near": the asked point (a dark ring on top of everything) and the walking routes to
// the nearest facilities (a line in the facility type's colour on a white casing; the chosen one
// wider and opaque). Features come from nearby-model.ts (properties `role`, `color`, `chosen`).
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';

const ROUTE = ['==', ['get', 'role'], 'route'];

export function nearbyLayers(): { routes: LayerSpecification[]; origin: LayerSpecification } {
  const chosen = ['boolean', ['get', 'chosen'], false];
  return {
    routes: [
      {
        id: LAYER_IDS.nearbyRouteCasing,
        type: 'line',
        source: SOURCE_IDS.nearby,
        filter: ROUTE as never,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#FFFFFF', 'line-width': ['case', chosen, 9, 5] as never, 'line-opacity': ['case', chosen, 1, 0.7] as never },
      },
      {
        id: LAYER_IDS.nearbyRoute,
        type: 'line',
        source: SOURCE_IDS.nearby,
        filter: ROUTE as never,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': ['get', 'color'] as never,
          'line-width': ['case', chosen, 5, 2.5] as never,
          'line-opacity': ['case', chosen, 1, 0.75] as never,
        },
      },
    ],
    origin: {
      id: LAYER_IDS.nearbyOrigin,
      type: 'circle',
      source: SOURCE_IDS.nearby,
      filter: ['==', ['get', 'role'], 'origin'],
      paint: { 'circle-radius': 7, 'circle-color': '#1A1A1A', 'circle-stroke-color': '#FFFFFF', 'circle-stroke-width': 3 },
    },
  };
}
