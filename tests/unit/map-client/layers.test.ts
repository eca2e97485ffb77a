import { expression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { destination } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { mercatorPixel } from '../../../map-client/src/gcj02.ts';
import { HIDDEN_BY_DEFAULT, LAYER_GROUP_LAYERS, LAYER_IDS, TILE_SOURCES } from '../../../map-client/src/map/ids.ts';
import { districtBoundaryLayers, streetBoundaryLayers } from '../../../map-client/src/map/layers/boundaries.layer.ts';
import { buildingLayers } from '../../../map-client/src/map/layers/buildings.layer.ts';
import { communityFillColor, communityFillOpacity, communityHighlightLayer, communityLayers } from '../../../map-client/src/map/layers/communities.layer.ts';
import {
  facilityColorExpression,
  facilityFilter,
  facilityLayers,
  facilityTypeFilter,
  HIDDEN_STATE,
  isShown,
} from '../../../map-client/src/map/layers/facilities.layer.ts';
import { hiddenStateChanges } from '../../../map-client/src/map/bind-state.ts';
import { gapLayers } from '../../../map-client/src/map/layers/gaps.layer.ts';
import { LABEL_FONT, labelLayers } from '../../../map-client/src/map/layers/labels.layer.ts';
import { proposalLayers } from '../../../map-client/src/map/layers/proposals.layer.ts';
import { AREA_LINE_OPACITY, AREA_OPACITY, DISC_OPACITY, metresRadiusExpression, pixelsPerMetreAtZoom0, reachLayers, reachOpacities } from '../../../map-client/src/map/layers/reach.layer.ts';
import { scenarioLayers } from '../../../map-client/src/map/layers/scenario.layer.ts';
import { FACILITY_TYPE_COLORS, UNKNOWN_TYPE_COLOR } from '../../../map-client/src/map/palette.ts';
import { COVERAGE_SCALE, accessScale, paletteIndexOf, scaleColorExpression } from '../../../map-client/src/map/scales.ts';
import { buildMapStyle, resolveVisibility, tileSource } from '../../../map-client/src/map/style.ts';
import { loadCatalogue } from './catalogue.ts';

const API = 'http://127.0.0.1:3000/api/';
const TYPES = [
  { code: 'health_center', level: 'street' },
  { code: 'health_station', level: 'community' },
  { code: 'district_service_center', level: 'district' },
] as const;

/** Evaluates a paint value the way MapLibre does, for one feature-state and zoom. */
function evaluatePaint(layerType: 'fill' | 'circle', property: string, value: unknown, options: { zoom?: number; state?: Record<string, unknown>; properties?: Record<string, unknown> } = {}): unknown {
  const spec = (latest as unknown as Record<string, Record<string, unknown>>)[`paint_${layerType}`]![property];
  const parsed = expression.createPropertyExpression(value, property, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const result = (parsed.value as { evaluate: (...args: unknown[]) => unknown }).evaluate(
    { zoom: options.zoom ?? 12 },
    { type: 'Point', properties: options.properties ?? {} },
    options.state ?? {},
  );
  return typeof result === 'object' && result !== null && 'toString' in result ? String(result) : result;
}

/** A reach layer's main opacity paint (fill, line or circle). */
function opacityOf(layer: { type: string; paint?: unknown }): unknown {
  const paint = (layer.paint ?? {}) as Record<string, unknown>;
  return paint[`${layer.type}-opacity`];
}

describe('communityLayers', () => {
  it('should draw the community tiles (source-layer communities) with one fill fixed at style build', () => {
    const [fill] = communityLayers();
    expect(fill).toMatchObject({ id: 'communities-fill', type: 'fill', source: 'communities', 'source-layer': 'communities', layout: { visibility: 'visible' } });
    // The scale option no longer changes the paint (#16): a theme switch sets feature-states only.
    expect(communityLayers({ scale: COVERAGE_SCALE })[0]!.paint).toEqual(fill!.paint);
  });

  it('should paint exactly what the old per-theme expressions painted, for every state', () => {
    const paint = communityLayers({ opacity: 0.9 })[0]!.paint as Record<string, unknown>;
    const flags = [{}, { hover: true }, { selected: true }, { hover: true, selected: true }];
    // No theme: no cls; the neutral look with hover/selection.
    for (const flag of flags) {
      expect(evaluatePaint('fill', 'fill-color', paint['fill-color'], { state: flag })).toBe(evaluatePaint('fill', 'fill-color', communityFillColor(null), { state: flag }));
      expect(evaluatePaint('fill', 'fill-opacity', paint['fill-opacity'], { state: flag })).toBe(0.9);
    }
    // Themed: cls from paletteIndexOf gives the scale's colour (values across every class, and none).
    for (const scale of [COVERAGE_SCALE, accessScale(2)]) {
      const top = scale.breaks[scale.breaks.length - 1]!;
      for (const value of [null, 0, scale.breaks[0]! / 2, scale.breaks[0]!, scale.breaks[1]!, (scale.breaks[2]! + top) / 2, top, top * 3]) {
        for (const flag of flags) {
          const state = { ...flag, value, cls: paletteIndexOf(scale, value) };
          expect(evaluatePaint('fill', 'fill-color', paint['fill-color'], { state })).toBe(evaluatePaint('fill', 'fill-color', scaleColorExpression(scale), { state }));
          expect(evaluatePaint('fill', 'fill-opacity', paint['fill-opacity'], { state })).toBe(evaluatePaint('fill', 'fill-opacity', communityFillOpacity(scale, 0.9), { state }));
        }
      }
    }
    expect(evaluatePaint('fill', 'fill-color', paint['fill-color'], { state: { cls: paletteIndexOf(COVERAGE_SCALE, 0.93) } })).toBe('rgba(37,52,148,1)');
    expect(evaluatePaint('fill', 'fill-opacity', paint['fill-opacity'], { state: { cls: 0 } })).toBeCloseTo(0.78);
  });

  it('should widen the highlight outline only for the selected or hovered community', () => {
    expect(communityHighlightLayer().paint).toEqual({
      'line-color': '#7A5A00',
      'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 2.5, ['boolean', ['feature-state', 'hover'], false], 1.5, 0],
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
    const widths = (layer: typeof street) => (layer?.paint as { 'line-width': unknown[] })['line-width'].slice(3) as number[];

    expect(widths(district)[1]!).toBeGreaterThan(widths(street)[1]!);
    expect(widths(district)[3]!).toBeGreaterThan(widths(street)[3]!);
  });
});

describe('facilityLayers', () => {
  it('should draw the facility tiles filtered to the chosen type', () => {
    const [layer] = facilityLayers({ types: TYPES, selectedType: 'health_station' });

    expect(layer).toMatchObject({
      id: 'facilities-circle',
      type: 'circle',
      source: 'facilities',
      'source-layer': 'facilities',
      filter: ['==', ['get', 'type'], 'health_station'],
    });
  });

  it('should have no filter when all types are shown and no scenario hides any', () => {
    const [layer] = facilityLayers({ types: TYPES, selectedType: null });

    expect(layer).not.toHaveProperty('filter');
    expect(facilityTypeFilter(null)).toBeNull();
    expect(facilityTypeFilter('')).toBeNull();
  });

  it('should leave out the facilities a scenario moves or closes', () => {
    expect(facilityFilter('health_station', ['F1', 'F2'])).toEqual([
      'all',
      ['==', ['get', 'type'], 'health_station'],
      ['!', ['in', ['get', 'code'], ['literal', ['F1', 'F2']]]],
    ]);
    expect(facilityFilter(null, ['F1'])).toEqual(['!', ['in', ['get', 'code'], ['literal', ['F1']]]]);
  });

  it('should colour circles by type with the palette and a grey fallback', () => {
    expect(facilityColorExpression(TYPES)).toEqual([
      'match', ['get', 'type'],
      'health_center', '#D55E00',
      'health_station', '#FF9DA7',
      'district_service_center', '#222222',
      UNKNOWN_TYPE_COLOR,
    ]);
  });

  it('should draw planned facilities hollow and fade closed ones', () => {
    const [layer] = facilityLayers({ types: TYPES });
    const paint = layer!.paint as Record<string, unknown>;

    expect(evaluatePaint('circle', 'circle-color', paint['circle-color'], { properties: { type: 'health_station', status: 'planned' } })).toBe('rgba(255,255,255,1)');
    expect(evaluatePaint('circle', 'circle-color', paint['circle-color'], { properties: { type: 'health_station', status: 'open' } })).toBe('rgba(255,157,167,1)');
    expect(evaluatePaint('circle', 'circle-opacity', paint['circle-opacity'], { properties: { status: 'closed' } })).toBe(0.35);
  });

  it('should draw a facility a scenario hides (feature-state hidden) transparent, without a filter on codes', () => {
    const [layer] = facilityLayers({ types: TYPES, selectedType: 'health_station' });
    const paint = layer!.paint as Record<string, unknown>;

    expect((layer as { filter?: unknown }).filter).toEqual(['==', ['get', 'type'], 'health_station']);
    for (const property of ['circle-opacity', 'circle-stroke-opacity']) {
      expect(evaluatePaint('circle', property, paint[property], { properties: { status: 'open' }, state: { [HIDDEN_STATE]: true } })).toBe(0);
      expect(evaluatePaint('circle', property, paint[property], { properties: { status: 'open' }, state: {} })).toBe(1);
      expect(evaluatePaint('circle', property, paint[property], { properties: { status: 'closed' }, state: { [HIDDEN_STATE]: false } })).toBe(0.35);
    }
    expect(isShown({ state: { [HIDDEN_STATE]: true } })).toBe(false);
    expect(isShown({ state: {} })).toBe(true);
    expect(isShown({})).toBe(true);
  });

  it('should ring the further types that share a primary type\'s colour, not the primaries or planned ones', () => {
    const types = loadCatalogue();
    const [layer] = facilityLayers({ types });
    const paint = layer!.paint as Record<string, unknown>;
    const stroke = (type: string, status = 'open') => evaluatePaint('circle', 'circle-stroke-color', paint['circle-stroke-color'], { zoom: 14, properties: { type, status } });
    const width = (type: string, status = 'open') => evaluatePaint('circle', 'circle-stroke-width', paint['circle-stroke-width'], { zoom: 14, properties: { type, status } });

    expect(stroke('library_room')).toBe('rgba(31,41,51,1)');
    expect(width('library_room')).toBe(1.8);
    expect(evaluatePaint('circle', 'circle-color', paint['circle-color'], { properties: { type: 'library_room', status: 'open' } })).toBe('rgba(17,119,51,1)');
    expect(stroke('book_point')).toBe('rgba(31,41,51,0.55)');
    expect(width('book_point')).toBe(0.8);
    expect(stroke('library_room', 'planned')).toBe('rgba(17,119,51,1)');
    expect(width('library_room', 'planned')).toBe(2);
  });

  it('should size circles by the type level, largest for district level', () => {
    const [layer] = facilityLayers({ types: TYPES });
    const radius = (layer!.paint as Record<string, unknown>)['circle-radius'];
    const at = (type: string) => evaluatePaint('circle', 'circle-radius', radius, { zoom: 13, properties: { type } });

    expect(at('district_service_center')).toBe(6);
    expect(at('health_center')).toBe(4.2);
    expect(at('health_station')).toBe(2.8);
  });

  it('should not mutate the types it is given', () => {
    const types = loadCatalogue();
    const before = structuredClone(types);

    facilityLayers({ types, selectedType: 'book_point' });

    expect(types).toEqual(before);
  });
});

describe('reach discs', () => {
  it('should give 1 m at zoom 0 as 512 px over the Mercator circumference at that latitude', () => {
    expect(pixelsPerMetreAtZoom0(0)).toBeCloseTo(512 / 40_075_016.686, 15);
    expect(pixelsPerMetreAtZoom0(60)).toBeCloseTo((2 * 512) / 40_075_016.686, 15);
    expect(() => pixelsPerMetreAtZoom0(89)).toThrow(/lat/);
  });

  it('should draw a radius that matches the reach on the ground at every zoom (turf destination + Mercator)', () => {
    const lat = 36.78;
    const lon = 118.05;
    const reach = 300;
    const radius = metresRadiusExpression(reach, lat);
    // Independent truth: walk 300 m east on the sphere, project both ends to Web Mercator pixels.
    const east = destination([lon, lat], reach / 1000, 90, { units: 'kilometers' }).geometry.coordinates as [number, number];
    for (const zoom of [10, 13.5, 16, 18]) {
      const [x0] = mercatorPixel(lon, lat, zoom, 512);
      const [x1] = mercatorPixel(east[0], east[1], zoom, 512);
      const px = evaluatePaint('circle', 'circle-radius', radius, { zoom }) as number;
      // turf's sphere is 0.11 % smaller than Web Mercator's.
      expect(px / (x1 - x0)).toBeCloseTo(1, 2);
    }
  });

  it('should draw discs around open facilities of the selected type only, from the tiles and the scenario', () => {
    const [areas, outline, tiles, scenario] = reachLayers({ type: 'health_station', reachM: 300, lat: 36.8 });

    expect([areas, outline].map((layer) => [layer?.id, opacityOf(layer!)])).toEqual([['reach-fill', 0], ['reach-line', 0]]);
    expect(tiles).toMatchObject({
      id: 'reach-circle', source: 'facilities', 'source-layer': 'facilities',
      filter: ['all', ['==', ['get', 'type'], 'health_station'], ['==', ['get', 'status'], 'open']],
    });
    expect(opacityOf(tiles!)).toBe(DISC_OPACITY);
    expect(scenario).toMatchObject({ id: 'reach-scenario', source: 'scenario', filter: ['all', ['==', ['get', 'type'], 'health_station'], ['==', ['get', 'status'], 'open']] });
    expect(scenario).not.toHaveProperty('source-layer');
    // Shown and hidden only by paint: a visibility or filter change would reload every facility tile.
    expect([areas, outline, tiles, scenario].map((layer) => layer?.layout?.visibility)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('should give no disc to a facility a scenario hides (feature-state hidden)', () => {
    const [, , tiles] = reachLayers({ type: 'health_station', reachM: 300, lat: 36.8 });
    const paint = tiles!.paint as Record<string, unknown>;
    expect(evaluatePaint('circle', 'circle-color', paint['circle-color'], { state: { [HIDDEN_STATE]: true } })).toBe('rgba(0,0,0,0)');
    expect(evaluatePaint('circle', 'circle-color', paint['circle-color'], { state: {} })).not.toBe('rgba(0,0,0,0)');
  });

  it('should hide the discs when no type is selected', () => {
    expect(reachLayers({ type: null, reachM: 0, lat: 0 }).map(opacityOf)).toEqual([0, 0, 0, 0]);
    expect(reachOpacities({ type: null, mode: 'straight' }).every(([, , value]) => value === 0)).toBe(true);
  });

  it('should show the walking areas instead of the discs in walking mode', () => {
    const layers = reachLayers({ type: 'health_station', reachM: 300, lat: 36.8, mode: 'walk' });

    expect(layers.map((layer) => [layer.id, opacityOf(layer)])).toEqual([
      ['reach-fill', AREA_OPACITY], ['reach-line', AREA_LINE_OPACITY], ['reach-circle', 0], ['reach-scenario', 0],
    ]);
    expect(layers[0]).toMatchObject({ source: 'reach', type: 'fill' });
  });

  it('should set, on a switch, the same opacities the style builder gives', () => {
    for (const mode of ['straight', 'walk'] as const) {
      for (const visible of [true, false]) {
        const built = reachLayers({ type: 'health_station', reachM: 300, lat: 36.8, mode, visible });
        const byId = new Map(built.map((layer) => [layer.id, layer.paint as Record<string, unknown>]));
        for (const [id, property, value] of reachOpacities({ type: 'health_station', mode, visible })) {
          expect(byId.get(id)?.[property]).toBe(value);
        }
      }
    }
  });
});

describe('hiddenStateChanges', () => {
  it('should unhide what a scenario no longer moves or closes and hide only what is new', () => {
    expect(hiddenStateChanges(new Set(['A', 'B']), new Set(['B', 'C']))).toEqual([['A', false], ['C', true]]);
    expect(hiddenStateChanges(new Set(['A']), new Set(['A']))).toEqual([]);
    expect(hiddenStateChanges(new Set(), new Set(['A']))).toEqual([['A', true]]);
  });
});

describe('overlay layers', () => {
  it('should split gaps into uncovered areas and uncovered buildings by kind', () => {
    const { areas, buildings } = gapLayers();

    expect(areas.map((layer) => [layer.id, (layer as { filter?: unknown }).filter])).toEqual([
      ['gaps-fill', ['==', ['get', 'kind'], 'uncovered_area']],
      ['gaps-outline', ['==', ['get', 'kind'], 'uncovered_area']],
    ]);
    expect(buildings).toMatchObject({ id: 'gaps-buildings', type: 'circle', filter: ['==', ['get', 'kind'], 'uncovered_building'] });
  });

  it('should number proposals by their rank, drawn on top of each other in build order', () => {
    const [circle, number] = proposalLayers();

    expect(circle).toMatchObject({ id: 'proposals-circle', source: 'proposals', type: 'circle' });
    expect(number).toMatchObject({
      id: 'proposals-number',
      type: 'symbol',
      layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': LABEL_FONT, 'symbol-sort-key': ['get', 'rank'], 'text-allow-overlap': true },
    });
  });

  it('should label districts, streets (from zoom 11.5) and communities (zoom 14) from one label point each, with the local font stack', () => {
    const layers = labelLayers();

    expect(layers.map((layer) => [layer.id, (layer as { source?: string }).source, layer.minzoom ?? 0])).toEqual([
      ['labels-community', 'labels', 14],
      ['labels-street', 'labels', 11.5],
      ['labels-district', 'labels', 0],
    ]);
    for (const layer of layers) expect(layer.layout).toMatchObject({ 'text-field': ['get', 'name'], 'text-font': LABEL_FONT });
    expect(layers[0]).toMatchObject({ filter: ['==', ['get', 'kind'], 'community'] });
    expect(layers[0]).not.toHaveProperty('source-layer');
  });

  it('should draw buildings from zoom 13 and only when switched on', () => {
    expect(buildingLayers()[0]).toMatchObject({ source: 'buildings', 'source-layer': 'buildings', minzoom: 13, layout: { visibility: 'none' } });
    expect(buildingLayers({ visible: true })[0]?.layout?.visibility).toBe('visible');
  });

  it('should filter scenario facilities by the selected type', () => {
    expect(scenarioLayers({ types: TYPES, selectedType: 'health_station' })[0]).toMatchObject({ source: 'scenario', filter: ['==', ['get', 'type'], 'health_station'] });
  });
});

describe('buildMapStyle', () => {
  const types = loadCatalogue();
  const full = () => buildMapStyle({
    apiBase: API, types, selectedType: 'health_station', scale: COVERAGE_SCALE,
    reach: { reachM: 300, lat: 36.8 },
  });

  it('should pass the MapLibre style-spec validator, themed or not', () => {
    expect(validateStyleMin(full())).toEqual([]);
    expect(validateStyleMin(buildMapStyle({ apiBase: API, types: [] }))).toEqual([]);
    expect(validateStyleMin(buildMapStyle({ apiBase: API, types, basemap: { tiles: ['https://tiles.example/{z}/{x}/{y}.png'] } }))).toEqual([]);
  });

  it('should stack the layers from background to labels', () => {
    expect(full().layers.map((layer) => layer.id)).toEqual([
      'background',
      'basemap-campus', 'basemap-green',
      'communities-fill', 'communities-outline',
      'basemap-water', 'basemap-building', 'basemap-waterway', 'basemap-road-casing', 'basemap-road', 'basemap-rail',
      'gaps-fill', 'gaps-outline',
      'reach-fill', 'reach-line', 'reach-circle', 'reach-scenario',
      'streets-line', 'districts-casing', 'districts-line',
      'communities-highlight',
      'buildings-circle', 'gaps-buildings',
      'nearby-route-casing', 'nearby-route',
      'facilities-circle', 'scenario-circle',
      'proposals-circle', 'proposals-number',
      'basemap-road-label', 'basemap-water-label', 'basemap-place-label',
      'labels-community', 'labels-street', 'labels-district',
      'nearby-origin',
    ]);
  });

  it('should fetch nothing but our API: no glyphs, no sprite, tiles from apiBase only', () => {
    const style = full();

    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    const urls = JSON.stringify(style).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(API)).toBe(true);
  });

  it('should serve communities, facilities and buildings as vector tiles keyed by code, the rest as empty GeoJSON', () => {
    const { sources } = full();

    for (const id of TILE_SOURCES) expect(sources[id]).toMatchObject({ type: 'vector', url: `${API}tiles/${id}.json`, promoteId: 'code' });
    for (const id of ['districts', 'streets', 'labels', 'gaps', 'reach', 'scenario', 'proposals']) {
      expect(sources[id]).toMatchObject({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    }
    expect(() => tileSource('/api/', 'communities', '')).toThrow(/absolute/);
  });

  it('should put a configured raster basemap right above the background', () => {
    const style = buildMapStyle({ apiBase: API, types, basemap: { tiles: ['https://t.example/{z}/{x}/{y}.png'], attribution: '© Example' } });

    expect(style.layers.slice(0, 2).map((layer) => layer.id)).toEqual(['background', 'basemap']);
    expect(style.sources.basemap).toEqual({ type: 'raster', tiles: ['https://t.example/{z}/{x}/{y}.png'], tileSize: 256, maxzoom: 19, attribution: '© Example' });
  });

  it('should credit the demo data on the sources, and OpenStreetMap when asked', () => {
    expect(buildMapStyle({ apiBase: API, types }).sources.communities).toMatchObject({ attribution: expect.stringContaining('lifecircle') });
    expect(buildMapStyle({ apiBase: API, types, datasets: ['demo', 'osm'] }).sources.communities).toMatchObject({ attribution: expect.stringContaining('OpenStreetMap') });
  });

  it('should hide exactly the layers of the groups switched off (and buildings by default)', () => {
    const style = buildMapStyle({ apiBase: API, types, selectedType: 'health_station', reach: { reachM: 300, lat: 36.8 }, visible: { streets: false, facilities: false } });
    const hidden = style.layers.filter((layer) => layer.layout?.visibility === 'none').map((layer) => layer.id);

    // Reach layers are shown by opacity (reachOpacities), never by visibility.
    const byVisibility = HIDDEN_BY_DEFAULT.filter((group) => group !== 'reach').flatMap((group) => LAYER_GROUP_LAYERS[group]);
    expect(hidden.sort()).toEqual([...LAYER_GROUP_LAYERS.streets, ...LAYER_GROUP_LAYERS.facilities, ...byVisibility].sort());
    expect(resolveVisibility({ buildings: true }).buildings).toBe(true);
  });

  it('should give every layer id listed in LAYER_IDS a layer (basemap when configured)', () => {
    const ids = buildMapStyle({ apiBase: API, types, basemap: { tiles: ['https://t.example/{z}/{x}/{y}.png'] }, offlineBasemap: true }).layers.map((layer) => layer.id);

    expect(ids.sort()).toEqual(Object.values(LAYER_IDS).sort());
  });

  it('should colour every catalogue type with its own palette colour', () => {
    const color = facilityColorExpression(types) as unknown[];

    expect(color.length).toBe(2 + types.length * 2 + 1);
    for (const type of types) expect(color[color.indexOf(type.code) + 1]).toBe(FACILITY_TYPE_COLORS[type.code]);
  });
});
