// The `gcj02://` protocol MapLibre fetches re-projected basemap tiles through (see gcj02.ts).
import { GCJ_PROTOCOL, sourceTilesFor } from './gcj02.ts';

function fill(template: string, z: number, x: number, y: number): string {
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

async function fetchBitmap(url: string, signal: AbortSignal): Promise<ImageBitmap | null> {
  const response = await fetch(url, { signal, mode: 'cors' });
  if (!response.ok) return null;
  return createImageBitmap(await response.blob());
}

export interface ProtocolHost {
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
