import { Router, type Request } from 'express';
import type { Config } from '../../config.ts';
import { COLLECTIONS, findCollection, type CollectionDef } from '../../collections.ts';
import type { Db } from '../../db/connect.ts';
import { getFeature, listFeatures } from '../../db/features.ts';
import { ApiError, invalidParameter } from '../errors.ts';
import { stringify } from 'csv-stringify/sync';
import { negotiateFormat, parseBbox, parseLimit, parseOffset } from '../params.ts';

const RESERVED = new Set(['limit', 'offset', 'bbox', 'f']);
const GEOJSON = 'application/geo+json';

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}`;
}

function collectionOr404(id: string): CollectionDef {
  const def = findCollection(id);
  if (!def) {
    throw new ApiError(404, 'not_found', `collection ${JSON.stringify(id)} does not exist; collections are ${COLLECTIONS.map((c) => c.id).join(', ')}`, { field: 'collectionId' });
  }
  return def;
}

function collectionInfo(def: CollectionDef, base: string) {
  return {
    id: def.id,
    title: def.title,
    description: def.description,
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    links: [
      { href: `${base}/collections/${def.id}`, rel: 'self', type: 'application/json', title: def.title },
      { href: `${base}/collections/${def.id}/items`, rel: 'items', type: GEOJSON, title: `${def.title} items` },
    ],
  };
}

/** Equality filters: every other query parameter must name a published property. */
function parseEquals(def: CollectionDef, query: Request['query']): Record<string, string> {
  const equals: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (RESERVED.has(key)) continue;
    if (!(key in def.properties) || def.properties[key] === 'object') {
      throw invalidParameter(key, `is not a filterable property of ${def.id}; use one of ${Object.keys(def.properties).filter((k) => def.properties[k] !== 'object').join(', ')}`);
    }
    if (typeof value !== 'string') throw invalidParameter(key, 'must be given once, as a single value');
    equals[key] = value;
  }
  return equals;
}

/** OGC API – Features read endpoints: collections and their items. */
export function featureRoutes(db: Db, config: Config): Router {
  const router = Router();

  // JSON-only resources still honour f=json and reject other formats and unsatisfiable Accept headers.
  const jsonOnly = (req: Request) => negotiateFormat(req.query.f, (t) => req.accepts(t), ['json']);

  router.get('/collections', (req, res) => {
    jsonOnly(req);
    const base = baseUrl(req);
    res.json({
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json', title: 'Collections' }],
      collections: COLLECTIONS.map((c) => collectionInfo(c, base)),
    });
  });

  router.get('/collections/:collectionId', (req, res) => {
    jsonOnly(req);
    res.json(collectionInfo(collectionOr404(req.params.collectionId), baseUrl(req)));
  });

  router.get('/collections/:collectionId/items', async (req, res) => {
    const def = collectionOr404(req.params.collectionId);
    const limit = parseLimit(req.query.limit, config.paging);
    const offset = parseOffset(req.query.offset);
    const bbox = parseBbox(req.query.bbox);
    const equals = parseEquals(def, req.query);
    const format = negotiateFormat(req.query.f, (t) => req.accepts(t), ['json', 'csv']);
    if (format === 'csv') {
      const page = await listFeatures(db, def, { limit, offset, bbox, equals, geometryAs: 'wkt' });
      const columns = [...Object.keys(def.properties), ...(def.geometryType ? ['wkt'] : [])];
      const rows = page.features.map((f) => columns.map((c) => {
        const v = (f.properties as Record<string, unknown>)[c];
        return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
      }));
      res.set('OGC-NumberMatched', String(page.numberMatched));
      res.type('text/csv; charset=utf-8').attachment(`${def.id}.csv`).send(stringify(rows, { header: true, columns }));
      return;
    }
    const page = await listFeatures(db, def, { limit, offset, bbox, equals });
    const base = `${baseUrl(req)}/collections/${def.id}/items`;
    const pageUrl = (o: number) => {
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('limit', String(limit));
      params.set('offset', String(o));
      return `${base}?${params.toString()}`;
    };
    const links = [{ href: pageUrl(offset), rel: 'self', type: GEOJSON, title: 'this page' }];
    if (offset + page.features.length < page.numberMatched) links.push({ href: pageUrl(offset + limit), rel: 'next', type: GEOJSON, title: 'next page' });
    if (offset > 0) links.push({ href: pageUrl(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON, title: 'previous page' });
    res.type(GEOJSON).json({
      type: 'FeatureCollection',
      features: page.features,
      numberMatched: page.numberMatched,
      numberReturned: page.features.length,
      timeStamp: new Date().toISOString(),
      links,
    });
  });

  router.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    const def = collectionOr404(req.params.collectionId);
    jsonOnly(req);
    const feature = await getFeature(db, def, req.params.featureId);
    if (!feature) throw new ApiError(404, 'not_found', `${def.id} has no feature ${JSON.stringify(req.params.featureId)}`, { field: 'featureId' });
    const base = baseUrl(req);
    res.type(GEOJSON).json({
      ...feature,
      links: [
        { href: `${base}/collections/${def.id}/items/${encodeURIComponent(req.params.featureId)}`, rel: 'self', type: GEOJSON },
        { href: `${base}/collections/${def.id}`, rel: 'collection', type: 'application/json' },
      ],
    });
  });

  return router;
}
