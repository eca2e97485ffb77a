import { Router, type Request } from 'express';
import type { CoverageService } from '../../services/coverage.ts';
import { LEVELS } from '../../services/coverage.ts';
import type { RollUpLevel } from '../../domain/coverage/index.ts';
import { EditConflict } from '../../services/editing.ts';
import type { PlanService } from '../../services/plans.ts';
import { compareScenario } from '../../services/scenario-compare.ts';
import { ScenarioForbidden, type AcceptedProposal, type Scenario, type ScenarioService } from '../../services/scenarios.ts';
import type { SitingService } from '../../services/siting.ts';
import { ApiError, invalidParameter } from '../../errors.ts';
import { actorOf, principalOf } from '../../auth/principal.ts';
import { parseScenarioId } from '../scenario-param.ts';
import { parseAsOf, parseReach, parseTypes } from './coverage.ts';
import { one } from '../params.ts';

const etag = (s: Pick<Scenario, 'version'>) => `"${s.version}"`;

/** The version named by If-Match (`"3"` or `W/"3"`); writes without one are refused (428). */
function ifMatchVersion(req: Request): number {
  const raw = req.get('If-Match');
  if (!raw) throw new EditConflict('precondition_required', 'If-Match is required: send the ETag you read, so a newer edit by someone else is never overwritten', 'If-Match');
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(raw);
  if (!m) throw invalidParameter('If-Match', `must be one ETag as returned by GET (e.g. "3"), got ${JSON.stringify(raw)}`);
  return Number(m[1]);
}

function idOf(req: Request): number {
  return parseScenarioId(req.params['id'], 'id')!;
}

/** Maps a refused edit to 403 in the API's error shape. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ScenarioForbidden) throw new ApiError('forbidden', err.message, err.field ? { field: err.field } : undefined);
    throw err;
  }
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
    const created = await guarded(() => scenarios.create(req.body, principalOf(req), actorOf(req)));
    res.status(201).set({ ETag: etag(created), Location: location(req, created.id) }).json(created);
  });

  router.get('/scenarios/:id', async (req, res) => {
    const s = await scenarios.get(idOf(req), principalOf(req));
    res.set({ ETag: etag(s), 'Cache-Control': 'no-cache' });
    if (req.get('If-None-Match') === etag(s)) {
      res.status(304).end();
      return;
    }
    res.json(s);
  });

  router.patch('/scenarios/:id', async (req, res) => {
    const id = idOf(req);
    const version = ifMatchVersion(req);
    const s = await guarded(() => scenarios.patch(id, req.body, version, principalOf(req), actorOf(req)));
    res.set('ETag', etag(s)).json(s);
  });

  router.delete('/scenarios/:id', async (req, res) => {
    const id = idOf(req);
    const version = ifMatchVersion(req);
    await guarded(() => scenarios.remove(id, version, principalOf(req), actorOf(req)));
    res.status(204).end();
  });

  router.post('/scenarios/:id/accept', async (req, res) => {
    const id = idOf(req);
    const version = ifMatchVersion(req);
    const body = scenarios.parseAccept(req.body);
    let proposals: AcceptedProposal[];
    if (body.job !== undefined) {
      if (!siting) throw invalidParameter('job', 'siting jobs are not available here; send the proposals instead');
      proposals = siting.proposalsOf(body.job, principalOf(req));
    } else {
      proposals = body.proposals!.features.map((f) => ({
        type: f.properties.type, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], rank: f.properties.rank,
        model: f.properties.model, candidate_id: f.properties.candidate_id,
      }));
    }
    proposals = [...proposals].sort((a, b) => a.rank - b.rank).slice(0, body.take ?? proposals.length);
    const s = await guarded(() => scenarios.accept(id, proposals, version, principalOf(req), actorOf(req)));
    res.set('ETag', etag(s)).json(s);
  });

  router.get('/scenarios/:id/compare', async (req, res) => {
    const overlay = await scenarios.overlay(idOf(req), principalOf(req), 'id');
    const level = (one(req, 'level') ?? 'community') as RollUpLevel;
    if (!LEVELS.includes(level)) throw invalidParameter('level', `must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
    const report = await compareScenario(coverage, plans, overlay, {
      types: parseTypes(req), reachMeters: parseReach(req), level, asOf: parseAsOf(req), plan: one(req, 'plan'),
    });
    res.set('Cache-Control', 'no-cache').json(report);
  });

  return router;
}
