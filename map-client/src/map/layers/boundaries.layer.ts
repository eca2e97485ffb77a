// Administrative boundaries: streets as thin dashed lines, districts as a thick line on a
// white casing so they stay readable over community fills.
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';

export interface BoundaryLayerOptions {
  /** @defaultValue true */
  visible?: boolean;
}

export function streetBoundaryLayers(options: BoundaryLayerOptions = {}): LayerSpecification[] {
  return [
    {
      id: LAYER_IDS.streetsLine,
      type: 'line',
      source: SOURCE_IDS.streets,
      // A 1–2 px dashed line: miter joins look the same as round ones and draw fewer triangles (#16).
      layout: { visibility: options.visible === false ? 'none' : 'visible', 'line-join': 'miter' },
      paint: {
        'line-color': MAP_COLORS.streetLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 2.2],
        'line-dasharray': [3, 2],
      },
    },
  ];
}

export function districtBoundaryLayers(options: BoundaryLayerOptions = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  return [
    {
      id: LAYER_IDS.districtsCasing,
      type: 'line',
      source: SOURCE_IDS.districts,
      layout: { visibility, 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': MAP_COLORS.districtCasing,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 8],
        'line-opacity': 0.9,
      },
    },
    {
      id: LAYER_IDS.districtsLine,
      type: 'line',
      source: SOURCE_IDS.districts,
      layout: { visibility, 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': MAP_COLORS.districtLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.8, 16, 3.5],
      },
    },
  ];
}
