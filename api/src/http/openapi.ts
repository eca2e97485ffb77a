import { COLLECTIONS } from '../schema/collections.ts';
import type { Config } from '../config.ts';
import { AUTH_PATHS, SECURITY_SCHEMES, withSecurity } from '../auth/openapi-auth.ts';
import { SCENARIO_PATHS, SCENARIO_QUERY, SITING_PATHS } from './openapi-scenarios.ts';
import { MODE_QUERY, NETWORK_PATHS } from './openapi-network.ts';
import { IMPORT_BODY, RECORD_BODY, RECORD_PATCH_BODY, RECORD_SCHEMAS } from './openapi-records.ts';
import { NEARBY_PATHS } from './openapi-nearby.ts';
import { SUMMARY_PATHS } from './openapi-summary.ts';
import { BODY_SCHEMAS, jsonBody } from './openapi-bodies.ts';
import { HEALTH_PATHS, HEALTH_SCHEMAS } from './openapi-health.ts';

type Schema = Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const planId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const q = (name: string, description: string, schema: Schema, required = false) => ({ name, in: 'query', required, description, schema });

const coverageParams = [
  q('type', 'Facility type code, or several separated by commas (covered by any: OR).', { type: 'string', example: 'health_center,health_station' }, true),
  q('reach_m', 'Reach in metres on the ground: one for all types or one per type (comma-separated). Default: each type\'s catalogue reach.', { type: 'string', example: '300' }),
  q('as_of', 'Evaluation date (YYYY-MM-DD). Default: today in Asia/Shanghai.', { type: 'string', format: 'date' }),
  SCENARIO_QUERY,
];

/**
 * The OpenAPI 3.0 document of the whole API. Kept beside the routes; a test checks that every
 * route in the express table appears here.
 */
