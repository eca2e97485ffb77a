// The whole offline map style as data: a plain background, four empty GeoJSON sources (filled by
// setData after the API answers) and our layers. No tiles, sprites or glyphs are fetched, so the
// style has no `glyphs` and must not gain symbol layers with text until we ship local glyphs.
import type {
  GeoJSONSourceSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { attributionFor, type DatasetId } from './attribution.ts';
import { LAYER_GROUPS, LAYER_IDS, SOURCE_IDS, type LayerGroup } from './ids.ts';
import { communityHighlightLayer, communityLayers } from './layers/communities.layer.ts';
import { districtBoundaryLayers, streetBoundaryLayers } from './layers/boundaries.layer.ts';
import { facilityLayers, type FacilityTypeRef } from './layers/facilities.layer.ts';
import { MAP_COLORS } from './palette.ts';

export interface MapStyleOptions {
  /** The facility-type catalogue, for colours and sizes. */
  types: readonly FacilityTypeRef[];
  /** @defaultValue null (all types) */
  selectedType?: string | null;
  /** Which layer groups are shown. @defaultValue all */
  visible?: Partial<Record<LayerGroup, boolean>>;
  /** Datasets credited by the attribution control. @defaultValue ['demo'] */
  datasets?: readonly DatasetId[];
}

function emptySource(attribution: string, promoteId?: string): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    attribution,
    ...(promoteId ? { promoteId } : {}),
  };
}

/**
 * Builds the style, bottom to top: background, community fill and outline, street lines,
 * district lines, community highlight, facility circles.
 *
 * @example
 * new maplibregl.Map({ container, style: buildMapStyle({ types: [] }) });
 */
export function buildMapStyle(options: MapStyleOptions): StyleSpecification {
  const visible = Object.fromEntries(
    LAYER_GROUPS.map((group) => [group, options.visible?.[group] !== false]),
  ) as Record<LayerGroup, boolean>;
  const attribution = attributionFor(options.datasets ?? ['demo']);

  const layers: LayerSpecification[] = [
    { id: LAYER_IDS.background, type: 'background', paint: { 'background-color': MAP_COLORS.background } },
    ...communityLayers({ visible: visible.communities }),
    ...streetBoundaryLayers({ visible: visible.streets }),
    ...districtBoundaryLayers({ visible: visible.districts }),
    communityHighlightLayer({ visible: visible.communities }),
    ...facilityLayers({ types: options.types, selectedType: options.selectedType ?? null, visible: visible.facilities }),
  ];

  return {
    version: 8,
    name: 'lifecircle',
    sources: {
      [SOURCE_IDS.districts]: emptySource(attribution, 'code'),
      [SOURCE_IDS.streets]: emptySource(attribution, 'code'),
      [SOURCE_IDS.communities]: emptySource(attribution, 'code'),
      [SOURCE_IDS.facilities]: emptySource(attribution, 'code'),
    },
    layers,
  };
}
