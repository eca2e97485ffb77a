import { describe, expect, it } from 'vitest';
import type { ImportRow } from '../../../../api/src/domain/imports/model.ts';
import { resolveCrs } from '../../../../api/src/domain/imports/resolve-crs.ts';
import { validateRow } from '../../../../api/src/domain/imports/validate-row.ts';
import { findWritable } from '../../../../api/src/services/write-schemas.ts';

const WGS84 = resolveCrs('EPSG:4326');
const spec = (id: string) => findWritable(id)!;
const square = { type: 'Polygon', coordinates: [[[116.38, 39.9], [116.385, 39.9], [116.385, 39.905], [116.38, 39.905], [116.38, 39.9]]] };
const row = (properties: Record<string, unknown>, geometry: unknown, base = 'features[0]'): ImportRow => ({
  index: 0, properties, geometry, propertiesPath: `${base}.properties`, geometryPath: `${base}.geometry`,
});
const community = { code: 'C1', name: '社区', street_code: 'S1', households: 1500, population: 4000, elderly: 600 };

describe('validateRow', () => {
  it('should pass a good community with no findings', () => {
    const v = validateRow(row(community, square), [spec('communities')], WGS84);
    expect(v).toMatchObject({ table: 'community', code: 'C1', entries: [], geometry: square });
    expect(v.record).toMatchObject(community);
  });

  it('should coerce CSV text to numbers and numeric codes to text', () => {
    const v = validateRow(row({ ...community, code: 110101, households: '1500', population: ' 4000 ' }, square, 'rows[0]'), [spec('communities')], WGS84);
    expect(v.entries).toEqual([]);
    expect(v.record).toMatchObject({ code: '110101', households: 1500, population: 4000 });
  });

  it('should match DBF field names case-insensitively and cut to 10 characters, keeping the file name for findings', () => {
    const v = validateRow(row({ CODE: 'F1', NAME: '站', TYPE: 'health_station', FLOOR_AREA: -3 }, { type: 'Point', coordinates: [116.39, 39.9] }, 'records[0]'), [spec('facilities')], WGS84, { truncatedNames: true });
    expect(v.entries).toEqual([{ row: 0, field: 'records[0].properties.FLOOR_AREA', reason: 'must not be negative, got -3', severity: 'error' }]);
  });

  it('should keep unknown fields in properties and list them', () => {
    const v = validateRow(row({ ...community, 面积: 12.5, fid: 3 }, square), [spec('communities')], WGS84);
    expect(v.record?.properties).toEqual({ 面积: 12.5, fid: 3 });
    expect(v.unknownFields).toEqual(['面积', 'fid']);
  });

  it.each([
    [{ households: -5 }, 'features[0].properties.households', 'must not be negative'],
    [{ population: 'many' }, 'features[0].properties.population', 'must be a number'],
    [{ name: undefined }, 'features[0].properties.name', 'is required'],
    [{ elderly: 5000 }, 'features[0].properties.elderly', 'must not exceed population'],
  ])('When a community has %j, then the error names %s', (change, field, reason) => {
    const v = validateRow(row({ ...community, ...change }, square), [spec('communities')], WGS84);
    expect(v.record).toBeUndefined();
    expect(v.entries).toEqual([expect.objectContaining({ field, severity: 'error', reason: expect.stringContaining(reason) })]);
  });

  it('should warn, not fail, for a community outside 1 000–3 000 households', () => {
    const v = validateRow(row({ ...community, households: 3500, population: 9000 }, square), [spec('communities')], WGS84);
    expect(v.record).toBeDefined();
    expect(v.entries).toEqual([expect.objectContaining({ field: 'features[0].properties.households', severity: 'warning', reason: expect.stringContaining('一般') })]);
  });

  it('should name the CSV latitude column for swapped coordinates', () => {
    const r = { ...row({ code: 'F1', name: '站', type: 'health_station' }, { type: 'Point', coordinates: [39.9, 116.39] }, 'rows[0]'), pointFields: { lon: 'rows[0].lon', lat: 'rows[0].lat' } };
    const v = validateRow(r, [spec('facilities')], WGS84);
    expect(v.entries).toEqual([expect.objectContaining({ field: 'rows[0].lat', reason: expect.stringContaining('swapped') })]);
  });

  it('should hint at a missing CRS when the coordinates look projected', () => {
    const v = validateRow(row({ code: 'F1', name: '站', type: 'health_station' }, { type: 'Point', coordinates: [528740, 3384210] }), [spec('facilities')], WGS84);
    expect(v.entries[0]!.reason).toContain('EPSG:4547');
  });

  it('should convert the geometry to WGS 84 and drop heights', () => {
    const v = validateRow(row({ code: 'F1', name: '站', type: 'health_station' }, { type: 'Point', coordinates: [500000, 3384210, 12] }), [spec('facilities')], resolveCrs('EPSG:4547'));
    expect((v.geometry as { coordinates: number[] }).coordinates).toHaveLength(2);
    expect((v.geometry as { coordinates: number[] }).coordinates[0]).toBeCloseTo(114, 9);
  });

  it('should give a building without a code a stable code from its position', () => {
    const a = validateRow(row({ households: 10 }, { type: 'Point', coordinates: [116.39, 39.9] }), [spec('buildings')], WGS84);
    const b = validateRow(row({ households: 99 }, { type: 'Point', coordinates: [116.39, 39.9] }), [spec('buildings')], WGS84);
    expect(a.code).toMatch(/^B-[0-9a-f]{14}$/);
    expect(a).toMatchObject({ code: b.code, codeGenerated: true });
  });

  it('should send rows of a districts file to district or street by kind', () => {
    const specs = [spec('districts'), spec('streets')];
    expect(validateRow(row({ code: 'D1', name: '区', kind: 'county' }, null), specs, WGS84)).toMatchObject({ table: 'district', entries: [] });
    expect(validateRow(row({ code: 'S1', name: '镇', kind: 'township', district_code: 'D1' }, null), specs, WGS84)).toMatchObject({ table: 'street', entries: [] });
    expect(validateRow(row({ code: 'S1', name: '镇', kind: 'village' }, null), specs, WGS84).entries[0]).toMatchObject({ field: 'features[0].properties.kind' });
  });

  it('When a geometry is missing where required, then the geometry is named', () => {
    const v = validateRow(row(community, null), [spec('communities')], WGS84);
    expect(v.entries).toEqual([expect.objectContaining({ field: 'features[0].geometry', reason: expect.stringContaining('is required') })]);
  });

  it('should not change its input', () => {
    const input = row({ ...community, households: '1500' }, structuredClone(square), 'rows[0]');
    const before = structuredClone(input);
    validateRow(input, [spec('communities')], resolveCrs('gcj02'));
    expect(input).toEqual(before);
  });
});
