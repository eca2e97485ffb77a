import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { LAYER_GROUP_LAYERS, LAYER_IDS } from '../../../map-client/src/map/ids.ts';
import { districtBoundaryLayers, streetBoundaryLayers } from '../../../map-client/src/map/layers/boundaries.layer.ts';
import { communityHighlightLayer, communityLayers } from '../../../map-client/src/map/layers/communities.layer.ts';
import {
  facilityColorExpression,
  facilityLayers,
  facilityTypeFilter,
} from '../../../map-client/src/map/layers/facilities.layer.ts';
import { FACILITY_TYPE_COLORS, UNKNOWN_TYPE_COLOR } from '../../../map-client/src/map/palette.ts';
import { buildMapStyle } from '../../../map-client/src/map/style.ts';
import { loadCatalogue } from './catalogue.ts';

const TYPES = [
  { code: 'health_center', level: 'street' },
  { code: 'health_station', level: 'community' },
  { code: 'district_service_center', level: 'district' },
] as const;

describe('communityLayers', () => {
  it('should build a fill whose colour follows the selected and hover feature-state', () => {
    const [fill] = communityLayers();

    expect(fill).toEqual({
      id: 'communities-fill',
      type: 'fill',
      source: 'communities',
      layout: { visibility: 'visible' },
      paint: {
        'fill-color': [
          'case',
          ['boolean', ['feature-state', 'selected'], false],
          '#F6C453',
          ['boolean', ['feature-state', 'hover'], false],
          '#FBE3A6',
          '#FFFFFF',
        ],
        'fill-opacity': 0.9,
      },
    });
  });

  it('should build an outline line layer on the communities source', () => {
    const [, outline] = communityLayers();

    expect(outline).toMatchObject({ id: 'communities-outline', type: 'line', source: 'communities' });
  });

  it('should widen the highlight outline only for the selected or hovered community', () => {
    expect(communityHighlightLayer().paint).toEqual({
      'line-color': '#7A5A00',
      'line-width': [
        'case',
        ['boolean', ['feature-state', 'selected'], false],
        2.5,
        ['boolean', ['feature-state', 'hover'], false],
        1.5,
        0,
      ],
    });
  });

  it('should hide every community layer when visible is false', () => {
    const layers = [...communityLayers({ visible: false }), communityHighlightLayer({ visible: false })];

    expect(layers.map((layer) => layer.layout?.visibility)).toEqual(['none', 'none', 'none']);
  });
});

describe('boundary layers', () => {
  it('should draw districts wider than streets at every zoom', () => {
    const [street] = streetBoundaryLayers();
    const [, district] = districtBoundaryLayers();

    expect(street).toMatchObject({ id: 'streets-line', source: 'streets' });
    expect(district).toMatchObject({ id: 'districts-line', source: 'districts' });
    const widths = (layer: typeof street) =>
      (layer?.paint as { 'line-width': unknown[] })['line-width'].slice(3) as number[];
    // ['interpolate', ['linear'], ['zoom'], z0, w0, z1, w1]
    expect(widths(district)[1]!).toBeGreaterThan(widths(street)[1]!);
    expect(widths(district)[3]!).toBeGreaterThan(widths(street)[3]!);
  });
});

