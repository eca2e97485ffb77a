/** OpenAPI paths of scenarios and siting, spread into the document by openapi.ts. */
import { jsonBody } from './openapi-bodies.ts';

type Schema = Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const q = (name: string, description: string, schema: Schema, required = false) => ({ name, in: 'query', required, description, schema });
const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const ifMatch = { name: 'If-Match', in: 'header', required: true, description: 'The ETag last read ("3"): a stale one gets 412.', schema: { type: 'string' } };

/** `scenario=<id>` on every coverage, gaps and evaluation endpoint. */
export const SCENARIO_QUERY = q('scenario', 'Answer for this scenario (GET /api/scenarios) instead of the baseline: its facility changes applied, nothing stored.', { type: 'integer', minimum: 1 });

export const SCENARIO_PATHS: Record<string, Schema> = {
  '/scenarios': {
    get: {
      tags: ['Scenarios'], summary: 'Scenarios the caller can see (public: published; planners: also their own; admins: all)', operationId: 'listScenarios', 'x-role': 'public',
      responses: { 200: { description: '{ scenarios: [{ id, name, description, owner, published, changes (count), version, created_at, updated_at }] }' } },
    },
    post: {
      tags: ['Scenarios'], summary: 'Create a scenario owned by the caller', operationId: 'createScenario', 'x-role': 'planner',
      requestBody: jsonBody('ScenarioCreate'),
      responses: { 201: { description: 'Created; ETag and Location' }, 400: errorResponse('Invalid body, unknown type or facility code (details.field names it)'), 403: errorResponse('Only admins publish') },
    },
  },
  '/scenarios/{id}': {
    get: {
      tags: ['Scenarios'], summary: 'One scenario with its changes, and its ETag', operationId: 'getScenario', 'x-role': 'public', parameters: [id],
      responses: { 200: { description: 'The scenario' }, 304: { description: 'Not modified' }, 404: errorResponse('Unknown or not visible') },
    },
    patch: {
      tags: ['Scenarios'], summary: 'Replace name, description, changes (whole list) or published (admins); requires If-Match', operationId: 'patchScenario', 'x-role': 'planner', parameters: [id, ifMatch],
      requestBody: jsonBody('ScenarioPatch'),
      responses: { 200: { description: 'Saved; new ETag' }, 400: errorResponse('Invalid body'), 403: errorResponse('Not the owner'), 404: errorResponse('Unknown'), 412: errorResponse('Stale If-Match'), 428: errorResponse('If-Match missing') },
    },
    delete: {
      tags: ['Scenarios'], summary: 'Delete a scenario; requires If-Match', operationId: 'deleteScenario', 'x-role': 'planner', parameters: [id, ifMatch],
      responses: { 204: { description: 'Deleted' }, 403: errorResponse('Not the owner'), 404: errorResponse('Unknown'), 412: errorResponse('Stale If-Match'), 428: errorResponse('If-Match missing') },
    },
  },
  '/scenarios/{id}/accept': {
    post: {
      tags: ['Scenarios'], summary: 'Append siting proposals (a job id, or the proposals FeatureCollection as returned) to the scenario as adds, in build order; requires If-Match', operationId: 'acceptSitingProposals', 'x-role': 'planner', parameters: [id, ifMatch],
      requestBody: jsonBody('ScenarioAccept'),
      responses: { 200: { description: 'The scenario; new ETag' }, 400: errorResponse('Invalid body'), 404: errorResponse('Unknown scenario or job'), 412: errorResponse('Stale If-Match') },
    },
  },
  '/scenarios/{id}/compare': {
    get: {
      tags: ['Scenarios'], summary: 'Baseline vs scenario: coverage per unit (households covered, rate, delta) and, with plan, each target before and after', operationId: 'compareScenario', 'x-role': 'public',
      parameters: [
        id,
        q('type', 'Facility type(s), as /api/coverage.', { type: 'string' }, true),
        q('reach_m', 'Reach in metres (one, or one per type).', { type: 'string' }),
        q('level', 'Unit level.', { type: 'string', enum: ['community', 'street', 'district', 'city'], default: 'community' }),
        q('as_of', 'Date (YYYY-MM-DD). Default: today.', { type: 'string', format: 'date' }),
        q('plan', 'A plan profile id: also compare its targets.', { type: 'string' }),
        q('format', 'json, or a spreadsheet: csv (UTF-8 with BOM, one table) or xlsx (units and, with plan, targets sheets); Content-Disposition names the file in lang.', { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' }),
        q('lang', 'Language of the csv/xlsx headers, statuses and file name.', { type: 'string', enum: ['zh-CN', 'en'], default: 'zh-CN' }),
        q('table', 'format=csv: units (with the city total) or targets (needs plan).', { type: 'string', enum: ['units', 'targets'], default: 'units' }),
      ],
      responses: { 200: { content: { 'application/json': {}, 'text/csv': {}, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} }, description: '{ scenario, totals, units: [{ code, households_covered_before, households_covered_after, delta_households_covered, rate_before, rate_after, delta_rate, … }], changed_units, plan?: { targets: [{ id, value_before, value_after, status_before, status_after, met_before, met_after }] } }' }, 400: errorResponse('Invalid parameter'), 404: errorResponse('Unknown scenario or plan'), 409: errorResponse('The scenario no longer applies to the baseline') },
    },
  },
};

export const SITING_PATHS: Record<string, Schema> = {
  '/siting': {
    post: {
      tags: ['Siting'], summary: 'Where to build: max coverage, fewest sites to a target, p-median or p-center. 200 with the result when done within ~1 s, else 202 and a job (Location)', operationId: 'postSiting', 'x-role': 'planner',
      requestBody: jsonBody('SitingRequest'),
      responses: {
        200: { description: 'The result: { objective, bound, gap, curve, proposals: FeatureCollection of points in build order with what each adds (households, by community), … }' },
        202: { description: 'Still running: { id, state, progress }; poll the Location' },
        400: errorResponse('Invalid parameter (details.field names it)'), 404: errorResponse('Unknown scenario'),
        429: errorResponse('too_many_jobs: the caller has LIFECIRCLE_SITING_QUEUE_PER_USER runs queued or running (details.limit, details.count); Retry-After. Nothing was queued'),
        503: errorResponse('queue_full: LIFECIRCLE_SITING_QUEUE_MAX runs are queued or running over every process (embedded: the 2 a process runs at once); Retry-After. Nothing was queued'),
      },
    },
  },
  '/siting/jobs/{id}': {
    get: {
      tags: ['Siting'], summary: 'A siting job: state (running | done | failed | cancelled), progress, and the result when done', operationId: 'getSitingJob', 'x-role': 'planner',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: '{ id, state, progress: { fraction, phase, worker? }, created_at, finished_at, result?, error? }; progress.worker (server): the process working the job, host:pid' }, 404: errorResponse('Unknown or expired job') },
    },
    delete: {
      tags: ['Siting'], summary: 'Cancel a running job (or forget a finished one)', operationId: 'cancelSitingJob', 'x-role': 'planner',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'The job, cancelled' }, 204: { description: 'Forgotten' }, 404: errorResponse('Unknown job') },
    },
  },
};
