import { describe, expect, it } from 'vitest';
import { tileBoundsLonLat, tileOfLonLat, WEB_MERCATOR_MAX_LAT } from '../../../api/src/domain/geo/web-mercator-tile.ts';

describe('web-mercator tiles', () => {
  it('should give the whole Web Mercator square as tile 0/0/0', () => {
    const [w, s, e, n] = tileBoundsLonLat(0, 0, 0);
    expect([w, e]).toEqual([-180, 180]);
    expect(n).toBeCloseTo(WEB_MERCATOR_MAX_LAT, 12);
    expect(s).toBeCloseTo(-WEB_MERCATOR_MAX_LAT, 12);
  });

  it('should split the equator and the prime meridian at zoom 1', () => {
    const [w, s, e, n] = tileBoundsLonLat(1, 1, 1);
    expect([w, e]).toEqual([0, 180]);
    expect(s).toBeCloseTo(-WEB_MERCATOR_MAX_LAT, 12);
    expect(n).toBeCloseTo(0, 12);
  });

  it('should find, for points inside a tile, that same tile (round trip at zooms 0–22)', () => {
    for (const [lon, lat] of [[116.39, 39.91], [118.05, 36.81], [-73.99, 40.73], [151.2, -33.87]] as const) {
      for (let z = 0; z <= 22; z += 1) {
        const { x, y } = tileOfLonLat(lon, lat, z);
        const [w, s, e, n] = tileBoundsLonLat(z, x, y);
        expect(lon >= w && lon < e && lat > s && lat <= n, `${lon},${lat} in ${z}/${x}/${y}`).toBe(true);
      }
    }
  });

  it('should clamp latitudes beyond the square and the east edge to the last tile', () => {
    expect(tileOfLonLat(180, 89.9, 3)).toEqual({ x: 7, y: 0 });
    expect(tileOfLonLat(-180, -89.9, 3)).toEqual({ x: 0, y: 7 });
  });

  it.each([[-1, 0, 0], [1, 2, 0], [1, 0, -1], [1.5, 0, 0]])('should reject a tile that does not exist: %j', (z, x, y) => {
    expect(() => tileBoundsLonLat(z, x, y)).toThrow(RangeError);
  });
});
