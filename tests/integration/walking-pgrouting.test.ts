import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { CoverageService } from '../../api/src/services/coverage.ts';
import { openTestDb } from '../helpers/db.ts';
import { pgrAmbiguous, pgrAmbiguousFacilities, pgrPrepare, pgroutingAvailable, pgrWalkDistances } from '../helpers/pgrouting.ts';

const AS_OF = '2026-01-01';
const MAX_SNAP_M = 500;
const server = process.env.TEST_DATABASE_URL;

// pgRouting exists only on a PostgreSQL server (PGlite cannot load it): this file runs when
// TEST_DATABASE_URL points at one (CI installs postgresql-15-pgrouting), and is skipped otherwise.
describe.skipIf(!server)(`walking distances vs pgRouting on the demo city${server ? '' : ' (skipped: TEST_DATABASE_URL is not set, and pgRouting needs a PostgreSQL server)'}`, () => {
  let db: Db;
  let service: CoverageService;
  beforeAll(async () => {
    db = await openTestDb('postgres', 'demo');
    if (!(await pgroutingAvailable(db.sql))) throw new Error('pgRouting is not installed on the test server: apt-get install postgresql-15-pgrouting (see .ci/run)');
    await pgrPrepare(db.sql, { maxSnapM: MAX_SNAP_M });
    service = new CoverageService(db);
  }, 180_000);
  afterAll(async () => db?.close());

  it.each([
    ['health_center', 1000],
    ['health_station', 300],
    ['fitness_ground', 500],
    ['elderly_home', 1000],
  ])('should agree with pgr_drivingDistance to within 1 m for every building, for %s', async (type, reach) => {
    const snap = await service.snapshot();
    const engine = await service.walking.engineFor(snap);
    const rule = [{ type, reachMeters: reach }];
    // A point whose two nearest lines are within 10 cm of each other (meeting it at different
    // places) may snap to either: facilities like that are left out on both sides, such buildings
    // are not compared (they are rare).
    const exclude = await pgrAmbiguousFacilities(db.sql, { type, asOf: AS_OF, maxSnapM: MAX_SNAP_M });
    const [{ n: facilities } = { n: 0 }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pgr_facility`;
    expect(exclude.length).toBeLessThanOrEqual(Math.max(1, facilities / 20));
    const skip = new Set(await pgrAmbiguous(db.sql, 'pgr_building'));
    expect(skip.size).toBeLessThan(snap.buildings.length / 100);
    const { distanceM } = engine.buildingDistances(rule, { asOf: AS_OF, excludedFacilityCodes: exclude });
    const truth = await pgrWalkDistances(db.sql, { type, asOf: AS_OF, maxSnapM: MAX_SNAP_M, exclude });
    let compared = 0;
    let worst = 0;
    snap.buildings.forEach((b, i) => {
      if (b.community_code === null || skip.has(b.code)) return;
      const want = truth.get(b.code);
      expect(want, `${b.code} is snapped by PostGIS`).toBeDefined();
      const diff = Math.abs(distanceM[i]! - want!);
      worst = Math.max(worst, Number.isFinite(diff) ? diff : distanceM[i] === want ? 0 : Infinity);
      compared++;
    });
    expect(compared).toBe(snap.buildings.length - skip.size);
    expect(worst).toBeLessThan(1);

    // And coverage: the same buildings within reach (but for any within 1 m of it).
    const covered = engine.compute(rule, { asOf: AS_OF, buildingFlags: true, excludedFacilityCodes: exclude }).buildingCovered!;
    snap.buildings.forEach((b, i) => {
      const want = truth.get(b.code)!;
      if (skip.has(b.code) || Math.abs(want - reach) < 1) return;
      expect(covered[i], b.code).toBe(want <= reach ? 1 : 0);
    });
  });
});
