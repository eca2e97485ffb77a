// Community polygons: a light fill that highlights on hover/selection (feature-state), a thin
// outline, and a stronger outline on the hovered/selected community drawn above the boundaries.
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { featureStateFlag } from '../expressions.ts';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';

export interface CommunityLayerOptions {
  /** @defaultValue true */
  visible?: boolean;
}

/** The fill and outline layers (bottom of the stack). */
export function communityLayers(options: CommunityLayerOptions = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  return [
    {
      id: LAYER_IDS.communitiesFill,
      type: 'fill',
      source: SOURCE_IDS.communities,
      layout: { visibility },
      paint: {
        'fill-color': [
          'case',
          featureStateFlag('selected'),
          MAP_COLORS.communitySelected,
          featureStateFlag('hover'),
          MAP_COLORS.communityHover,
          MAP_COLORS.communityFill,
        ],
        'fill-opacity': 0.9,
      },
    },
    {
      id: LAYER_IDS.communitiesOutline,
      type: 'line',
      source: SOURCE_IDS.communities,
      layout: { visibility, 'line-join': 'round' },
      paint: {
        'line-color': MAP_COLORS.communityOutline,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.5, 16, 1.5],
      },
    },
  ];
}

/** The hover/selection outline, meant to sit above the street and district boundaries. */
export function communityHighlightLayer(options: CommunityLayerOptions = {}): LayerSpecification {
  return {
    id: LAYER_IDS.communitiesHighlight,
    type: 'line',
    source: SOURCE_IDS.communities,
    layout: { visibility: options.visible === false ? 'none' : 'visible', 'line-join': 'round' },
    paint: {
      'line-color': MAP_COLORS.communitySelectedOutline,
      'line-width': ['case', featureStateFlag('selected'), 2.5, featureStateFlag('hover'), 1.5, 0],
    },
  };
}
