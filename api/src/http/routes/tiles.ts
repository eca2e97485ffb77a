import { Router, type Request, type Response } from 'express';
import {
  TILE_MAX_ZOOM,
  TILEJSON_MAX_ZOOM,
  type TileService,
  tileCollection,
  tileEtag,
  type TileCoverage,
  type TileLayerQuery,
} from '../../services/tiles.ts';
import { WEB_MERCATOR_MAX_LAT } from '../../domain/geo/web-mercator-tile.ts';
import { invalidParameter } from '../../errors.ts';
import type { ScenarioService } from '../../services/scenarios.ts';
import { scenarioParam } from '../scenario-param.ts';
import { ifNoneMatch, parseAsOf, parseReach, parseTypes } from '../params.ts';

const MVT = 'application/vnd.mapbox-vector-tile';
/** Clients keep tiles but ask again each time (a cheap 304 while the data version stands). */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';
const COVERAGE_PARAMS = ['type', 'reach_m', 'as_of', 'scenario'];

/** `z`, then `x` and `y` within 0 … 2^z − 1, as non-negative decimal integers. */
function parseTileCoord(params: Record<string, string>): { z: number; x: number; y: number } {
  const int = (field: string, max: number, where: string) => {
    const raw = params[field] ?? '';
    const n = Number(raw);
    if (!/^\d{1,10}$/.test(raw) || n > max) throw invalidParameter(field, `must be an integer 0–${max}${where}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const z = int('z', TILE_MAX_ZOOM, '');
  const max = 2 ** z - 1;
  return { z, x: int('x', max, ` at zoom ${z}`), y: int('y', max, ` at zoom ${z}`) };
}

/** `type` (+ `reach_m`, `as_of`) on communities: coverage properties as in `/api/coverage`. */
function parseLayerQuery(req: Request, collection: string): TileLayerQuery {
  const def = tileCollection(collection);
  const allowed = def.id === 'communities' ? COVERAGE_PARAMS : [];
  for (const key of Object.keys(req.query)) {
    if (!allowed.includes(key)) {
      throw invalidParameter(key, allowed.length > 0
        ? `is not a tile parameter; ${def.id} tiles accept ${allowed.join(', ')}`
        : COVERAGE_PARAMS.includes(key)
          ? `coverage parameters (${COVERAGE_PARAMS.join(', ')}) apply to communities tiles only; ${def.id} tiles take no query parameters`
          : `is not a tile parameter; ${def.id} tiles take no query parameters`);
    }
  }
  if (req.query.type === undefined || req.query.type === '') {
    const stray = ['reach_m', 'as_of', 'scenario'].find((k) => req.query[k] !== undefined);
    if (stray) throw invalidParameter('type', `is required when ${stray} is given (the facility type whose coverage to show)`);
    return { collection: def.id };
  }
  const coverage: TileCoverage = { types: parseTypes(req), reachMeters: parseReach(req), asOf: parseAsOf(req) };
  return { collection: def.id, coverage };
}

function sendNotModified(res: Response, etag: string): void {
  res.set({ ETag: etag, 'Cache-Control': CACHE_CONTROL }).status(304).end();
}

function queryString(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i < 0 ? '' : req.originalUrl.slice(i);
}

/**
 * Vector tiles: `GET /api/tiles/{collection}/{z}/{x}/{y}.mvt` and TileJSON at
 * `GET /api/tiles/{collection}.json`. Communities take `?type=…[&reach_m=…][&as_of=YYYY-MM-DD]` to
 * carry coverage figures (without `type` they carry none).
 */
export function tileRoutes(tiles: TileService, scenarios?: ScenarioService): Router {
  const router = Router();
  /** The layer query with its scenario resolved for the caller (before any ETag is computed). */
  const layerQuery = async (req: Request, collection: string): Promise<TileLayerQuery> => {
    const q = parseLayerQuery(req, collection);
    if (q.coverage) q.coverage.scenario = await scenarioParam(req, scenarios);
    return q;
  };

  router.get('/tiles/:collection.json', async (req, res) => {
    const q = await layerQuery(req, req.params.collection);
    const base = `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    const qs = queryString(req);
    const version = await tiles.dataVersion();
    const current = tileEtag(version, q, 'tilejson', base, qs);
    if (ifNoneMatch(req, current)) return sendNotModified(res, current);
    const layer = await tiles.layerInfo(q, version);
    const bounds = layer.bounds ?? [-180, -WEB_MERCATOR_MAX_LAT, 180, WEB_MERCATOR_MAX_LAT];
    const def = layer.collection;
    const coverageNote = q.coverage
      ? ` Coverage of ${q.coverage.types.join(' or ')} on ${q.coverage.asOf}: rate, households_covered, population_covered, elderly_covered (as /api/coverage?level=community).`
      : '';
    res.set({ ETag: tileEtag(layer.version, q, 'tilejson', base, qs), 'Cache-Control': CACHE_CONTROL });
    res.json({
      tilejson: '3.0.0',
      name: `lifecircle ${def.id}`,
      description: def.description + coverageNote,
      version: '1.0.0',
      scheme: 'xyz',
      tiles: [`${base}/tiles/${def.id}/{z}/{x}/{y}.mvt${qs}`],
      minzoom: 0,
      maxzoom: TILEJSON_MAX_ZOOM,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 12],
      vector_layers: [{ id: def.id, description: def.title + coverageNote, minzoom: 0, maxzoom: TILEJSON_MAX_ZOOM, fields: layer.fields }],
      data_version: layer.version,
    });
  });

  router.get('/tiles/:collection/:z/:x/:y.mvt', async (req, res) => {
    const q = await layerQuery(req, req.params.collection);
    const { z, x, y } = parseTileCoord(req.params);
    const version = await tiles.dataVersion();
    const current = tileEtag(version, q, z, x, y);
    if (ifNoneMatch(req, current)) return sendNotModified(res, current);
    const tile = await tiles.tile(q, z, x, y, version);
    res.set({ ETag: tileEtag(tile.version, q, z, x, y), 'Cache-Control': CACHE_CONTROL });
    // No feature touches the tile: 204, which MapLibre treats as an empty tile.
    if (!tile.data) return void res.status(204).end();
    res.type(MVT).send(Buffer.from(tile.data.buffer, tile.data.byteOffset, tile.data.byteLength));
  });

  return router;
}
