import type { Request } from 'express';
import type { ScenarioOverlay } from '../services/scenario-model.ts';
import type { ScenarioService } from '../services/scenarios.ts';
import { invalidParameter } from '../errors.ts';
import { principalOf } from '../auth/principal.ts';

/** Parses a scenario id (a positive integer) from a query value or body field. */
export function parseScenarioId(raw: unknown, field = 'scenario'): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw invalidParameter(field, `must be a scenario id (a positive whole number, see GET /api/scenarios), got ${JSON.stringify(raw)}`);
  }
  return Number(text);
}

/**
 * `scenario=<id>` of a computing endpoint, resolved for the caller: undefined when absent (the
 * baseline); 404 when the caller may not see the scenario; 409 when it no longer applies.
 */
export async function scenarioParam(req: Request, scenarios: ScenarioService | undefined, raw: unknown = req.query['scenario']): Promise<ScenarioOverlay | undefined> {
  if (Array.isArray(raw)) throw invalidParameter('scenario', 'must be given once');
  const id = parseScenarioId(raw);
  if (id === undefined) return undefined;
  if (!scenarios) throw invalidParameter('scenario', 'scenarios are not available here');
  return scenarios.overlay(id, principalOf(req));
}
