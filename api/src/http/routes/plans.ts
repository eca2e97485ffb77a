import express, { Router, type Request, type Response } from 'express';
import { TARGET_LEVELS, type TargetLevel } from '../../domain/plans/index.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { DEFAULT_INLINE_UNITS, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, evaluationCsv, evaluationJson, evaluationPage, seriesCsv } from '../../services/plans-format.ts';
import { evaluationExportCsv, evaluationExportXlsx, evaluationFileName } from '../../services/plan-compare-export.ts';
import type { ExportLang } from '../../services/coverage-export.ts';
import { renderPlanReport, type ReportLang } from '../../services/plans-report.ts';
import type { PlanService } from '../../services/plans.ts';
import { ApiError, invalidParameter } from '../../errors.ts';
import { choice, optionalChoice } from '../../services/choice.ts';
import { DISTANCE_MODES } from '../../services/walking.ts';
import type { ScenarioService } from '../../services/scenarios.ts';
import { scenarioParam } from '../scenario-param.ts';
import { one, parseAsOf, parseLimit, parseOffset } from '../params.ts';
import { notModified } from '../analysis-etag.ts';

/**
 * Dates of a progress series: `dates=2003-12-31,2005-12-31`, or `years=2001-2007` / `years=2001,2003`
 * (each year's 31 December).
 */
export function parseSeriesDates(dates: string | undefined, years: string | undefined): string[] {
  if (dates !== undefined && years !== undefined) throw invalidParameter('dates', 'give dates or years, not both');
  if (dates !== undefined) {
    return dates.split(',').map((d) => {
      const v = d.trim();
      if (!isIsoDate(v)) throw invalidParameter('dates', `must be dates YYYY-MM-DD separated by commas, got ${JSON.stringify(d)}`);
      return v;
    });
  }
  if (years === undefined) throw invalidParameter('years', 'is required (e.g. years=2001-2007), or give dates=YYYY-MM-DD,…');
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(years.trim());
  const list = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : years.split(',').map((y) => (/^\s*\d{4}\s*$/.test(y) ? Number(y) : NaN));
  if (list.length === 0 || list.some((y) => !Number.isInteger(y) || y < 1900 || y > 2200)) {
    throw invalidParameter('years', `must be a range like 2001-2007 or a list like 2001,2003 (years 1900–2200), got ${JSON.stringify(years)}`);
  }
  return list.map((y) => `${y}-12-31`);
}

function evaluationOptions(req: Request): { level: TargetLevel | undefined; method: 'reach' | 'unit' | undefined; mode: 'straight' | 'walk' | undefined } {
  return {
    level: optionalChoice(one(req, 'level'), 'level', TARGET_LEVELS),
    method: optionalChoice(one(req, 'method'), 'method', ['reach', 'unit'] as const),
    mode: optionalChoice(one(req, 'mode'), 'mode', DISTANCE_MODES),
  };
}

/** Paging parameters of the evaluation: left out of the links it gives (they add their own). */
const PAGING = ['units', 'target', 'list', 'offset', 'limit'];

