import { Router, type Request, type Response } from 'express';
import type { Geometry } from 'geojson';
import type { Db } from '../../db/connect.ts';
import { runQuery } from '../../db/sql-files.ts';
import type { RollUpLevel } from '../../domain/coverage/index.ts';
import { coverageCompact, coverageGeoJson } from '../../services/coverage-format.ts';
import { coverageExportCsv, coverageExportXlsx, coverageFileName, type ExportLang } from '../../services/coverage-export.ts';
import { LEVELS, type CoverageReport, type CoverageService } from '../../services/coverage.ts';
import { isIsoDate, todayIn } from '../../domain/dates.ts';
import { z } from 'zod';
import { ApiError, invalidParameter } from '../../errors.ts';
import { principalOf } from '../../auth/principal.ts';
import { visibleGaps } from '../../auth/field-access.ts';
import type { ScenarioService } from '../../services/scenarios.ts';
import { scenarioParam } from '../scenario-param.ts';
import { DISTANCE_MODES, parseDistanceMode } from '../../services/walking.ts';
import { one, parseAsOf, parseFormat, parseLevel, parseReach, parseTypes } from '../params.ts';
import { fieldPath } from '../../domain/validation/field-path.ts';
import { notModified } from '../analysis-etag.ts';

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
/** The body of `POST /api/coverage/what-if` (also the OpenAPI schema `WhatIfRequest`). */
export const whatIfSchema = z.object({
  type: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  reach_m: z.union([z.number().positive().max(100_000), z.array(z.number().positive().max(100_000)).min(1)]).optional(),
  as_of: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').optional(),
  level: z.enum(['community', 'street', 'district', 'city']).default('street'),
  changes: z.array(z.discriminatedUnion('op', [
    z.object({ op: z.literal('add'), code: z.string().min(1).max(64).optional(), type: z.string().min(1), lon, lat }),
    z.object({ op: z.literal('move'), code: z.string().min(1), lon, lat }),
    z.object({ op: z.literal('close'), code: z.string().min(1) }),
  ])).min(1).max(100),
  /** A scenario id: the what-if starts from that scenario instead of the baseline (or `?scenario=`). */
  scenario: z.union([z.number(), z.string()]).optional(),
  /** straight (default) or walk: walking distance on the street network. */
  mode: z.enum(DISTANCE_MODES).default('straight'),
}).strict();

/** JSON text of the reports the service keeps (per report and format): a repeated question is not serialised again. */
const bodies = new WeakMap<CoverageReport, Map<'json' | 'compact', string>>();

/** `res.json` of a report (json) or its compact form, for a kept report, which is never changed. */
function sendReport(res: Response, report: CoverageReport, format: 'json' | 'compact'): void {
  let byFormat = bodies.get(report);
  if (!byFormat) bodies.set(report, (byFormat = new Map()));
  let body = byFormat.get(format);
  if (body === undefined) byFormat.set(format, (body = JSON.stringify(format === 'compact' ? coverageCompact(report) : report)));
  res.type('application/json').send(body);
}

/** `GET /api/coverage` and `GET /api/coverage/gaps`. */
export function coverageRoutes(db: Db, coverage: CoverageService, scenarios?: ScenarioService): Router {
  const router = Router();

  router.get('/coverage', async (req, res) => {
    const types = parseTypes(req);
    const reachMeters = parseReach(req);
    const level: RollUpLevel = parseLevel(req, LEVELS);
    const asOf = parseAsOf(req);
    const format = parseFormat(req, ['json', 'csv', 'xlsx', 'geojson', 'compact']);
    const langParam = one(req, 'lang');
    if (langParam !== undefined && langParam !== 'zh-CN' && langParam !== 'en') throw invalidParameter('lang', `must be zh-CN or en, got ${JSON.stringify(langParam)}`);
    const lang = langParam as ExportLang | undefined;
    const mode = parseDistanceMode(one(req, 'mode'));
    const scenario = await scenarioParam(req, scenarios);
    if (notModified(req, res, { dataVersion: await coverage.dataVersion(), scenario: scenario?.toJSON() })) return;
    const report = await coverage.coverage({ types, reachMeters, level, asOf, scenario, mode });
    if (format === 'csv' || format === 'xlsx') {
      const rows = await runQuery<{ code: string; parent_code: string; parent_name: string }>(db.sql, 'unit_parents', [level]);
      const parents = new Map(rows.map((r) => [r.code, r]));
      const options = { parents, ...(lang ? { lang } : {}) };
      if (format === 'csv') res.type('text/csv; charset=utf-8').attachment(coverageFileName(report, lang, 'csv')).send(coverageExportCsv(report, options));
      else res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(coverageFileName(report, lang, 'xlsx')).send(await coverageExportXlsx(report, options));
    } else if (format === 'geojson') {
      const rows = await runQuery<{ code: string; geometry: Geometry | null }>(db.sql, 'unit_shapes', [level]);
      res.type('application/geo+json').json(coverageGeoJson(report, new Map(rows.map((r) => [r.code, r.geometry]))));
    } else {
      sendReport(res, report, format === 'compact' ? 'compact' : 'json');
    }
  });

  router.post('/coverage/what-if', async (req, res) => {
    const parsed = whatIfSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = fieldPath(issue.path) || 'body';
      throw new ApiError('invalid_parameter', `${field}: ${issue.message}`, { field, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    const b = parsed.data;
    const types = typeof b.type === 'string' ? b.type.split(',').map((t) => t.trim()) : b.type;
    const reachMeters = b.reach_m === undefined ? undefined : Array.isArray(b.reach_m) ? b.reach_m : [b.reach_m];
    if (b.scenario !== undefined && req.query['scenario'] !== undefined) throw invalidParameter('scenario', 'give it in the body or the query, not both');
    const scenario = await scenarioParam(req, scenarios, b.scenario ?? req.query['scenario']);
    res.json(await coverage.whatIf({ types, reachMeters, level: b.level, asOf: b.as_of ?? todayIn(), scenario, mode: b.mode }, b.changes));
  });

  router.get('/coverage/gaps', async (req, res) => {
    const types = parseTypes(req);
    const reachMeters = parseReach(req);
    const asOf = parseAsOf(req);
    const unit = one(req, 'unit');
    if (!unit) throw invalidParameter('unit', 'is required: a community, street or district code');
    const mode = parseDistanceMode(one(req, 'mode'));
    const scenario = await scenarioParam(req, scenarios);
    if (notModified(req, res, { dataVersion: await coverage.dataVersion(), scenario: scenario?.toJSON() })) return;
    // uncovered_building features (a building's households) are for planners only.
    res.type('application/geo+json').json(visibleGaps(await coverage.gaps({ types, reachMeters, asOf, unit, scenario, mode }), principalOf(req).role));
  });

  return router;
}
