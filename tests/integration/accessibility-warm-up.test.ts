/**
 * #16: the walking 2SFCA catchments of the map's capacity profiles are found in the background after
 * start-up (`AccessibilityService.warmUp`), so the first walking 2SFCA finds them remembered; the
 * warm-up changes no answer and stops when cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { pairFinds } from '../../api/src/domain/accessibility/pair-cache.ts';
import { AccessibilityService, type AccessibilityRequest } from '../../api/src/services/accessibility.ts';
import { CoverageService } from '../../api/src/services/coverage.ts';
import { openTestDb, testBackends } from '../helpers/db.ts';

const AS_OF = '2026-01-01';

describe.each(testBackends())('accessibility warm-up (%s)', (backend) => {
  let db: Db;
  let coverage: CoverageService;
  beforeAll(async () => {
    db = await openTestDb(backend, 'demo');
    coverage = new CoverageService(db);
  });
  afterAll(async () => db?.close());

  const request = (types: string[], supply: AccessibilityRequest['supply'], demand: AccessibilityRequest['demand']): AccessibilityRequest => ({
    types, supply, demand, level: 'street', mode: 'walk', asOf: AS_OF, demandPoints: 'buildings', method: '2sfca',
  });

  it('When the walking catchments were warmed, then the first walking 2SFCA of the map\'s profiles finds no catchment and equals the answer of a service that was not warmed', async () => {
    const warm = new AccessibilityService(db, coverage);
    const found = await warm.warmUp({ mode: 'walk', asOf: AS_OF });
    // Independent count: the distinct (point, reach) of the open health and elderly-care facilities with their capacity recorded.
    const [row] = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT DISTINCT ST_X(f.geom), ST_Y(f.geom), t.reach_m FROM facility f JOIN facility_type t ON t.code = f.type
        WHERE f.status = 'open' AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
          AND ((f.type IN ('health_center', 'health_station') AND f.gp_count IS NOT NULL) OR (f.type IN ('elderly_home', 'elderly_daycare') AND f.beds IS NOT NULL))
      ) AS d`;
    const n = row!.n;
    expect(n).toBeGreaterThan(0);
    expect(found).toBe(n);

    const cold = new AccessibilityService(db, coverage);
    for (const req of [request(['health_center', 'health_station'], 'gp_count', 'population'), request(['elderly_home', 'elderly_daycare'], 'beds', 'elderly')]) {
      const before = pairFinds.facilities;
      const answer = await warm.accessibility(req);
      expect(pairFinds.facilities).toBe(before);
      const truth = await cold.accessibility(req);
      expect(pairFinds.facilities).toBeGreaterThan(before);
      expect(answer).toEqual(truth);
      expect(answer.totals.facilities).toBeGreaterThan(0);
    }
    // A second warm-up has nothing left to find.
    expect(await warm.warmUp({ mode: 'walk', asOf: AS_OF })).toBe(0);
  });

  it('When the warm-up is cancelled, then it stops at its next step', async () => {
    let asked = 0;
    const service = new AccessibilityService(db, coverage);
    const before = pairFinds.facilities;
    const found = await service.warmUp({ mode: 'walk', asOf: AS_OF, cancelled: () => asked++ >= 2 });
    expect(found).toBeLessThanOrEqual(4);
    expect(pairFinds.facilities - before).toBe(found);
  });
});
