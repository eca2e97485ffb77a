import { Router } from 'express';
import type { ScenarioService } from '../../services/scenarios.ts';
import { SitingLimitError } from '../../services/siting-jobs.ts';
import type { SitingService } from '../../services/siting.ts';
import { ApiError, invalidParameter } from '../../errors.ts';
import { actorOf, principalOf } from '../../auth/principal.ts';
import { scenarioParam } from '../scenario-param.ts';

/**
 * `POST /api/siting` runs a siting model as a job: the answer comes back directly (200) when it is
 * ready within `wait_ms` (default 1 s), else 202 with `Location: /api/siting/jobs/{id}` to poll.
 * `DELETE` on the job cancels it. A run beyond the limits (LIFECIRCLE_SITING_QUEUE_MAX over every
 * process, LIFECIRCLE_SITING_QUEUE_PER_USER per caller) is refused with `Retry-After` and not queued.
 */
export function sitingRoutes(siting: SitingService, scenarios: ScenarioService): Router {
  const router = Router();

  router.post('/siting', async (req, res) => {
    const body = siting.parse(req.body);
    if (body.scenario !== undefined && req.query['scenario'] !== undefined) throw invalidParameter('scenario', 'give it in the body or the query, not both');
    const scenario = await scenarioParam(req, scenarios, body.scenario ?? req.query['scenario']);
    let job;
    try {
      job = await siting.start(body, scenario, actorOf(req), principalOf(req));
    } catch (err) {
      // Nothing was queued: 503 `queue_full` (every process's runs) or 429 `too_many_jobs` (the caller's own).
      if (err instanceof SitingLimitError) {
        res.set('Retry-After', String(err.retryAfterSeconds));
        throw new ApiError(err.kind, err.message, { limit: err.limit, count: err.count });
      }
      throw err;
    }
    // Input the solver refuses fails in its first, synchronous checks: one timer tick sees it.
    const view = await job.wait(body.wait_ms);
    const location = `${req.baseUrl}/siting/jobs/${job.id}`;
    if (view.state === 'failed') throw job.failure(view) ?? new ApiError('internal', 'the siting run failed');
    if (view.state === 'done') {
      res.status(200).set({ 'Content-Location': location, 'Cache-Control': 'no-store' }).json(view.result);
      return;
    }
    res.status(202).set({ Location: location, 'Retry-After': '1', 'Cache-Control': 'no-store' }).json(view);
  });

  router.get('/siting/jobs/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await siting.job(req.params.id, principalOf(req)));
  });

  router.delete('/siting/jobs/:id', async (req, res) => {
    const { before, view } = await siting.cancel(req.params.id, principalOf(req));
    if (before === 'running') res.status(200).json(view);
    else res.status(204).end();
  });

  return router;
}
