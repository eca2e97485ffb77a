import { Router, type Request } from 'express';
import type { Db } from '../../db/connect.ts';
import type { CoverageService } from '../../services/coverage.ts';
import type { ScenarioService } from '../../services/scenarios.ts';
import { attributionOf } from '../../services/network-import.ts';
import { networkSummary, parseDistanceMode, reachAreas } from '../../services/walking.ts';
import { invalidParameter } from '../../errors.ts';
import { scenarioParam } from '../scenario-param.ts';
import { one, parseAsOf, parseReach, parseTypes } from '../params.ts';
import { notModified } from '../analysis-etag.ts';

const REACH_CACHE_SIZE = 8;

/** `GET /api/coverage/reach` (reach areas for the map) and `GET /api/network` (the walking network). */
export function networkRoutes(db: Db, coverage: CoverageService, scenarios?: ScenarioService): Router {
  const router = Router();
  const reachCache = new Map<string, ReturnType<typeof reachAreas>>();

  router.get('/coverage/reach', async (req, res) => {
    const types = parseTypes(req);
    const reachMeters = parseReach(req);
    const asOf = parseAsOf(req);
    const mode = parseDistanceMode(one(req, 'mode'));
    const rawWidth = one(req, 'width_m');
    const widthM = rawWidth === undefined ? 50 : Number(rawWidth);
    if (!(Number.isFinite(widthM) && widthM >= 10 && widthM <= 200)) throw invalidParameter('width_m', `must be metres from 10 to 200, got ${JSON.stringify(rawWidth)}`);
    const scenario = await scenarioParam(req, scenarios);
    if (notModified(req, res, { dataVersion: await coverage.dataVersion(), scenario: scenario?.toJSON() })) return;
    const snap = await coverage.snapshot(scenario);
    const rule = coverage.resolveRule(snap, types, reachMeters);
    // Kept per (data version, scenario version, rule, date, mode, width): walking areas cost seconds on
    // a large city, and the map asks for them ahead of a switch to walking (#16).
    const key = JSON.stringify([snap.version, snap.scenario ?? null, rule, asOf, mode, widthM]);
    let pending = reachCache.get(key);
    if (!pending) {
      for (const k of reachCache.keys()) if (JSON.parse(k)[0] !== snap.version) reachCache.delete(k);
      if (reachCache.size >= REACH_CACHE_SIZE) reachCache.delete(reachCache.keys().next().value!);
      pending = reachAreas(snap, () => coverage.walking.engineFor(snap), { rule, asOf, mode, widthM });
      reachCache.set(key, pending);
      const mine = pending;
      mine.catch(() => reachCache.get(key) === mine && reachCache.delete(key));
    }
    const areas = await pending;
    const attribution = mode === 'walk' ? await attributionOf(db) : null;
    res.type('application/geo+json').json({
      ...areas,
      // Foreign members (RFC 7946 §6.1) describing the request.
      as_of: asOf, mode, rule: rule.map((p) => ({ type: p.type, reach_m: p.reachMeters })), data_version: snap.version,
      ...(attribution ? { attribution } : {}),
    });
  });

  router.get('/network', async (_req, res) => {
    const snap = await coverage.snapshot();
    const summary = await networkSummary(db, await coverage.walking.engineFor(snap));
    res.json({ ...summary, attribution: await attributionOf(db), data_version: snap.version });
  });

  return router;
}
