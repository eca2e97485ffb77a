// Community polygons (vector tiles, layer `communities`). Without a theme: a light fill that
// highlights on hover/selection. With a theme (coverage rate, accessibility): the scale's colour
// from the feature-state `value`, and hover/selection shown by the outline and a stronger fill.
// A thin outline, and a stronger outline on the hovered/selected community above the boundaries.
import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { featureStateFlag } from '../expressions.ts';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';
import { CLASS_STATE, paletteColorExpression, scaleColorExpression, type SequentialScale } from '../scales.ts';

export interface CommunityLayerOptions {
  /** @defaultValue true */
  visible?: boolean;
  /** Colour by this scale (feature-state `value`); null = the neutral look. @defaultValue null */
  scale?: SequentialScale | null;
  /** Fill opacity when a basemap shows beneath. @defaultValue 0.9 */
  opacity?: number;
}

/** Common part of every community layer: the tiled source and its layer. */
const ON_COMMUNITIES = { source: SOURCE_IDS.communities, 'source-layer': SOURCE_IDS.communities } as const;

/** The fill colour: the scale when one is given, else the neutral hover/selection colours. */
export function communityFillColor(scale: SequentialScale | null | undefined): ExpressionSpecification {
  if (scale) return scaleColorExpression(scale);
  return [
    'case',
    featureStateFlag('selected'),
    MAP_COLORS.communitySelected,
    featureStateFlag('hover'),
    MAP_COLORS.communityHover,
    MAP_COLORS.communityFill,
  ];
}

/** The fill opacity: slightly stronger on the hovered/selected community when themed. */
export function communityFillOpacity(scale: SequentialScale | null | undefined, opacity = 0.9): ExpressionSpecification | number {
  if (!scale) return opacity;
  const dimmed = Math.max(0, Math.round((opacity - 0.12) * 100) / 100);
  return ['case', featureStateFlag('selected'), 1, featureStateFlag('hover'), 1, dimmed];
}

const HAS_CLASS: ExpressionSpecification = ['==', ['typeof', ['feature-state', CLASS_STATE]], 'number'];

/**
 * The one fill colour of the community layer (#16): the feature-state `cls` picks the theme's
 * class colour (thematic-binding.ts sets it), no `cls` gives the neutral look. Fixed at style
 * build, so no theme or type switch replaces a data-driven paint (which reloads the source).
 */
export function communityFillColorFixed(): ExpressionSpecification {
  return paletteColorExpression(communityFillColor(null));
}

/** The one fill opacity: `opacity` without a theme; themed, stronger on the hovered/selected community. */
export function communityFillOpacityFixed(opacity = 0.9): ExpressionSpecification {
  const themed = communityFillOpacity(COVERAGE_LIKE, opacity) as ExpressionSpecification;
  return ['case', HAS_CLASS, themed, opacity];
}
/** Any scale: the themed opacity does not depend on which one. */
const COVERAGE_LIKE = { kind: 'coverage', breaks: [], colors: [''], noDataColor: '' } as SequentialScale;

/** The fill and outline layers (bottom of the stack). The fill reads feature-states only (see communityFillColorFixed). */
export function communityLayers(options: CommunityLayerOptions = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  return [
    {
      id: LAYER_IDS.communitiesFill,
      type: 'fill',
      ...ON_COMMUNITIES,
      layout: { visibility },
      paint: {
        'fill-color': communityFillColorFixed(),
        'fill-opacity': communityFillOpacityFixed(options.opacity),
      },
    },
    {
      id: LAYER_IDS.communitiesOutline,
      type: 'line',
      ...ON_COMMUNITIES,
      // Miter joins (#16): at 0.5–1.5 px a round join is invisible and costs extra triangles at every vertex.
      layout: { visibility, 'line-join': 'miter' },
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
    ...ON_COMMUNITIES,
    layout: { visibility: options.visible === false ? 'none' : 'visible', 'line-join': 'miter' },
    paint: {
      'line-color': MAP_COLORS.communitySelectedOutline,
      'line-width': ['case', featureStateFlag('selected'), 2.5, featureStateFlag('hover'), 1.5, 0],
    },
  };
}
