// Siting proposals (POST /api/siting), numbered in build order: a dark disc with the number in it.
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';
import { LABEL_FONT } from './labels.layer.ts';

/** The property carrying each proposal's build order (1 = first). */
export const RANK_PROPERTY = 'rank';

export function proposalLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER_IDS.proposalsCircle,
      type: 'circle',
      source: SOURCE_IDS.proposals,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 8, 15, 12],
        'circle-color': MAP_COLORS.proposal,
        'circle-stroke-color': '#FFFFFF',
        'circle-stroke-width': 2,
      },
    },
    {
      id: LAYER_IDS.proposalsNumber,
      type: 'symbol',
      source: SOURCE_IDS.proposals,
      layout: {
        'text-field': ['to-string', ['get', RANK_PROPERTY]],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 10, 10, 15, 13],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
        'symbol-sort-key': ['get', RANK_PROPERTY],
      },
      paint: { 'text-color': '#FFFFFF' },
    },
  ];
}
