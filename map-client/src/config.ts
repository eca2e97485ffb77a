// Runtime settings read from `config.json` next to index.html (edit the built file to change
// them without a rebuild). Today: an optional basemap beneath our layers.
//
//   { "basemap": { "tiles": ["https://tiles.example/{z}/{x}/{y}.png"], "tileSize": 256,
//                  "attribution": "© …", "crs": "wgs84" | "gcj02" } }
//   { "basemap": { "style": "https://tiles.example/style.json", "crs": "wgs84" } }
//
// Without a basemap the map is fully offline. Chinese web basemaps (Amap, Tencent, …) are drawn
// in GCJ-02: see gcj02.ts for what the client does then.

export type BasemapCrs = 'wgs84' | 'gcj02';

export type BasemapConfig =
  | { kind: 'raster'; tiles: string[]; tileSize: number; attribution: string | null; maxzoom: number; crs: BasemapCrs }
  | { kind: 'style'; style: string; crs: BasemapCrs };

export interface ClientConfig {
  basemap: BasemapConfig | null;
}

export const DEFAULT_CONFIG: ClientConfig = { basemap: null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpUrl(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\//.test(value);
}

/**
 * Reads a config document; anything it doesn't understand is reported in `problems` and left
 * at its default (a broken basemap setting never breaks the map).
 *
 * @example
 * parseConfig({ basemap: { tiles: ['https://t/{z}/{x}/{y}.png'], crs: 'gcj02' } }).config.basemap?.crs // → 'gcj02'
 */
export function parseConfig(raw: unknown): { config: ClientConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw)) return { config: DEFAULT_CONFIG, problems: raw === null || raw === undefined ? [] : ['config: must be an object'] };
  const basemap = raw.basemap;
  if (basemap === null || basemap === undefined) return { config: DEFAULT_CONFIG, problems };
  if (!isRecord(basemap)) return { config: DEFAULT_CONFIG, problems: ['basemap: must be an object or null'] };
  const crs: BasemapCrs = basemap.crs === 'gcj02' ? 'gcj02' : 'wgs84';
  if (basemap.crs !== undefined && basemap.crs !== 'gcj02' && basemap.crs !== 'wgs84') problems.push(`basemap.crs: must be "wgs84" or "gcj02", got ${JSON.stringify(basemap.crs)}; using wgs84`);
  if (httpUrl(basemap.style)) return { config: { basemap: { kind: 'style', style: basemap.style, crs } }, problems };
  if (Array.isArray(basemap.tiles) && basemap.tiles.length > 0 && basemap.tiles.every(httpUrl)) {
    const tileSize = basemap.tileSize === 512 ? 512 : 256;
    const maxzoom = typeof basemap.maxzoom === 'number' && basemap.maxzoom > 0 && basemap.maxzoom <= 22 ? basemap.maxzoom : 19;
    const attribution = typeof basemap.attribution === 'string' ? basemap.attribution : null;
    return { config: { basemap: { kind: 'raster', tiles: basemap.tiles as string[], tileSize, attribution, maxzoom, crs } }, problems };
  }
  problems.push('basemap: needs "tiles" (a list of http(s) XYZ URLs) or "style" (an http(s) style URL)');
  return { config: DEFAULT_CONFIG, problems };
}

/** Fetches `config.json` beside the page; a missing or broken file gives the defaults. */
export async function loadConfig(url: string): Promise<ClientConfig> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) return DEFAULT_CONFIG;
    const { config, problems } = parseConfig(await response.json());
    for (const problem of problems) console.warn(`[lifecircle] config.json ${problem}`);
    return config;
  } catch {
    return DEFAULT_CONFIG;
  }
}
