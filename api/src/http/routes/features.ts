import { Router, type Request, type Response } from 'express';
import type { Config } from '../../config.ts';
import { COLLECTIONS, findCollection, type CollectionDef } from '../../schema/collections.ts';
import type { Db } from '../../db/connect.ts';
import { getFeature, listFeatures } from '../../db/features.ts';
import { ApiError, invalidParameter } from '../../errors.ts';
import type { EditService } from '../../services/editing.ts';
import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '../../domain/csv-cells.ts';
import { ifMatchVersion, ifNoneMatch, negotiateFormat, parseBbox, parseLimit, parseOffset, versionEtag } from '../params.ts';
import { actorOf, principalOf } from '../../auth/principal.ts';
import { visibleCollection } from '../../auth/field-access.ts';

const RESERVED = new Set(['limit', 'offset', 'bbox', 'f']);
const GEOJSON = 'application/geo+json';

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}`;
}

function collectionOr404(id: string): CollectionDef {
  const def = findCollection(id);
  if (!def) {
    throw new ApiError('not_found', `collection ${JSON.stringify(id)} does not exist; collections are ${COLLECTIONS.map((c) => c.id).join(', ')}`, { field: 'collectionId' });
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
    // Own properties only: `constructor`, `toString` … are inherited from Object.prototype, not fields.
    if (!Object.hasOwn(def.properties, key) || def.properties[key] === 'object') {
      throw invalidParameter(key, `is not a filterable property of ${def.id}; use one of ${Object.keys(def.properties).filter((k) => def.properties[k] !== 'object').join(', ')}`);
    }
    if (typeof value !== 'string') throw invalidParameter(key, 'must be given once, as a single value');
    equals[key] = value;
  }
  return equals;
}

function editInput(req: Request): { geometry?: unknown; properties?: unknown } {
  const body = req.body as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || (body as { type?: unknown }).type !== 'Feature') {
    throw new ApiError('invalid_parameter', 'body: must be a GeoJSON Feature { "type": "Feature", "geometry": …, "properties": { … } } sent as application/json or application/geo+json', { field: 'body' });
  }
  const f = body as { geometry?: unknown; properties?: unknown };
  return { geometry: f.geometry, properties: f.properties };
}

/** OGC API – Features: collections and their items, read (Part 1) and write (Part 4 style, with ETag/If-Match). */
export function featureRoutes(db: Db, config: Config, edits: EditService): Router {
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
    // The public does not see planner-only properties (building households): not read, filtered or exported.
    const def = visibleCollection(collectionOr404(req.params.collectionId), principalOf(req).role);
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
      // CSV has no links member: the next page travels in a Link header (RFC 8288).
      if (offset + page.features.length < page.numberMatched) {
        const params = new URLSearchParams(req.query as Record<string, string>);
        params.set('limit', String(limit));
        params.set('offset', String(offset + limit));
        res.set('Link', `<${baseUrl(req)}/collections/${def.id}/items?${params.toString()}>; rel="next"; type="text/csv"`);
      }
      res.type('text/csv; charset=utf-8').attachment(`${def.id}.csv`).send(stringify(rows, { header: true, cast: SAFE_CSV_CAST, columns }));
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
    const def = visibleCollection(collectionOr404(req.params.collectionId), principalOf(req).role);
    jsonOnly(req);
    const feature = await getFeature(db, def, req.params.featureId);
    if (!feature) throw new ApiError('not_found', `${def.id} has no feature ${JSON.stringify(req.params.featureId)}`, { field: 'featureId' });
    const stored = await edits.get(def.id, req.params.featureId);
    if (stored) {
      res.set('ETag', versionEtag(stored.version));
      if (ifNoneMatch(req, versionEtag(stored.version))) {
        res.status(304).end();
        return;
      }
    }
    const base = baseUrl(req);
    res.type(GEOJSON).json({
      ...feature,
      links: [
        { href: `${base}/collections/${def.id}/items/${encodeURIComponent(req.params.featureId)}`, rel: 'self', type: GEOJSON },
        { href: `${base}/collections/${def.id}`, rel: 'collection', type: 'application/json' },
      ],
    });
  });

  const itemUrl = (req: Request, id: string, code: string) => `${baseUrl(req)}/collections/${id}/items/${encodeURIComponent(code)}`;

  /**
   * `Idempotency-Key` on writes: a write that committed under this caller's key is answered again from its
   * audit entry (`Idempotent-Replayed: true`) instead of being applied twice, so a client whose request
   * answered 503 can send it again and learn whether it was done.
   */
  const replayed = async (req: Request, res: Response, action: string, code?: string): Promise<string | undefined | true> => {
    const key = req.get('idempotency-key');
    if (key === undefined) return undefined;
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw invalidParameter('Idempotency-Key', 'must be 1–200 visible ASCII characters (e.g. a UUID)');
    const prior = await edits.outcomeOf(actorOf(req), key);
    if (!prior) return key;
    if (prior.collection !== req.params['collectionId'] || prior.action !== action || (code !== undefined && prior.code !== code)) {
      throw new ApiError('validation_failed', `Idempotency-Key: was used for another write (${prior.action} of ${prior.collection}/${prior.code}); use a new key for a new write`, { field: 'Idempotency-Key' });
    }
    res.set('Idempotent-Replayed', 'true');
    if (action === 'delete') res.status(204).end();
    else res.status(action === 'create' ? 201 : 200).type(GEOJSON).json(prior.after);
    return true;
  };

  router.post('/collections/:collectionId/items', async (req, res) => {
    collectionOr404(req.params.collectionId);
    const key = await replayed(req, res, 'create');
    if (key === true) return;
    const stored = await edits.create(req.params.collectionId, editInput(req), actorOf(req), key);
    const code = String(stored.feature.id);
    res.status(201).set({ ETag: versionEtag(stored.version), Location: itemUrl(req, req.params.collectionId, code) }).type(GEOJSON).json(stored.feature);
  });

  /**
   * What every write to an existing item checks first: the collection, a replayed Idempotency-Key
   * (answered here: undefined), then If-Match.
   */
  const itemWrite = async (req: Request<{ collectionId: string; featureId: string }>, res: Response, action: string): Promise<{ key: string | undefined; version: number } | undefined> => {
    collectionOr404(req.params.collectionId);
    const key = await replayed(req, res, action, req.params.featureId);
    if (key === true) return undefined;
    return { key, version: ifMatchVersion(req) };
  };

  router.put('/collections/:collectionId/items/:featureId', async (req, res) => {
    const write = await itemWrite(req, res, 'replace');
    if (!write) return;
    const { key, version } = write;
    const stored = await edits.replace(req.params.collectionId, req.params.featureId, editInput(req), version, actorOf(req), key);
    res.set('ETag', versionEtag(stored.version)).type(GEOJSON).json(stored.feature);
  });

  router.patch('/collections/:collectionId/items/:featureId', async (req, res) => {
    const write = await itemWrite(req, res, 'patch');
    if (!write) return;
    const { key, version } = write;
    const body = req.body as { geometry?: unknown; properties?: unknown } | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ApiError('invalid_parameter', 'body: must be an object { "properties"?: {…}, "geometry"?: … } (JSON merge patch)', { field: 'body' });
    }
    // A patch that names nothing it can change is a mistake, not a no-op write (found by the fuzz test).
    const stray = Object.keys(body).find((k) => !['type', 'id', 'properties', 'geometry', 'links'].includes(k));
    if (stray !== undefined) throw invalidParameter(stray, 'is not a member of a patch; send "properties" and/or "geometry"');
    if (body.properties === undefined && body.geometry === undefined) throw invalidParameter('body', 'names nothing to change: send "properties" and/or "geometry"');
    const stored = await edits.patch(req.params.collectionId, req.params.featureId, { geometry: body.geometry, properties: body.properties }, version, actorOf(req), key);
    res.set('ETag', versionEtag(stored.version)).type(GEOJSON).json(stored.feature);
  });

  router.delete('/collections/:collectionId/items/:featureId', async (req, res) => {
    const write = await itemWrite(req, res, 'delete');
    if (!write) return;
    const { key, version } = write;
    await edits.remove(req.params.collectionId, req.params.featureId, version, actorOf(req), key);
    res.status(204).end();
  });

  return router;
}
