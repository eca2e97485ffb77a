import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geodesicDistanceMetersLonLat } from '../../../../api/src/domain/geo/geodesic-distance.ts';
import { readShapefileZip } from '../../../../api/src/domain/imports/read-shapefile.ts';
import { reprojectGeometry } from '../../../../api/src/domain/imports/reproject-geometry.ts';
import { resolveCrs } from '../../../../api/src/domain/imports/resolve-crs.ts';
import { gcj02ToBd09, wgs84ToGcj02 } from '../../../fixtures/imports/gcj02-reference.ts';

const TIANANMEN: [number, number] = [116.391275, 39.907245];

describe('resolveCrs', () => {
  it('should bring GCJ-02 (Amap) coordinates of Tiananmen back to WGS 84 within 1 mm', () => {
    const gcj = wgs84ToGcj02(...TIANANMEN);
    expect(geodesicDistanceMetersLonLat(...gcj, ...TIANANMEN)).toBeGreaterThan(100); // the offset is real
    const [lon, lat] = resolveCrs('gcj02').toWgs84(...gcj);
    expect(geodesicDistanceMetersLonLat(lon, lat, ...TIANANMEN)).toBeLessThan(0.001);
  });

  it('should bring BD-09 (Baidu) coordinates back to WGS 84 within 1 mm', () => {
    const bd = gcj02ToBd09(...wgs84ToGcj02(...TIANANMEN));
    const [lon, lat] = resolveCrs('BD-09').toWgs84(...bd);
    expect(geodesicDistanceMetersLonLat(lon, lat, ...TIANANMEN)).toBeLessThan(0.001);
  });

  it('should invert GCJ-02 within 1 mm all over China (grid of points)', () => {
    const crs = resolveCrs('GCJ-02');
    let worst = 0;
    for (let lon = 74; lon <= 134; lon += 3) {
      for (let lat = 18.5; lat <= 53; lat += 2.5) {
        const [x, y] = crs.toWgs84(...wgs84ToGcj02(lon, lat));
        worst = Math.max(worst, geodesicDistanceMetersLonLat(x, y, lon, lat));
      }
    }
    expect(worst).toBeLessThan(0.001);
  });

  it.each([['EPSG:4326'], ['4326'], ['wgs84'], ['urn:ogc:def:crs:OGC:1.3:CRS84'], ['EPSG:4490'], ['CGCS2000']])('should take %s as it is', (spec) => {
    const crs = resolveCrs(spec);
    expect(crs.identity).toBe(true);
    expect(crs.toWgs84(116.39, 39.9)).toEqual([116.39, 39.9]);
  });

  it('should project EPSG:4547 (CGCS2000 GK CM 114E) and Web Mercator by code', () => {
    expect(resolveCrs('EPSG:4547').toWgs84(500000, 0)[0]).toBeCloseTo(114, 9);
    const R = 6378137;
    const [lon, lat] = resolveCrs('urn:ogc:def:crs:EPSG::3857').toWgs84((116.39 * Math.PI * R) / 180, R * Math.log(Math.tan(Math.PI / 4 + (39.9 * Math.PI) / 360)));
    expect(lon).toBeCloseTo(116.39, 9);
    expect(lat).toBeCloseTo(39.9, 9);
  });

  it('should read the ESRI WKT of a .prj written by ogr2ogr and match the original WGS 84 corners within 1 cm', async () => {
    const zip = readFileSync(new URL('../../../fixtures/imports/valid/communities-epsg4547.zip', import.meta.url));
    const items = [];
    for await (const item of readShapefileZip(zip)) items.push(item);
    const prj = items.find((i) => i.kind === 'crs');
    const crs = resolveCrs(prj?.kind === 'crs' ? prj.crs : '');
    const row = items.find((i) => i.kind === 'row');
    const ring = (reprojectGeometry(row?.kind === 'row' ? row.row.geometry : null, crs) as { coordinates: number[][][] }).coordinates[0]!;
    const corners = [[114.3, 30.59], [114.305, 30.59], [114.305, 30.595], [114.3, 30.595]];
    for (const c of corners) {
      const nearest = Math.min(...ring.map((p) => geodesicDistanceMetersLonLat(p[0]!, p[1]!, c[0]!, c[1]!)));
      expect(nearest).toBeLessThan(0.01);
    }
  });

  it.each([['EPSG:99999999'], ['EPSG:1024'], ['mars'], ['']])('When the CRS is %j, then it throws naming crs', (spec) => {
    expect(() => resolveCrs(spec)).toThrow(expect.objectContaining({ field: 'crs' }));
  });
});
