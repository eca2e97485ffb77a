import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { BASEMAP_LAYERS, type BasemapTileService } from '../../services/basemap-tiles.ts';
import { TILE_MAX_ZOOM, TILEJSON_MAX_ZOOM } from '../../services/tiles.ts';
import { WEB_MERCATOR_MAX_LAT } from '../../domain/geo/web-mercator-tile.ts';
import { invalidParameter } from '../../errors.ts';
import { ifNoneMatch } from '../params.ts';

const MVT = 'application/vnd.mapbox-vector-tile';
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

function etag(...parts: Array<string | number>): string {
  return `"${createHash('sha256').update(JSON.stringify(['basemap', ...parts])).digest('base64url').slice(0, 27)}"`;
}

function noQuery(req: Request): void {
  const key = Object.keys(req.query)[0];
  if (key !== undefined) throw invalidParameter(key, 'is not a tile parameter; basemap tiles take no query parameters');
}

function coord(params: Record<string, string>): { z: number; x: number; y: number } {
  const int = (field: string, max: number) => {
    const raw = params[field] ?? '';
    const n = Number(raw);
    if (!/^\d{1,10}$/.test(raw) || n > max) throw invalidParameter(field, `must be an integer 0–${max}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const z = int('z', TILE_MAX_ZOOM);
  return { z, x: int('x', 2 ** z - 1), y: int('y', 2 ** z - 1) };
}

function notModified(res: Response, tag: string): void {
  res.set({ ETag: tag, 'Cache-Control': CACHE_CONTROL }).status(304).end();
}

/**
 * The offline basemap (#17): `GET /api/tiles/basemap.json` (TileJSON) and
 * `GET /api/tiles/basemap/{z}/{x}/{y}.mvt` (layers water, waterway, green, campus, building, rail,
 * road, place). Mounted before the collection tiles, so `basemap` is not taken for a collection.
 */
export function basemapTileRoutes(basemap: BasemapTileService): Router {
  const router = Router();

  router.get('/tiles/basemap.json', async (req, res) => {
    noQuery(req);
    const base = `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    const version = await basemap.dataVersion();
    const current = etag(version, 'tilejson', base);
    if (ifNoneMatch(req, current)) return notModified(res, current);
    const index = await basemap.index(version);
    const bounds = index.bounds ?? [-180, -WEB_MERCATOR_MAX_LAT, 180, WEB_MERCATOR_MAX_LAT];
    res.set({ ETag: etag(index.version, 'tilejson', base), 'Cache-Control': CACHE_CONTROL });
    res.json({
      tilejson: '3.0.0',
      name: 'lifecircle basemap',
      description: `Offline basemap from the loaded city's own data: ${BASEMAP_LAYERS.join(', ')}.`,
      version: '1.0.0',
      scheme: 'xyz',
      tiles: [`${base}/tiles/basemap/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: TILEJSON_MAX_ZOOM,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 12],
      vector_layers: basemap.vectorLayers(index, TILEJSON_MAX_ZOOM),
      feature_counts: index.counts,
      data_version: index.version,
    });
  });

  router.get('/tiles/basemap/:z/:x/:y.mvt', async (req, res) => {
    noQuery(req);
    const { z, x, y } = coord(req.params);
    const version = await basemap.dataVersion();
    const current = etag(version, z, x, y);
    if (ifNoneMatch(req, current)) return notModified(res, current);
    const tile = await basemap.tile(z, x, y, version);
    res.set({ ETag: etag(tile.version, z, x, y), 'Cache-Control': CACHE_CONTROL });
    if (!tile.data) return void res.status(204).end();
    res.type(MVT).send(Buffer.from(tile.data.buffer, tile.data.byteOffset, tile.data.byteLength));
  });

  return router;
}
