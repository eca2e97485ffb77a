// Chinese web basemaps (Amap, Tencent, …) draw the world in GCJ-02, offset from WGS 84 by a
// few hundred metres. Our data is WGS 84, and so are our vector tiles, so rather than shift every
// layer we re-project the basemap: each WGS 84 raster tile is composed from the GCJ-02 tiles that
// cover it, drawn at the pixel offset GCJ-02 has at the tile's centre (gcoord's published
// formula). Within a tile the offset varies by well under a pixel at the zooms a city is viewed
// at, so the result lines up with our layers (gcj02-protocol.ts does the drawing). Vector basemap styles in GCJ-02 cannot be
// re-projected this way: the client warns and draws them unshifted (see the README).
import gcoordImport from 'gcoord';

/** The part of gcoord used here. Its only export is a default one; bundlers and Node's CJS interop hand it over differently. */
interface Gcoord {
  transform(input: [number, number], from: string, to: string): unknown;
  WGS84: string;
  GCJ02: string;
}
const gcoord = ((gcoordImport as unknown as { default?: Gcoord }).default ?? gcoordImport) as unknown as Gcoord;

export const GCJ_PROTOCOL = 'gcj02';

/** Global Web Mercator pixel of a lon/lat at zoom z (tileSize px per tile). */
export function mercatorPixel(lon: number, lat: number, z: number, tileSize: number): [number, number] {
  const size = tileSize * 2 ** z;
  const x = ((lon + 180) / 360) * size;
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return [x, y];
}

/** Lon/lat of a global pixel at zoom z. */
export function pixelToLonLat(x: number, y: number, z: number, tileSize: number): [number, number] {
  const size = tileSize * 2 ** z;
  const lon = (x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / size;
  return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/**
 * How far (in pixels at zoom z) the GCJ-02 imagery is from WGS 84 at the centre of tile z/x/y:
 * the WGS 84 point drawn at pixel p sits at p + offset in the GCJ-02 tiles.
 */
export function gcjPixelOffset(z: number, x: number, y: number, tileSize = 256): { dx: number; dy: number } {
  const centre = pixelToLonLat((x + 0.5) * tileSize, (y + 0.5) * tileSize, z, tileSize);
  const [gcjLon, gcjLat] = gcoord.transform(centre, gcoord.WGS84, gcoord.GCJ02) as [number, number];
  const [wx, wy] = mercatorPixel(centre[0], centre[1], z, tileSize);
  const [gx, gy] = mercatorPixel(gcjLon, gcjLat, z, tileSize);
  return { dx: gx - wx, dy: gy - wy };
}

/** The GCJ-02 tiles to draw into WGS 84 tile z/x/y, each with where its top-left corner goes. */
export function sourceTilesFor(z: number, x: number, y: number, tileSize = 256): { x: number; y: number; left: number; top: number }[] {
  const { dx, dy } = gcjPixelOffset(z, x, y, tileSize);
  const originX = x * tileSize + dx;
  const originY = y * tileSize + dy;
  const n = 2 ** z;
  const tiles: { x: number; y: number; left: number; top: number }[] = [];
  for (let ty = Math.floor(originY / tileSize); ty <= Math.floor((originY + tileSize - 1e-9) / tileSize); ty += 1) {
    for (let tx = Math.floor(originX / tileSize); tx <= Math.floor((originX + tileSize - 1e-9) / tileSize); tx += 1) {
      if (ty < 0 || ty >= n) continue;
      tiles.push({ x: ((tx % n) + n) % n, y: ty, left: tx * tileSize - originX, top: ty * tileSize - originY });
    }
  }
  return tiles;
}

/** Tile URL templates routed through the re-projecting protocol. */
export function wrapTilesForGcj(templates: readonly string[], tileSize = 256): string[] {
  return templates.map((template) => `${GCJ_PROTOCOL}://tile/{z}/{x}/{y}?size=${tileSize}&src=${encodeURIComponent(template)}`);
}

