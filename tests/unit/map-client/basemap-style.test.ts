import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { BASEMAP_PREFIX, firstTextFont, mergeBasemapStyle } from '../../../map-client/src/map/basemap-style.ts';
import { buildMapStyle } from '../../../map-client/src/map/style.ts';
import { loadCatalogue } from './catalogue.ts';

const basemap: StyleSpecification = {
  version: 8,
  glyphs: 'https://basemap.example/fonts/{fontstack}/{range}.pbf',
  sources: { communities: { type: 'vector', url: 'https://basemap.example/tiles.json' } },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#f8f4f0' } },
    { id: 'roads', type: 'line', source: 'communities', 'source-layer': 'transportation' },
    { id: 'places', type: 'symbol', source: 'communities', 'source-layer': 'place', layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'] } },
  ],
};

describe('mergeBasemapStyle', () => {
  const ours = buildMapStyle({ apiBase: 'http://127.0.0.1:3000/api/', types: loadCatalogue(), overBasemap: true });

  it('should put the basemap beneath our layers, prefixing its ids so they never clash with ours', () => {
    const merged = mergeBasemapStyle(basemap, ours);

    expect(merged.layers.slice(0, 3).map((layer) => layer.id)).toEqual(['basemap:background', 'basemap:roads', 'basemap:places']);
    expect(merged.layers.map((layer) => layer.id)).not.toContain('background');
    expect(merged.sources[`${BASEMAP_PREFIX}communities`]).toEqual(basemap.sources.communities);
    expect(merged.sources.communities).toEqual(ours.sources.communities);
    expect(validateStyleMin(merged)).toEqual([]);
  });

  it('should label with the basemap font once its glyph server is in use', () => {
    const merged = mergeBasemapStyle(basemap, ours);

    expect(merged.glyphs).toBe(basemap.glyphs);
    for (const layer of merged.layers.filter((l) => l.type === 'symbol' && !l.id.startsWith(BASEMAP_PREFIX))) {
      expect(layer.layout).toMatchObject({ 'text-font': ['Noto Sans Regular'] });
    }
    expect(firstTextFont({ layers: [] })).toBeNull();
  });

  it('should mutate neither style and refuse what is not a style', () => {
    const [a, b] = [structuredClone(basemap), structuredClone(ours)];

    mergeBasemapStyle(basemap, ours);

    expect(basemap).toEqual(a);
    expect(ours).toEqual(b);
    expect(() => mergeBasemapStyle({} as StyleSpecification, ours)).toThrow(/version 8/);
  });
});
