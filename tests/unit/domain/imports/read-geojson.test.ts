import { describe, expect, it } from 'vitest';
import { readGeoJson } from '../../../../api/src/domain/imports/read-geojson.ts';
import { chunked, collect } from './helpers.ts';

const fc = (features: unknown[], extra: object = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const point = (code: string) => ({ type: 'Feature', properties: { code, name: '站' }, geometry: { type: 'Point', coordinates: [116.39, 39.9] } });

describe('readGeoJson', () => {
  it('should yield one row per feature, in order, from input split mid-token', async () => {
    const { rows } = await collect(readGeoJson(chunked(fc([point('A'), point('B'), point('中文')]), 5)));
    expect(rows.map((r) => r.properties.code)).toEqual(['A', 'B', '中文']);
    expect(rows[1]).toMatchObject({ index: 1, propertiesPath: 'features[1].properties', geometryPath: 'features[1].geometry' });
    expect(rows[2]!.geometry).toEqual({ type: 'Point', coordinates: [116.39, 39.9] });
  });

  it('should yield the legacy crs member before the rows when it comes first (as QGIS writes it)', async () => {
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } };
    const { rows, crs: found } = await collect(readGeoJson(chunked(fc([point('A')], { name: 'layer', crs, bbox: [1, 2, 3, 4] }))));
    expect(found).toEqual(['urn:ogc:def:crs:EPSG::4547']);
    expect(rows).toHaveLength(1);
  });

  it('should take a string feature id as the code when properties have none', async () => {
    const { rows } = await collect(readGeoJson(chunked(fc([{ type: 'Feature', id: 'F9', properties: null, geometry: null }]))));
    expect(rows[0]!.properties).toEqual({ code: 'F9' });
    expect(rows[0]!.geometry).toBeNull();
  });

  it('When a member of features is no Feature, then that row carries a fault naming it', async () => {
    const { rows } = await collect(readGeoJson(chunked(fc([point('A'), { type: 'Point', coordinates: [1, 2] }, 7]))));
    expect(rows[1]!.fault).toMatchObject({ field: 'features[1]' });
    expect(rows[2]!.fault?.reason).toContain('got 7');
  });

  it.each([
    ['{"type":"FeatureCollection","features":[{"type":"Feature"', 'body'],
    ['[1,2]', 'body'],
    ['{"type":"Feature","properties":{},"geometry":null}', 'type'],
    ['{"type":"FeatureCollection"}', 'features'],
    ['{"type":"FeatureCollection","features":{}}', 'features'],
  ])('When the file is %j, then it throws naming %s', async (text, field) => {
    await expect(collect(readGeoJson(chunked(text)))).rejects.toMatchObject({ name: 'ImportFileError', field });
  });
});