export function buildOpenApi(config: Config): Schema {
  const collectionIds = COLLECTIONS.map((c) => c.id);
  // Every operation declares 'x-role' (public | planner | admin), enforced in one place
  // (api/src/auth/access.ts); withSecurity adds the matching `security` entry.
  return withSecurity({
    openapi: '3.0.3',
    info: {
      title: 'lifecircle API',
      version: '0.1.0',
      description: 'Community facility coverage for city planning. OGC API – Features (Core, GeoJSON, OpenAPI 3.0) for every layer, plus coverage analysis. Distances are geodesic metres on WGS 84.',
      license: { name: 'MIT' },
    },
    servers: [{ url: '/api' }],
    paths: {
      '/': { get: { tags: ['Capabilities'], summary: 'Landing page', operationId: 'getLandingPage', 'x-role': 'public', responses: { 200: { description: 'Links to the API definition, conformance and collections', content: { 'application/json': {} } } } } },
      '/conformance': { get: { tags: ['Capabilities'], summary: 'Conformance classes', operationId: 'getConformance', 'x-role': 'public', responses: { 200: { description: 'The conformance classes implemented', content: { 'application/json': {} } } } } },
      '/openapi.json': { get: { tags: ['Capabilities'], summary: 'This document', operationId: 'getOpenApi', 'x-role': 'public', responses: { 200: { description: 'OpenAPI 3.0', content: { 'application/vnd.oai.openapi+json;version=3.0': {} } } } } },
      '/docs': { get: { tags: ['Capabilities'], summary: 'Interactive API documentation (Swagger UI, served locally)', operationId: 'getApiDocs', 'x-role': 'public', responses: { 200: { description: 'HTML page', content: { 'text/html': {} } } } } },
      ...HEALTH_PATHS,
      '/collections': { get: { tags: ['Data'], summary: 'Feature collections', operationId: 'getCollections', 'x-role': 'public', responses: { 200: { description: 'The collections', content: { 'application/json': {} } } } } },
      '/collections/{collectionId}': {
        get: {
          tags: ['Data'], summary: 'One collection', operationId: 'describeCollection', 'x-role': 'public',
          parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } }],
          responses: { 200: { description: 'The collection', content: { 'application/json': {} } }, 404: errorResponse('Unknown collection') },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          tags: ['Data'], summary: 'Features of a collection', operationId: 'getFeatures', 'x-role': 'public',
          description: 'Paged by `limit`/`offset` with `next`/`prev` links. Any published property can be used as an equality filter, e.g. `?type=health_center`. `f=csv` gives CSV (UTF-8, WKT geometry column).',
          parameters: [
            { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
            q('limit', `Page size (default ${config.paging.limitDefault}, maximum ${config.paging.limitMax}).`, { type: 'integer', minimum: 1, maximum: config.paging.limitMax, default: config.paging.limitDefault }),
            q('offset', 'Features to skip.', { type: 'integer', minimum: 0, default: 0 }),
            { ...q('bbox', 'west,south,east,north in WGS 84 degrees.', { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 }), style: 'form', explode: false },
            q('f', 'Output format.', { type: 'string', enum: ['json', 'csv'], default: 'json' }),
          ],
          responses: {
            200: { description: 'A page of features', content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/FeatureCollection' } }, 'text/csv': {} } },
            400: errorResponse('Invalid parameter (the field is named in details.field)'),
            404: errorResponse('Unknown collection'),
          },
        },
        post: {
          tags: ['Editing'], summary: 'Create a record (a GeoJSON Feature with the collection\'s fields as properties)', operationId: 'createFeature', 'x-role': 'planner',
          parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } }],
          requestBody: { required: true, content: { 'application/geo+json': { schema: RECORD_BODY }, 'application/json': { schema: RECORD_BODY } } },
          responses: { 201: { description: 'Created; ETag and Location headers' }, 400: errorResponse('Invalid record (details.field names it)'), 409: errorResponse('Code exists') },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          tags: ['Data'], summary: 'One feature by its code', operationId: 'getFeature', 'x-role': 'public',
          parameters: [
            { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'The feature, with its ETag (304 on a matching If-None-Match)', content: { 'application/geo+json': {} } }, 404: errorResponse('Unknown collection or feature') },
        },
        put: {
          tags: ['Editing'], summary: 'Replace a record; requires If-Match with its ETag', operationId: 'replaceFeature', 'x-role': 'planner',
          parameters: [
            { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/geo+json': { schema: RECORD_BODY }, 'application/json': { schema: RECORD_BODY } } },
          responses: { 200: { description: 'Replaced; new ETag' }, 400: errorResponse('Invalid record'), 412: errorResponse('Stale If-Match: someone else changed it'), 428: errorResponse('If-Match missing') },
        },
        patch: {
          tags: ['Editing'], summary: 'Merge-patch a record\'s properties and/or replace its geometry; requires If-Match', operationId: 'patchFeature', 'x-role': 'planner',
          parameters: [
            { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: RECORD_PATCH_BODY } } },
          responses: { 200: { description: 'Patched; new ETag' }, 400: errorResponse('Invalid record'), 412: errorResponse('Stale If-Match'), 428: errorResponse('If-Match missing') },
        },
        delete: {
          tags: ['Editing'], summary: 'Delete a record; requires If-Match', operationId: 'deleteFeature', 'x-role': 'planner',
          parameters: [
            { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } },
          ],
          responses: { 204: { description: 'Deleted' }, 409: errorResponse('Still referred to'), 412: errorResponse('Stale If-Match'), 428: errorResponse('If-Match missing') },
        },
      },
      '/tiles/basemap.json': {
        get: {
          tags: ['Tiles'], summary: 'TileJSON 3.0 for the offline basemap drawn from the loaded city (streets, railways, water, green, campuses, footprints, place names)', operationId: 'getBasemapTileJson', 'x-role': 'public',
          responses: { 200: { description: 'TileJSON; vector_layers lists the layers this city has', content: { 'application/json': {} } }, 400: errorResponse('A query parameter was given') },
        },
      },
      '/tiles/basemap/{z}/{x}/{y}.mvt': {
        get: {
          tags: ['Tiles'], summary: 'A basemap vector tile: layers water, waterway, green, campus, building, rail, road, place (fields class, name, name_en)', operationId: 'getBasemapTile', 'x-role': 'public',
          parameters: [
            { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: 22 } },
            { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
            { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          ],
          responses: { 200: { description: 'The tile; ETag, revalidate on every use', content: { 'application/vnd.mapbox-vector-tile': {} } }, 204: { description: 'Empty tile' }, 304: { description: 'Not modified' }, 400: errorResponse('Invalid z/x/y') },
        },
      },
      '/tiles/{collection}.json': {
        get: {
          tags: ['Tiles'], summary: 'TileJSON 3.0 for a collection\'s vector tiles', operationId: 'getTileJson', 'x-role': 'public',
          parameters: [{ name: 'collection', in: 'path', required: true, schema: { type: 'string', enum: ['districts', 'streets', 'communities', 'buildings', 'facilities'] } }],
          responses: { 200: { description: 'TileJSON', content: { 'application/json': {} } }, 404: errorResponse('Unknown collection') },
        },
      },
      '/tiles/{collection}/{z}/{x}/{y}.mvt': {
        get: {
          tags: ['Tiles'], summary: 'A Mapbox Vector Tile (communities carry coverage figures when `type` is given)', operationId: 'getTile', 'x-role': 'public',
          parameters: [
            { name: 'collection', in: 'path', required: true, schema: { type: 'string', enum: ['districts', 'streets', 'communities', 'buildings', 'facilities'] } },
            { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: 22 } },
            { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
            { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
            ...coverageParams.map((p) => ({ ...p, required: false })),
          ],
          responses: { 200: { description: 'The tile; ETag, revalidate on every use', content: { 'application/vnd.mapbox-vector-tile': {} } }, 204: { description: 'Empty tile' }, 304: { description: 'Not modified' }, 400: errorResponse('Invalid z/x/y or parameter'), 404: errorResponse('Unknown collection') },
        },
      },
      '/plans': {
        get: { tags: ['Plans'], summary: 'Plan profiles', operationId: 'listPlans', 'x-role': 'public', responses: { 200: { description: 'Profiles (built-in and user-defined)' } } },
        post: { tags: ['Plans'], summary: 'Add a plan profile (validated; 400 names the exact path of a fault)', operationId: 'createPlan', 'x-role': 'admin', requestBody: jsonBody('PlanProfile'), responses: { 201: { description: 'Created' }, 400: errorResponse('Invalid profile'), 409: errorResponse('Id exists') } },
      },
      '/plans/{id}': {
        get: { tags: ['Plans'], summary: 'One plan profile', operationId: 'getPlan', 'x-role': 'public', parameters: [planId], responses: { 200: { description: 'The profile' }, 404: errorResponse('Unknown plan') } },
        put: { tags: ['Plans'], summary: 'Replace a plan profile', operationId: 'replacePlan', 'x-role': 'admin', parameters: [planId], requestBody: jsonBody('PlanProfile'), responses: { 200: { description: 'Saved' }, 400: errorResponse('Invalid profile') } },
      },
      '/plans/{id}/evaluation': {
        get: {
          tags: ['Plans'], summary: 'Evaluate every target of a plan as of a date', operationId: 'evaluatePlan', 'x-role': 'public',
          parameters: [planId, q('as_of', 'Evaluation date (YYYY-MM-DD). Default: today.', { type: 'string', format: 'date' }), q('level', 'Level of failing units listed.', { type: 'string' }), q('method', 'Coverage method override.', { type: 'string', enum: ['reach', 'unit'] }), q('format', 'Output format: json, csv (without lang: one column per field; with lang: for readers, UTF-8 with BOM, rounded, names beside codes), xlsx (for readers) or html (the printable report).', { type: 'string', enum: ['json', 'csv', 'xlsx', 'html'], default: 'json' }), q('lang', 'Language of the report, the reader CSV/XLSX headers and file name.', { type: 'string', enum: ['zh', 'zh-CN', 'en'] }), q('progress', 'Add a year series, e.g. 2001-2007.', { type: 'string' }), SCENARIO_QUERY, MODE_QUERY,
            q('units', 'JSON: items kept per list of each target (failing_units, units, breakdown, arrays of details). Default 20: a target whose list is longer carries more.<list> = { total, next } with the link to the rest, and failing_total always; all = every item (the whole answer, 51 MB on a province). CSV, XLSX and HTML always hold every item.', { oneOf: [{ type: 'string', enum: ['all'] }, { type: 'integer', minimum: 0, maximum: 1000 }], default: 20 }),
            q('target', 'JSON: answer one page of one list of this target instead of the evaluation: { target, list, total, offset, limit, items, next }.', { type: 'string' }),
            q('list', 'With target: failing_units (default), units, breakdown or details.<key>.', { type: 'string', default: 'failing_units' }),
            q('offset', 'With target: first item of the page.', { type: 'integer', minimum: 0, default: 0 }),
            q('limit', 'With target: items per page.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 })],
          responses: { 200: { description: '{ plan, as_of, units_limit, summary, targets: [{ id, kind, level, value, threshold, unit, status, shortfall, failing_total, failing_units (first units_limit), more?: { failing_units: { total, next } } }] }; with target: one page { target, list, total, offset, limit, items, next }', content: { 'application/json': {}, 'text/csv': {}, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {}, 'text/html': {} } }, 400: errorResponse('Invalid parameter'), 404: errorResponse('Unknown plan, or (with target) unknown target') },
        },
      },
      '/plans/{id}/progress': {
        get: { tags: ['Plans'], summary: 'Per-target series over several dates', operationId: 'planProgress', 'x-role': 'public', parameters: [planId, q('years', 'e.g. 2001-2007', { type: 'string' }), q('dates', 'Comma-separated dates', { type: 'string' }), SCENARIO_QUERY, MODE_QUERY], responses: { 200: { description: 'Series' }, 400: errorResponse('Invalid parameter') } },
      },
      '/audit': {
        get: {
          tags: ['Editing'], summary: 'The audit log: who changed what and when, newest first', operationId: 'getAuditLog', 'x-role': 'planner',
          description: 'Every write (features, imports, scenarios, accounts) with its before/after record. Entries about accounts and API keys are listed to admins only (they never hold secrets).',
          parameters: [
            q('collection', 'Only this collection (facilities, communities, scenarios, users…).', { type: 'string' }),
            q('code', 'Only this record.', { type: 'string' }),
            q('actor', 'Only this user.', { type: 'string' }),
            q('since', 'Entries at or after this date or date-time (ISO 8601 with zone).', { type: 'string' }),
            q('limit', `Page size (default ${config.paging.limitDefault}, maximum ${config.paging.limitMax}).`, { type: 'integer', minimum: 1, maximum: config.paging.limitMax }),
            q('offset', 'Entries to skip.', { type: 'integer', minimum: 0 }),
          ],
          responses: { 200: { description: '{ entries: [{ id, at, actor, action, collection, code, before, after }], numberMatched, numberReturned }' }, 400: errorResponse('Invalid parameter'), 401: errorResponse('Not signed in'), 403: errorResponse('Not a planner') },
        },
      },
      '/plans/{id}/reported': {
        get: { tags: ['Plans'], summary: 'Reported figures (targets the map cannot compute)', operationId: 'listReported', 'x-role': 'public', parameters: [planId], responses: { 200: { description: 'Figures with date, source, author and unit_code (\'\' = the city)' } } },
        post: { tags: ['Plans'], summary: 'Import reported figures from CSV (all or nothing)', description: 'Header target_id,unit,value,date,source,author,measure,note (unit: the street, district or community code for a target checked per unit; empty for a city-wide one). Every faulty row is named ("row 3: unit: …") and nothing is stored.', operationId: 'importReported', 'x-role': 'planner', parameters: [planId], requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }, responses: { 201: { description: '{ plan, imported, figures }' }, 400: errorResponse('Invalid CSV or figure') } },
      },
      '/plans/{id}/reported/{target_id}': {
        post: { tags: ['Plans'], summary: 'Enter a reported figure', description: 'Body { value, date, source, author, measure?, unit?, note? }; unit (a street, district or community code) is required for a target checked per unit and refused for a city-wide one.', operationId: 'addReported', 'x-role': 'planner', parameters: [planId, { name: 'target_id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: jsonBody('ReportedFigure'), responses: { 201: { description: 'Stored' }, 400: errorResponse('Invalid figure') } },
      },
      '/accessibility': {
        get: {
          tags: ['Accessibility'], summary: '2SFCA / E2SFCA supply-to-demand ratio per unit', operationId: 'getAccessibility', 'x-role': 'public',
          parameters: [q('type', 'Facility type.', { type: 'string' }, true), q('supply', 'Capacity attribute.', { type: 'string', enum: ['gp_count', 'beds', 'floor_area_m2'] }), q('demand', 'Demand measure.', { type: 'string', enum: ['population', 'elderly', 'households'] }), q('reach_m', 'Catchment in metres.', { type: 'number' }), q('method', 'Method.', { type: 'string', enum: ['2sfca', 'e2sfca'] }), q('level', 'Unit level.', { type: 'string', enum: ['community', 'street', 'district', 'city'] }), MODE_QUERY, q('as_of', 'Date.', { type: 'string', format: 'date' }), SCENARIO_QUERY],
          responses: { 200: { description: '{ totals: { supply, supply_reached, demand }, units: [{ code, name, demand, supply_reachable, ratio }] }' }, 400: errorResponse('Invalid parameter') },
        },
      },
      '/accessibility/capacitated': {
        get: { tags: ['Accessibility'], summary: 'Households covered within capacity, over capacity, not covered (nearest first until full)', operationId: 'getCapacitatedCoverage', 'x-role': 'public', parameters: [q('type', 'Facility type.', { type: 'string' }, true), SCENARIO_QUERY, MODE_QUERY], responses: { 200: { description: 'Three numbers per unit' }, 400: errorResponse('Invalid parameter') } },
      },
      '/coverage': {
        get: {
          tags: ['Coverage'], summary: 'Households and population within reach, per unit', operationId: 'getCoverage', 'x-role': 'public',
          parameters: [
            ...coverageParams,
            MODE_QUERY,
            q('level', 'Unit level.', { type: 'string', enum: ['community', 'street', 'district', 'city'], default: 'community' }),
            q('format', 'Output format. compact: the map\'s form, units as { code: [households_covered, households] } (rate = covered / households). csv: UTF-8 with BOM, counts rounded, rate as a percentage (one decimal), the parent unit\'s code and name beside each unit\'s. xlsx: the same table as a workbook.', { type: 'string', enum: ['json', 'csv', 'xlsx', 'geojson', 'compact'], default: 'json' }),
            q('lang', 'csv/xlsx: headers and file name in this language (default for csv: machine column names).', { type: 'string', enum: ['zh-CN', 'en'] }),
          ],
          responses: { 200: { description: '{ type, reach_m, as_of, level, totals, units }; ETag (304 on If-None-Match)', content: { 'application/json': {}, 'text/csv': {}, 'application/geo+json': {} } }, 400: errorResponse('Invalid parameter') },
        },
      },
      '/coverage/gaps': {
        get: {
          tags: ['Coverage'], summary: 'Uncovered areas and buildings of a unit', operationId: 'getCoverageGaps', 'x-role': 'public',
          parameters: [...coverageParams, MODE_QUERY, q('unit', 'A community, street or district code.', { type: 'string' }, true)],
          responses: { 200: { description: 'GeoJSON: uncovered_area polygons and uncovered_building points', content: { 'application/geo+json': {} } }, 400: errorResponse('Invalid parameter'), 404: errorResponse('Unknown unit') },
        },
      },
      '/coverage/what-if': {
        post: {
          tags: ['Coverage'], summary: 'Coverage before and after adding, moving or closing facilities (nothing is stored)', operationId: 'postCoverageWhatIf', 'x-role': 'planner', parameters: [SCENARIO_QUERY],
          requestBody: jsonBody('WhatIfRequest'),
          responses: { 200: { description: '{ before, after, changed_communities, elapsed_ms }' }, 400: errorResponse('Invalid body') },
        },
      },
      ...AUTH_PATHS,
      ...SCENARIO_PATHS,
      ...SITING_PATHS,
      ...NETWORK_PATHS,
      ...NEARBY_PATHS,
      ...SUMMARY_PATHS,
      '/imports': {
        post: {
          tags: ['Imports'], summary: 'Import a GeoJSON, CSV or zipped Shapefile into a collection, all or nothing, with a validation report', operationId: 'postImport', 'x-role': 'planner',
          parameters: [
            q('collection', 'Target collection.', { type: 'string', enum: ['districts', 'streets', 'communities', 'buildings', 'facilities', 'facility-types'] }, true),
            q('crs', 'CRS of the coordinates: EPSG:4326 (default), EPSG:4490, gcj02 (Amap), bd09 (Baidu) or any EPSG:n; default what the file declares (.prj, GeoJSON crs).', { type: 'string' }),
            q('dry_run', 'Validate and count only; write nothing.', { type: 'boolean', default: false }),
            q('format', 'Overrides the format told by Content-Type.', { type: 'string', enum: ['geojson', 'csv', 'shapefile'] }),
          ],
          requestBody: { required: true, description: 'The file, at most 200 MB.', content: { 'application/geo+json': { schema: IMPORT_BODY }, 'application/json': { schema: IMPORT_BODY }, 'text/csv': {}, 'application/zip': {} } },
          responses: {
            200: { description: 'The report: { collection, format, dry_run, crs, crs_source, rows, inserted, updated, written, error_count, warning_count, errors, warnings, seconds }' },
            400: errorResponse('Invalid parameter'), 413: errorResponse('Body over 200 MB'), 415: errorResponse('Unsupported Content-Type'),
            422: errorResponse('Rows at fault (validation_failed): the report is in error.details, error.details.field names the first; nothing was written'),
          },
        },
      },
    },
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        ...RECORD_SCHEMAS,
        ...BODY_SCHEMAS,
        ...HEALTH_SCHEMAS,
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', properties: { field: { type: 'string' } } } } } },
        },
        FeatureCollection: {
          type: 'object', required: ['type', 'features'],
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: { type: 'object' } },
            numberMatched: { type: 'integer' }, numberReturned: { type: 'integer' }, timeStamp: { type: 'string', format: 'date-time' },
            links: { type: 'array', items: { type: 'object', properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } } },
          },
        },
      },
    },
  });
}
