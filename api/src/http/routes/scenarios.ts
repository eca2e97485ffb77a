import { Router, type Request } from 'express';
import type { CoverageService } from '../../services/coverage.ts';
import { LEVELS } from '../../services/coverage.ts';
import type { RollUpLevel } from '../../domain/coverage/index.ts';
import type { PlanService } from '../../services/plans.ts';
import { compareScenario } from '../../services/scenario-compare.ts';
import { compareExportCsv, compareExportXlsx, compareFileName } from '../../services/plan-compare-export.ts';
import type { ExportLang } from '../../services/coverage-export.ts';
import { type AcceptedProposal, type Scenario, type ScenarioService } from '../../services/scenarios.ts';
import type { SitingService } from '../../services/siting.ts';
import { ApiError, invalidParameter } from '../../errors.ts';
import { actorOf, principalOf } from '../../auth/principal.ts';
import { parseScenarioId } from '../scenario-param.ts';
import { choice } from '../../services/choice.ts';
import { ifMatchVersion, ifNoneMatch, one, parseAsOf, parseReach, parseTypes, versionEtag } from '../params.ts';

const etag = (s: Pick<Scenario, 'version'>) => versionEtag(s.version);

function idOf(req: Request): number {
  return parseScenarioId(req.params['id'], 'id')!;
}

/**
 * `/api/scenarios…`: named sets of facility changes over the baseline (CRUD with If-Match),
 * accepting siting proposals into one, and comparing one with the baseline.
 */
export function scenarioRoutes(scenarios: ScenarioService, coverage: CoverageService, plans: PlanService, siting?: SitingService): Router {
  const router = Router();
  const location = (req: Request, id: number) => `${req.baseUrl}/scenarios/${id}`;

  router.get('/scenarios', async (req, res) => {
    const list = await scenarios.list(principalOf(req));
    res.set('Cache-Control', 'no-cache').json({
      scenarios: list.map(({ changes, ...s }) => ({ ...s, changes: changes.length })),
    });
  });

  router.post('/scenarios', async (req, res) => {
    const created = await scenarios.create(req.body, principalOf(req), actorOf(req));
    res.status(201).set({ ETag: etag(created), Location: location(req, created.id) }).json(created);
  });

  router.get('/scenarios/:id', async (req, res) => {
    const s = await scenarios.get(idOf(req), principalOf(req));
    res.set({ ETag: etag(s), 'Cache-Control': 'no-cache' });
    if (ifNoneMatch(req, etag(s))) {
      res.status(304).end();
      return;
    }
    res.json(s);
  });

  router.patch('/scenarios/:id', async (req, res) => {
    const id = idOf(req);
    const version = ifMatchVersion(req);
    const s = await scenarios.patch(id, req.body, version, principalOf(req), actorOf(req));
    res.set('ETag', etag(s)).json(s);
  });

  router.delete('/scenarios/:id', async (req, res) => {
    const id = idOf(req);
    const version = ifMatchVersion(req);
    await scenarios.remove(id, version, principalOf(req), actorOf(req));
    res.status(204).end();
  });

  router.post('/scenarios/:id/accept', async (req, res) => {
    const id = idOf(req);
    const version = ifMatchVersion(req);
    const body = scenarios.parseAccept(req.body);
    let proposals: AcceptedProposal[];
    if (body.job !== undefined) {
      if (!siting) throw invalidParameter('job', 'siting jobs are not available here; send the proposals instead');
      proposals = await siting.proposalsOf(body.job, principalOf(req));
    } else {
      proposals = body.proposals!.features.map((f) => ({
        type: f.properties.type, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], rank: f.properties.rank,
        model: f.properties.model, candidate_id: f.properties.candidate_id,
      }));
    }
    proposals = [...proposals].sort((a, b) => a.rank - b.rank).slice(0, body.take ?? proposals.length);
    const s = await scenarios.accept(id, proposals, version, principalOf(req), actorOf(req));
    res.set('ETag', etag(s)).json(s);
  });

  router.get('/scenarios/:id/compare', async (req, res) => {
    const overlay = await scenarios.overlay(idOf(req), principalOf(req), 'id');
    const level = (one(req, 'level') ?? 'community') as RollUpLevel;
    if (!LEVELS.includes(level)) throw invalidParameter('level', `must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
    // csv / xlsx: the same figures for a spreadsheet, headers and file name in `lang` (zh-CN default).
    const format = choice(one(req, 'format'), 'format', ['json', 'csv', 'xlsx'] as const, 'json');
    const lang = choice<ExportLang>(one(req, 'lang'), 'lang', ['zh-CN', 'en'], 'zh-CN');
    const table = choice(one(req, 'table'), 'table', ['units', 'targets'] as const, 'units');
    if (table === 'targets' && one(req, 'plan') === undefined) throw invalidParameter('table', 'table=targets needs plan=<plan id>');
    const report = await compareScenario(coverage, plans, overlay, {
      types: parseTypes(req), reachMeters: parseReach(req), level, asOf: parseAsOf(req), plan: one(req, 'plan'),
    });
    res.set('Cache-Control', 'no-cache');
    if (format === 'csv') res.type('text/csv; charset=utf-8').attachment(compareFileName(report, lang, 'csv', table)).send(compareExportCsv(report, lang, table));
    else if (format === 'xlsx') res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(compareFileName(report, lang, 'xlsx')).send(await compareExportXlsx(report, lang));
    else res.json(report);
  });

  return router;
}