describe('facilityLayers', () => {
  it('should filter the circles to the chosen type', () => {
    const [layer] = facilityLayers({ types: TYPES, selectedType: 'health_station' });

    expect(layer).toMatchObject({
      id: 'facilities-circle',
      type: 'circle',
      source: 'facilities',
      filter: ['==', ['get', 'type'], 'health_station'],
    });
  });

  it('should have no filter when all types are shown', () => {
    const [layer] = facilityLayers({ types: TYPES, selectedType: null });

    expect(layer).not.toHaveProperty('filter');
    expect(facilityTypeFilter(null)).toBeNull();
    expect(facilityTypeFilter('')).toBeNull();
  });

  it('should colour circles by type with the palette and a grey fallback', () => {
    expect(facilityColorExpression(TYPES)).toEqual([
      'match',
      ['get', 'type'],
      'health_center', '#D55E00',
      'health_station', '#FF9DA7',
      'district_service_center', '#222222',
      UNKNOWN_TYPE_COLOR,
    ]);
  });

  it('should draw planned facilities hollow (white fill, type-coloured stroke) and fade closed ones', () => {
    const [layer] = facilityLayers({ types: TYPES });
    const color = facilityColorExpression(TYPES);

    expect(layer?.paint).toMatchObject({
      'circle-color': ['case', ['==', ['get', 'status'], 'planned'], '#FFFFFF', color],
      'circle-stroke-color': ['case', ['==', ['get', 'status'], 'planned'], color, 'rgba(31, 41, 51, 0.55)'],
      'circle-opacity': ['case', ['==', ['get', 'status'], 'closed'], 0.35, 1],
    });
  });

  it('should size circles by the type level, largest for district level', () => {
    const [layer] = facilityLayers({ types: TYPES });

    expect((layer?.paint as Record<string, unknown>)['circle-radius']).toEqual([
      'interpolate', ['linear'], ['zoom'],
      10, ['match', ['get', 'type'], 'health_center', 2.5, 'health_station', 1.6, 'district_service_center', 3.5, 1.6],
      13, ['match', ['get', 'type'], 'health_center', 4.2, 'health_station', 2.8, 'district_service_center', 6, 2.8],
      16, ['match', ['get', 'type'], 'health_center', 9, 'health_station', 6.5, 'district_service_center', 12, 6.5],
    ]);
  });

  it('should fall back to constants when the catalogue is empty', () => {
    const [layer] = facilityLayers({ types: [] });

    expect((layer?.paint as Record<string, unknown>)['circle-color']).toEqual([
      'case', ['==', ['get', 'status'], 'planned'], '#FFFFFF', UNKNOWN_TYPE_COLOR,
    ]);
  });

  it('should not mutate the types it is given', () => {
    const types = loadCatalogue();
    const before = structuredClone(types);

    facilityLayers({ types, selectedType: 'book_point' });

    expect(types).toEqual(before);
  });
});

describe('buildMapStyle', () => {
  const types = loadCatalogue();

  it('should pass the MapLibre style-spec validator for the real catalogue', () => {
    expect(validateStyleMin(buildMapStyle({ types, selectedType: 'health_station' }))).toEqual([]);
    expect(validateStyleMin(buildMapStyle({ types: [] }))).toEqual([]);
  });

  it('should stack layers background, communities, streets, districts, highlight, facilities', () => {
    expect(buildMapStyle({ types }).layers.map((layer) => layer.id)).toEqual([
      'background',
      'communities-fill',
      'communities-outline',
      'streets-line',
      'districts-casing',
      'districts-line',
      'communities-highlight',
      'facilities-circle',
    ]);
  });

  it('should be fully offline: no glyphs, no sprite, no remote URLs, empty GeoJSON sources', () => {
    const style = buildMapStyle({ types });

    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
    expect(style.layers.some((layer) => layer.type === 'symbol')).toBe(false);
    for (const source of Object.values(style.sources)) {
      expect(source).toMatchObject({ type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'code' });
    }
  });

  it('should credit the demo data on the sources, and OpenStreetMap when asked', () => {
    const demo = buildMapStyle({ types });
    const osm = buildMapStyle({ types, datasets: ['demo', 'osm'] });

    expect(demo.sources.communities).toMatchObject({ attribution: expect.stringContaining('lifecircle') });
    expect(osm.sources.communities).toMatchObject({ attribution: expect.stringContaining('OpenStreetMap') });
  });

  it('should hide exactly the layers of the groups switched off', () => {
    const style = buildMapStyle({ types, visible: { streets: false, facilities: false } });
    const hidden = style.layers.filter((layer) => layer.layout?.visibility === 'none').map((layer) => layer.id);

    expect(hidden.sort()).toEqual([...LAYER_GROUP_LAYERS.streets, ...LAYER_GROUP_LAYERS.facilities].sort());
  });

  it('should give every layer id listed in LAYER_IDS a layer', () => {
    const ids = buildMapStyle({ types }).layers.map((layer) => layer.id);

    expect(ids.sort()).toEqual(Object.values(LAYER_IDS).sort());
  });

  it('should colour every catalogue type with its own palette colour', () => {
    const [layer] = facilityLayers({ types });
    const color = facilityColorExpression(types) as unknown[];

    expect(color.length).toBe(2 + types.length * 2 + 1);
    for (const type of types) expect(color[color.indexOf(type.code) + 1]).toBe(FACILITY_TYPE_COLORS[type.code]);
    expect(layer).toBeDefined();
  });
});
