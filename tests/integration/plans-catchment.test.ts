/**
 * Plan ratio targets counted by catchment: "each street ≥ 2 GPs per 10 000 reachable residents" uses
 * the 2SFCA supply each street's people reach. The plan engine sums per-community 2SFCA figures over
 * each street; the accessibility report rolls the same engine up itself. Both must agree, and the
 * city-wide sum must conserve the supply reached.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { AccessibilityService } from '../../api/src/services/accessibility.ts';
import { CoverageService } from '../../api/src/services/coverage.ts';
import { PlanService } from '../../api/src/services/plans.ts';
import { openTestDb, testBackends } from '../helpers/db.ts';
import { ROOT } from '../helpers/templates.ts';

const AS_OF = '2026-01-01';

function catchmentProfile(method: '2sfca' | 'e2sfca'): Record<string, unknown> {
  const zibo = JSON.parse(readFileSync(path.join(ROOT, 'seeds/plans/zibo-2003-2007.json'), 'utf8')) as Record<string, unknown>;
  delete zibo['$schema'];
  const gp = (zibo['targets'] as Array<Record<string, unknown>>).find((t) => t['id'] === 'zb.health.gp_ratio')!;
  return {
    ...zibo,
    id: `test-catchment-${method}`,
    // The Zibo baselines name targets this one-target profile drops: a profile refuses dangling references.
    baselines: [],
    targets: [{
      ...gp,
      id: 'zb.health.gp_catchment',
      level: 'street',
      scope: undefined,
      text: { zh: '各街道每万可达居民 2 名全科医生', en: 'each street ≥ 2 GPs per 10 000 reachable residents' },
      catchment: { method, reach_m: 1000 },
    }],
  };
}

describe.each(testBackends())('plan ratio targets by catchment (%s)', (backend) => {
  let db: Db;
  let plans: PlanService;
  let access: AccessibilityService;

  beforeAll(async () => {
    db = await openTestDb(backend, 'demo');
    const coverage = new CoverageService(db);
    access = new AccessibilityService(db, coverage);
    plans = new PlanService(db, coverage, access);
    await plans.create(catchmentProfile('2sfca'));
    await plans.create(catchmentProfile('e2sfca'));
  }, 120_000);
  afterAll(async () => db?.close());

  it.each(['2sfca', 'e2sfca'] as const)('should rate every street as /api/accessibility does (%s), per 10 000 residents', async (method) => {
    const { report } = await plans.evaluate(`test-catchment-${method}`, { asOf: AS_OF });
    const target = report.targets.find((t) => t.id === 'zb.health.gp_catchment')!;
    const streets = await access.accessibility({
      types: ['health_center', 'health_station'], reachMeters: [1000], supply: 'gp_count', demand: 'population',
      method, level: 'street', asOf: AS_OF, mode: 'straight', demandPoints: 'buildings',
    });
    const expected = new Map(streets.units.map((u) => [u.code, u.ratio === null ? null : u.ratio * 10000]));
    expect(target.units!.length).toBe(streets.units.length);
    for (const u of target.units!) {
      const want = expected.get(u.code);
      if (want === null || want === undefined) expect(u.value).toBeNull();
      else expect(u.value!).toBeCloseTo(want, 9);
      if (u.value !== null) expect(u.status).toBe(u.value >= 2 ? 'met' : 'not_met');
    }
    // Some streets fail and some pass on the demo city: the rule discriminates.
    expect(target.units!.some((u) => u.status === 'met')).toBe(true);
    expect(target.units!.some((u) => u.status === 'not_met')).toBe(true);
    expect(target.failing_units.length).toBe(target.units!.filter((u) => u.status === 'not_met').length);
  });

  it('should conserve supply: Σ street supply reached = the supply of facilities with demand in their catchment (2SFCA)', async () => {
    const { report } = await plans.evaluate('test-catchment-2sfca', { asOf: AS_OF });
    const target = report.targets.find((t) => t.id === 'zb.health.gp_catchment')!;
    const city = await access.accessibility({
      types: ['health_center', 'health_station'], reachMeters: [1000], supply: 'gp_count', demand: 'population',
      method: '2sfca', level: 'city', asOf: AS_OF, mode: 'straight', demandPoints: 'buildings',
    });
    const details = target.details as { numerator: number; denominator: number };
    expect(details.numerator).toBeCloseTo(city.totals.supply_reached, 6);
    expect(details.denominator).toBe(city.totals.demand);
  });
});
