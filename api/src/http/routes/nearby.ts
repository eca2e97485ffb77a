import { Router, type Request } from 'express';
import type { CoverageService } from '../../services/coverage.ts';
import { NEARBY_MAX_K, nearby } from '../../services/nearby.ts';
import type { ScenarioService } from '../../services/scenarios.ts';
import { invalidParameter } from '../../errors.ts';
import { one, parseAsOf } from '../params.ts';
import { scenarioParam } from '../scenario-param.ts';
import { notModified } from '../analysis-etag.ts';

const KNOWN = ['lon', 'lat', 'types', 'k', 'as_of', 'scenario'];

function coordinate(req: Request, field: 'lon' | 'lat', limit: number): number {
  const raw = one(req, field);
  if (raw === undefined) throw invalidParameter(field, `is required: the point's ${field === 'lon' ? 'longitude' : 'latitude'} in WGS 84 degrees`);
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || Math.abs(n) > limit) throw invalidParameter(field, `must be a number of degrees from -${limit} to ${limit}, got ${JSON.stringify(raw)}`);
  return n;
}

function parseK(req: Request): number {
  const raw = one(req, 'k');
  if (raw === undefined) return 3;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > NEARBY_MAX_K) throw invalidParameter('k', `must be an integer 1–${NEARBY_MAX_K}, got ${JSON.stringify(raw)}`);
  return n;
}

function parseTypeList(req: Request): string[] | undefined {
  const raw = one(req, 'types');
  if (raw === undefined) return undefined;
  const types = raw.split(',').map((t) => t.trim());
  if (types.some((t) => t === '')) throw invalidParameter('types', `must be facility type codes separated by commas, got ${JSON.stringify(raw)}`);
  if (new Set(types).size !== types.length) throw invalidParameter('types', 'a type is listed twice');
  return types;
}

/** `GET /api/nearby`: the nearest open facilities of each type from a point, straight and walking. */
export function nearbyRoutes(coverage: CoverageService, scenarios?: ScenarioService): Router {
  const router = Router();
  router.get('/nearby', async (req, res) => {
    const stray = Object.keys(req.query).find((key) => !KNOWN.includes(key));
    if (stray) throw invalidParameter(stray, `is not a parameter of /api/nearby; it takes ${KNOWN.join(', ')}`);
    const lon = coordinate(req, 'lon', 180);
    const lat = coordinate(req, 'lat', 90);
    const types = parseTypeList(req);
    const k = parseK(req);
    const asOf = parseAsOf(req);
    const scenario = await scenarioParam(req, scenarios);
    if (notModified(req, res, { dataVersion: await coverage.dataVersion(), scenario: scenario?.toJSON() })) return;
    res.json(await nearby(coverage, { lon, lat, types, k, asOf, scenario }));
  });
  return router;
}
