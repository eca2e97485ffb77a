import gcoordImport from 'gcoord';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../map-client/src/config.ts';
import { gcjPixelOffset, mercatorPixel, pixelToLonLat, sourceTilesFor, wrapTilesForGcj } from '../../../map-client/src/gcj02.ts';

type Gcoord = { transform(input: [number, number], from: string, to: string): unknown; WGS84: string; GCJ02: string };
const gcoord = ((gcoordImport as unknown as { default?: Gcoord }).default ?? gcoordImport) as unknown as Gcoord;

describe('client config', () => {
  it('should default to no basemap (offline)', () => {
    expect(parseConfig({ basemap: null })).toEqual({ config: { basemap: null }, problems: [] });
    expect(parseConfig(undefined).config.basemap).toBeNull();
  });

  it('should read a raster basemap with its CRS and defaults', () => {
    const { config, problems } = parseConfig({ basemap: { tiles: ['https://t.example/{z}/{x}/{y}.png'], crs: 'gcj02', attribution: '© t' } });

    expect(problems).toEqual([]);
    expect(config.basemap).toEqual({ kind: 'raster', tiles: ['https://t.example/{z}/{x}/{y}.png'], tileSize: 256, attribution: '© t', maxzoom: 19, crs: 'gcj02' });
  });

  it('should read a style basemap, and name every setting it cannot use', () => {
    expect(parseConfig({ basemap: { style: 'https://s.example/style.json' } }).config.basemap).toEqual({ kind: 'style', style: 'https://s.example/style.json', crs: 'wgs84' });
    expect(parseConfig({ basemap: { tiles: ['ftp://x'] } }).problems).toEqual([expect.stringContaining('basemap: needs')]);
    expect(parseConfig({ basemap: { style: 'https://s.example/style.json', crs: 'bd09' } }).problems).toEqual([expect.stringContaining('basemap.crs')]);
    expect(parseConfig('nonsense').problems).toEqual(['config: must be an object']);
  });
});

describe('GCJ-02 basemap re-projection', () => {
  it('should round-trip Web Mercator pixels', () => {
    const [x, y] = mercatorPixel(118.05, 36.78, 14, 256);
    const [lon, lat] = pixelToLonLat(x, y, 14, 256);

    expect(lon).toBeCloseTo(118.05, 10);
    expect(lat).toBeCloseTo(36.78, 10);
  });

  it('should offset each tile by where gcoord puts its centre in GCJ-02', () => {
    const [z, x, y] = [15, 27125, 12655];
    const { dx, dy } = gcjPixelOffset(z, x, y);
    const centre = pixelToLonLat((x + 0.5) * 256, (y + 0.5) * 256, z, 256);
    const gcj = gcoord.transform(centre as [number, number], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    // Independent: metres between the two points over metres per pixel at this zoom and latitude.
    const metresPerPixel = (40_075_016.686 * Math.cos((centre[1] * Math.PI) / 180)) / (256 * 2 ** z);
    const eastM = (gcj[0] - centre[0]) * (Math.PI / 180) * 6_378_137 * Math.cos((centre[1] * Math.PI) / 180);

    expect(dx).toBeCloseTo(eastM / metresPerPixel, 1);
    expect(Math.hypot(dx, dy) * metresPerPixel).toBeGreaterThan(100); // GCJ-02 is hundreds of metres off in China
    expect(gcjPixelOffset(15, 16384, 16384)).toEqual({ dx: 0, dy: 0 }); // (0°, 0°) is outside China: no shift
  });

  it('should compose a tile from the GCJ-02 tiles it overlaps, placed at the offset', () => {
    const [z, x, y] = [15, 27125, 12655];
    const { dx, dy } = gcjPixelOffset(z, x, y);
    const pieces = sourceTilesFor(z, x, y);

    expect(pieces.length).toBeGreaterThanOrEqual(1);
    expect(pieces.length).toBeLessThanOrEqual(4);
    // Every piece sits where its global pixel origin minus the shifted tile origin says.
    for (const piece of pieces) {
      expect(piece.left).toBeCloseTo(piece.x * 256 - (x * 256 + dx), 9);
      expect(piece.top).toBeCloseTo(piece.y * 256 - (y * 256 + dy), 9);
      expect(piece.left).toBeGreaterThan(-256);
      expect(piece.left).toBeLessThan(256);
    }
  });

  it('should route tile templates through the protocol with the template encoded (MapLibre fills only our {z}/{x}/{y})', () => {
    const [url] = wrapTilesForGcj(['https://t.example/{z}/{x}/{y}.png?style=8']);

    expect(url).toBe('gcj02://tile/{z}/{x}/{y}?size=256&src=https%3A%2F%2Ft.example%2F%7Bz%7D%2F%7Bx%7D%2F%7By%7D.png%3Fstyle%3D8');
  });
});
