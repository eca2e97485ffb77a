// Names on the map as symbol layers with no `glyphs` URL: MapLibre 6 then draws every glyph
// locally with the browser's fonts (TinySDF), so labels need no glyph server and stay offline.
// District, street and community names come from label points computed in the client (labels
// source, label-points.ts): one per unit, inside it. Community names from zoom 14.
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { MAP_COLORS } from '../palette.ts';

/** CSS font families for local glyph drawing, CJK-capable first. */
export const LABEL_FONT = ['Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'sans-serif'];

export const STREET_LABEL_MIN_ZOOM = 11.5;
export const COMMUNITY_LABEL_MIN_ZOOM = 14;

const HALO = { 'text-halo-color': MAP_COLORS.labelHalo, 'text-halo-width': 1.6, 'text-halo-blur': 0.4 } as const;

export function labelLayers(options: { visible?: boolean } = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  return [
    {
      id: LAYER_IDS.labelsCommunity,
      type: 'symbol',
      source: SOURCE_IDS.labels,
      filter: ['==', ['get', 'kind'], 'community'],
      minzoom: COMMUNITY_LABEL_MIN_ZOOM,
      layout: {
        visibility,
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 17, 13],
        'text-max-width': 6,
        'text-padding': 4,
      },
      paint: { 'text-color': MAP_COLORS.labelCommunity, ...HALO },
    },
    {
      id: LAYER_IDS.labelsStreet,
      type: 'symbol',
      source: SOURCE_IDS.labels,
      filter: ['==', ['get', 'kind'], 'street'],
      minzoom: STREET_LABEL_MIN_ZOOM,
      layout: {
        visibility,
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 11.5, 11, 15, 14],
        'text-max-width': 7,
        'text-padding': 6,
      },
      paint: { 'text-color': MAP_COLORS.labelStreet, ...HALO },
    },
    {
      id: LAYER_IDS.labelsDistrict,
      type: 'symbol',
      source: SOURCE_IDS.labels,
      filter: ['==', ['get', 'kind'], 'district'],
      maxzoom: 14,
      layout: {
        visibility,
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 9, 13, 13, 18],
        'text-letter-spacing': 0.15,
        'text-max-width': 8,
        'text-allow-overlap': false,
      },
      paint: { 'text-color': MAP_COLORS.labelDistrict, ...HALO, 'text-halo-width': 2 },
    },
  ];
}
