// Chinese web basemaps (Amap, Tencent, …) draw the world in GCJ-02, offset from WGS 84 by a
// few hundred metres. Our data is WGS 84, and so are our vector tiles, so rather than shift every
// layer we re-project the basemap: each WGS 84 raster tile is composed from the GCJ-02 tiles that
// cover it, drawn at the pixel offset GCJ-02 has at the tile's centre (gcoord's published
// formula). Within a tile the offset varies by well under a pixel at the zooms a city is viewed
// at, so the result lines up with our layers. Vector basemap styles in GCJ-02 cannot be
// re-projected this way: the client warns and draws them unshifted (see the README).
import gcoord from 'gcoord';

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

function fill(template: string, z: number, x: number, y: number): string {
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

async function fetchBitmap(url: string, signal: AbortSignal): Promise<ImageBitmap | null> {
  const response = await fetch(url, { signal, mode: 'cors' });
  if (!response.ok) return null;
  return createImageBitmap(await response.blob());
}

interface ProtocolHost {
  addProtocol(name: string, handler: (params: { url: string }, abort: AbortController) => Promise<{ data: ArrayBuffer }>): void;
}

/** Registers `gcj02://` with MapLibre: composes each WGS 84 tile from the GCJ-02 tiles. */
export function registerGcjProtocol(host: ProtocolHost): void {
  host.addProtocol(GCJ_PROTOCOL, async (params, abort) => {
    const match = /^gcj02:\/\/tile\/(\d+)\/(\d+)\/(\d+)\?size=(\d+)&src=(.+)$/.exec(params.url);
    if (!match) throw new Error(`gcj02: cannot read tile URL ${params.url}`);
    const [z, x, y, size] = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
    const template = decodeURIComponent(match[5]!);
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('gcj02: no 2D canvas');
    const pieces = sourceTilesFor(z, x, y, size);
    const bitmaps = await Promise.all(pieces.map((piece) => fetchBitmap(fill(template, z, piece.x, piece.y), abort.signal).catch(() => null)));
    pieces.forEach((piece, i) => {
      const bitmap = bitmaps[i];
      if (bitmap) context.drawImage(bitmap, piece.left, piece.top, size, size);
    });
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return { data: await blob.arrayBuffer() };
  });
}