/** `units=all` (every item of every list) or `units=N` (0–1000 per list; default 20). */
function inlineUnits(req: Request): number | null {
  const raw = one(req, 'units');
  if (raw === undefined) return DEFAULT_INLINE_UNITS;
  if (raw === 'all') return null;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_PAGE_LIMIT) throw invalidParameter('units', `must be all or an integer 0–${MAX_PAGE_LIMIT} (items kept per list), got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** The request's own path and query without the paging parameters, for the links to pages. */
function pageBase(req: Request): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (!PAGING.includes(k) && typeof v === 'string') q.append(k, v);
  const qs = q.toString();
  return `${req.baseUrl}${req.path}${qs ? `?${qs}` : ''}`;
}

/** `/api/plans…`: profiles, reported figures, evaluation (JSON, CSV, HTML) and progress series. */
export function planRoutes(plans: PlanService, scenarios?: ScenarioService, dataVersion?: () => Promise<string>): Router {
  /** 304 when nothing the evaluation reads moved: city data, scenario, the plan's revision, its reported figures. */
  const unchanged = async (req: Request, res: Response, id: string, scenario: Awaited<ReturnType<typeof scenarioParam>>): Promise<boolean> => {
    if (!dataVersion) return false;
    const plan = await plans.get(id);
    const extra = [plan.revision, plan.updated_at, await plans.reported(id)];
    return notModified(req, res, { dataVersion: await dataVersion(), scenario: scenario?.toJSON(), extra });
  };
  const router = Router();

  router.get('/plans', async (_req, res) => {
    res.json({ plans: await plans.list() });
  });

  router.post('/plans', async (req, res: Response) => {
    const plan = await plans.create(req.body);
    res.status(201).location(`${req.baseUrl}/plans/${plan.profile.id}`).json(plan.profile);
  });

  router.get('/plans/:id', async (req, res) => {
    const plan = await plans.get(req.params.id!);
    res.set('ETag', `"${plan.profile.id}-r${plan.revision}"`).json(plan.profile);
  });

  router.put('/plans/:id', async (req, res) => {
    const { created, plan } = await plans.put(req.params.id!, req.body);
    res.status(created ? 201 : 200).set('ETag', `"${plan.profile.id}-r${plan.revision}"`).json(plan.profile);
  });

  router.get('/plans/:id/reported', async (req, res) => {
    res.json({ plan: req.params.id, figures: await plans.reported(req.params.id!) });
  });

  // A CSV of figures (per unit or city-wide), all or nothing.
  const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: '2mb' });
  router.post('/plans/:id/reported', csvBody, async (req, res) => {
    if (typeof req.body !== 'string') throw invalidParameter('content-type', 'send the figures as text/csv (header target_id,unit,value,date,source,author,measure,note)');
    const result = await plans.importReported(req.params.id!, req.body as string);
    res.status(201).json(result);
  });

  router.post('/plans/:id/reported/:target_id', async (req, res) => {
    const figure = await plans.addReported(req.params.id!, req.params.target_id!, req.body);
    res.status(201).json(figure);
  });

  router.get('/plans/:id/evaluation', async (req, res) => {
    const asOf = parseAsOf(req);
    const { level, method, mode } = evaluationOptions(req);
    const format = choice(one(req, 'format'), 'format', ['json', 'csv', 'xlsx', 'html'] as const, 'json');
    const langParam = choice(one(req, 'lang'), 'lang', ['zh', 'zh-CN', 'en'] as const, 'zh');
    const lang: ReportLang = langParam === 'en' ? 'en' : 'zh';
    const exportLang: ExportLang = lang === 'en' ? 'en' : 'zh-CN';
    const progress = one(req, 'progress');
    const progressDates = progress !== undefined ? parseSeriesDates(undefined, progress) : undefined;
    const target = one(req, 'target');
    if (target !== undefined && format !== 'json') throw invalidParameter('target', 'pages of a target\'s lists are JSON only; leave format out');
    const units = target === undefined ? inlineUnits(req) : null;
    const page = target === undefined ? undefined : { list: one(req, 'list') ?? 'failing_units', offset: parseOffset(req.query.offset), limit: parseLimit(req.query.limit, { limitDefault: DEFAULT_PAGE_LIMIT, limitMax: MAX_PAGE_LIMIT }) };
    const scenario = await scenarioParam(req, scenarios);
    if (await unchanged(req, res, req.params.id!, scenario)) return;
    const bundle = await plans.evaluate(req.params.id!, { asOf, level, method, scenario, mode });
    res.set('Cache-Control', 'no-cache');
    if (page) {
      const answer = evaluationPage(bundle.report, target!, page.list, page.offset, page.limit, pageBase(req));
      if ('unknown' in answer) {
        throw answer.unknown === 'target'
          ? new ApiError('not_found', `target: plan ${bundle.report.plan.id} has no target ${JSON.stringify(target)}`, { field: 'target' })
          : invalidParameter('list', `target ${target} has the lists ${answer.known.join(', ')}, got ${JSON.stringify(page.list)}`);
      }
      res.json(answer);
      return;
    }
    if (format === 'csv' && one(req, 'lang') === undefined) {
      // Without lang: the machine table (one column per field, codes only), as before.
      res.type('text/csv; charset=utf-8').attachment(`${bundle.report.plan.id}-${asOf}.csv`).send(evaluationCsv(bundle.report));
    } else if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(evaluationFileName(bundle.report, exportLang, 'csv')).send(evaluationExportCsv(bundle.report, exportLang));
    } else if (format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(evaluationFileName(bundle.report, exportLang, 'xlsx')).send(await evaluationExportXlsx(bundle.report, exportLang));
    } else if (format === 'html') {
      const shapes = await plans.shapes(bundle.city.version);
      const series = progressDates ? await plans.series(req.params.id!, { dates: progressDates, level, method, scenario, mode }) : undefined;
      res.type('text/html; charset=utf-8').send(renderPlanReport(bundle, { lang, shapes, ...(series ? { series } : {}), generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }));
    } else {
      // Bounded by default (issue 19: a province lists 30 000 units per target); units=all for the whole answer.
      res.type('application/json; charset=utf-8').send(evaluationJson(bundle.report, units, pageBase(req)));
    }
  });

  router.get('/plans/:id/progress', async (req, res) => {
    const dates = parseSeriesDates(one(req, 'dates'), one(req, 'years'));
    const { level, method, mode } = evaluationOptions(req);
    const format = choice(one(req, 'format'), 'format', ['json', 'csv'] as const, 'json');
    const scenario = await scenarioParam(req, scenarios);
    if (await unchanged(req, res, req.params.id!, scenario)) return;
    const series = await plans.series(req.params.id!, { dates, level, method, scenario, mode });
    res.set('Cache-Control', 'no-cache');
    if (format === 'csv') res.type('text/csv; charset=utf-8').attachment(`${series.plan.id}-progress.csv`).send(seriesCsv(series));
    else res.json(series);
  });

  return router;
}
