import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readShapefileZip } from '../../../../api/src/domain/imports/read-shapefile.ts';
import { collect } from './helpers.ts';

const ZIP = readFileSync(new URL('../../../fixtures/imports/valid/communities-epsg4547.zip', import.meta.url));

describe('readShapefileZip', () => {
  it('should yield the .prj first, then one row per record with DBF fields as written (UTF-8 by its .cpg)', async () => {
    const { rows, crs } = await collect(readShapefileZip(ZIP));
    expect(crs).toHaveLength(1);
    expect(crs[0]).toMatch(/^PROJCS\["CGCS2000_3_Degree_GK_CM_114E"/);
    expect(rows.map((r) => r.properties)).toEqual([
      { code: 'IMP-W01', name: '江汉社区', street_cod: 'D01S02', households: 1800, population: 5000, elderly: 900 },
      { code: 'IMP-W02', name: '汉正社区', street_cod: 'D01S02', households: 1900, population: 5000, elderly: 900 },
    ]);
    expect(rows[0]).toMatchObject({ index: 0, propertiesPath: 'records[0]', geometryPath: 'records[0].geometry', geometry: { type: 'Polygon' } });
  });

  it.each([
    ['bytes that are no zip', new Uint8Array([1, 2, 3, 4]), 'not a readable zip'],
    ['a zip without a .shp', zipSync({ 'readme.txt': new Uint8Array([65]) }), 'no .shp'],
    ['a zip with two shapefiles', zipSync({ 'a.shp': new Uint8Array(100), 'b.shp': new Uint8Array(100) }), '2 shapefiles'],
  ])('When given %s, then it throws naming the body', async (_what, bytes, reason) => {
    await expect(collect(readShapefileZip(bytes))).rejects.toMatchObject({ name: 'ImportFileError', field: 'body', message: expect.stringContaining(reason) });
  });
});
