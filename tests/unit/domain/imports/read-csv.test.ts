import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../api/src/domain/imports/read-csv.ts';
import { chunked, collect } from './helpers.ts';

describe('readCsv', () => {
  it('should read lon/lat columns into a Point and the other columns as properties (BOM and CRLF too)', async () => {
    const { rows } = await collect(readCsv(chunked('\uFEFFcode,name,type,lng,lat\r\nF1,卫生站,health_station,116.39,39.9\r\n\r\nF2,站二,health_station,116.4,39.91\r\n', 4)));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ index: 0, properties: { code: 'F1', name: '卫生站', type: 'health_station' }, geometry: { type: 'Point', coordinates: [116.39, 39.9] } });
    expect(rows[1]!.pointFields).toEqual({ lon: 'rows[1].lng', lat: 'rows[1].lat' });
  });

  it('should read a WKT column', async () => {
    const { rows } = await collect(readCsv(chunked('code,wkt\nC1,"POLYGON((1 1,2 1,2 2,1 1))"\n')));
    expect(rows[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [[[1, 1], [2, 1], [2, 2], [1, 1]]] });
    expect(rows[0]!.geometryPath).toBe('rows[0].wkt');
  });

  it('should read attribute-only rows (districts and streets) with no geometry and drop empty cells', async () => {
    const { rows } = await collect(readCsv(chunked('code,name,kind,district_code\nD1,区,district,\nS1,街道,street,D1\n')));
    expect(rows.map((r) => [r.properties, r.geometry])).toEqual([
      [{ code: 'D1', name: '区', kind: 'district' }, null],
      [{ code: 'S1', name: '街道', kind: 'street', district_code: 'D1' }, null],
    ]);
  });

  it('should decode GBK when told so', async () => {
    const gbk = Buffer.from([...Buffer.from('code,name\nC1,'), 0xc9, 0xe7, 0xc7, 0xf8, 0x0a]); // 社区
    const { rows } = await collect(readCsv(chunked(gbk, 3), { encoding: 'gbk' }));
    expect(rows[0]!.properties.name).toBe('社区');
  });

  it('When a row has a non-numeric longitude or the wrong column count, then that row carries a fault', async () => {
    const { rows } = await collect(readCsv(chunked('code,lon,lat\nA,east,39.9\nB,116.3,39.9,extra\n')));
    expect(rows[0]!.fault).toMatchObject({ field: 'rows[0].lon' });
    expect(rows[1]!.fault).toMatchObject({ field: 'rows[1]' });
  });

  it.each([
    ['', 'body'],
    ['code,lat\nA,39\n', 'header'],
    ['code,code\nA,B\n', 'header'],
    ['code,name\nA,"unclosed\n', 'body'],
  ])('When the file is %j, then it throws naming %s', async (text, field) => {
    await expect(collect(readCsv(chunked(text)))).rejects.toMatchObject({ name: 'ImportFileError', field });
  });

  it('When the encoding is unknown, then it throws naming encoding', async () => {
    await expect(collect(readCsv(chunked('a\n1\n'), { encoding: 'klingon' }))).rejects.toMatchObject({ field: 'encoding' });
  });
});
