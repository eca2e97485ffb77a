import { Router, type Request } from 'express';
import { accessibilityCsv, capacitatedCsv } from '../../services/accessibility-format.ts';
import { parseDemand, parseDemandPoints, parseMethod, parseNumberList, parseSupply, parseTarget } from '../../services/accessibility-params.ts';
import type { AccessibilityBaseRequest, AccessibilityService } from '../../services/accessibility.ts';
import { InputError } from '../../services/errors.ts';
import { invalidParameter } from '../../errors.ts';
import type { ScenarioService } from '../../services/scenarios.ts';
import { scenarioParam } from '../scenario-param.ts';
import { notModified } from '../analysis-etag.ts';
import { LEVELS } from '../../services/coverage.ts';
import { parseDistanceMode } from '../../services/walking.ts';
import { one, parseFormat, parseAsOf, parseLevel, parseReach, parseTypes } from '../params.ts';

/** The parameters both reports share (mode first, so `mode=walk` is refused with its own message). */
function parseBase(req: Request): AccessibilityBaseRequest {
  const mode = parseDistanceMode(one(req, 'mode'));
  return {
    mode,
    types: parseTypes(req),
    reachMeters: parseReach(req),
    supply: parseSupply(one(req, 'supply')),
    demand: parseDemand(one(req, 'demand')),
    level: parseLevel(req, LEVELS),
    asOf: parseAsOf(req),
    demandPoints: parseDemandPoints(one(req, 'demand_points')),
  };
}

/** `GET /api/accessibility` (2SFCA / E2SFCA) and `GET /api/accessibility/capacitated`. */
export function accessibilityRoutes(accessibility: AccessibilityService, scenarios?: ScenarioService, dataVersion?: () => Promise<string>): Router {
  const router = Router();

  router.get('/accessibility', async (req, res) => {
    const base = parseBase(req);
    const method = parseMethod(one(req, 'method'));
    const weights = parseNumberList(one(req, 'weights'), 'weights', 0, Number.MAX_VALUE, 'zone weights > 0, nearest zone first (e.g. 1,0.68,0.22)');
    const zones = parseNumberList(one(req, 'zones'), 'zones', 0, 1, 'zone upper bounds as fractions of the reach in (0, 1], increasing, ending at 1 (e.g. 0.25,0.5,1)');
    const target = parseTarget(one(req, 'target'), one(req, 'per'));
    const format = parseFormat(req, ['json', 'csv'] as const);
    const scenario = await scenarioParam(req, scenarios);
    if (dataVersion && notModified(req, res, { dataVersion: await dataVersion(), scenario: scenario?.toJSON() })) return;
    const report = await accessibility.accessibility({ ...base, method, weights, zones, target, scenario });
    res.set('Cache-Control', 'no-cache');
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`accessibility-${report.type.replace(/,/g, '+')}-${report.supply}-${report.level}-${report.as_of}.csv`).send(accessibilityCsv(report));
    } else {
      res.json(report);
    }
  });

  router.get('/accessibility/capacitated', async (req, res) => {
    const base = parseBase(req);
    const target = parseTarget(one(req, 'target'), one(req, 'per'));
    if (!target) throw new InputError('target', 'is required: the plan ratio that sets each facility\'s capacity (e.g. target=2&per=10000: one GP serves 5 000 residents)');
    const format = parseFormat(req, ['json', 'csv'] as const);
    const scenario = await scenarioParam(req, scenarios);
    if (dataVersion && notModified(req, res, { dataVersion: await dataVersion(), scenario: scenario?.toJSON() })) return;
    const report = await accessibility.capacitated({ ...base, target, scenario });
    res.set('Cache-Control', 'no-cache');
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`capacitated-${report.type.replace(/,/g, '+')}-${report.supply}-${report.level}-${report.as_of}.csv`).send(capacitatedCsv(report));
    } else {
      res.json(report);
    }
  });

  return router;
}
