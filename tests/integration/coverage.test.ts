import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { replaceCity, type CityData } from '../../api/src/db/load-city.ts';
import { runQuery } from '../../api/src/db/sql-files.ts';
import { CoverageService } from '../../api/src/services/coverage.ts';
import { generateCity } from '../../seeds/demo-city/generate.ts';
import { openTestDb, testBackends } from '../helpers/db.ts';

type Row = { code: string; households: number; households_covered: number };

/** Households covered per community by PostGIS alone: ST_DWithin on geography (the independent truth). */
async function postgisCoverage(db: Db, types: string[], reaches: number[], asOf: string): Promise<Map<string, Row>> {
  const rows = await runQuery<Row>(db.sql, 'coverage_postgis', [types, reaches, asOf] as never[]);
  return new Map(rows.map((r) => [r.code, r]));
}

async function expectExact(db: Db, service: CoverageService, types: string[], reaches: number[], asOf: string): Promise<number> {
  const report = await service.coverage({ types, reachMeters: reaches, level: 'community', asOf });
  const truth = await postgisCoverage(db, types, reaches, asOf);
  const fallback = new Set(report.fallback_communities);
  let compared = 0;
  for (const unit of report.units) {
    if (fallback.has(unit.code)) continue; // no buildings: PostGIS has nothing to count
    const t = truth.get(unit.code)!;
    expect({ code: unit.code, households: unit.households, covered: unit.households_covered }).toEqual({
      code: unit.code, households: t.households, covered: t.households_covered,
    });
    compared += 1;
  }
  return report.totals.households_covered;
}

describe.each(testBackends())('coverage engine vs PostGIS on %s', (backend) => {
  describe('on the demo city', () => {
    let db: Db;
    let service: CoverageService;
    beforeAll(async () => {
      db = await openTestDb(backend, 'demo');
      service = new CoverageService(db);
    });
    afterAll(async () => db?.close());

    it.each([
      [['health_station'], [300], '2026-01-01'],
      [['health_center'], [1000], '2026-01-01'],
      [['health_center'], [500], '2004-06-30'],
      [['culture_room'], [300], '2026-01-01'],
      [['elderly_home'], [1500], '2003-01-01'],
      [['convenience_outlet'], [250], '2026-01-01'],
      [['health_center', 'health_station'], [1000, 300], '2026-01-01'],
    ])('should equal ST_DWithin per community for %j within %j m on %s', async (types, reaches, asOf) => {
      const covered = await expectExact(db, service, types, reaches, asOf);
      expect(covered).toBeGreaterThan(0);
    });

    it('should list the communities without buildings as fallback and cover part of them plausibly', async () => {
      const report = await service.coverage({ types: ['convenience_outlet'], level: 'community', asOf: '2026-01-01' });
      expect(report.fallback_communities.length).toBeGreaterThan(0);
      for (const code of report.fallback_communities) {
        const u = report.units.find((x) => x.code === code)!;
        const [c] = await db.sql<{ households: number }[]>`SELECT households FROM community WHERE code = ${code}`;
        expect(u.households).toBe(c!.households);
        expect(u.households_covered).toBeGreaterThanOrEqual(0);
        expect(u.households_covered).toBeLessThanOrEqual(u.households);
      }
    });

    it('should roll communities up to streets, districts and the city with the same totals', async () => {
      const levels = await Promise.all((['community', 'street', 'district', 'city'] as const).map((level) =>
        service.coverage({ types: ['health_station'], level, asOf: '2026-01-01' })));
      const totals = levels.map((r) => r.totals.households_covered);
      expect(new Set(totals).size).toBe(1);
      const [streets] = [levels[1]!];
      const [{ n } = { n: -1 }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM street`;
      expect(streets.units).toHaveLength(n);
      expect(streets.units.reduce((s, u) => s + u.households_covered, 0)).toBe(totals[0]);
      expect(levels[3]!.units).toHaveLength(1);
      expect(levels[3]!.units[0]!.rate).toBeCloseTo(levels[3]!.totals.rate, 12);
    });

    it('When a facility is added, then the next answer reflects it (the cache follows the data version)', async () => {
      const before = await service.coverage({ types: ['health_center'], level: 'city', asOf: '2026-01-01' });
      // A new center in the middle of the community with the most uncovered households.
      const byCommunity = await service.coverage({ types: ['health_center'], level: 'community', asOf: '2026-01-01' });
      const worst = [...byCommunity.units].sort((a, b) => (b.households - b.households_covered) - (a.households - a.households_covered))[0]!;
      await db.sql`INSERT INTO facility (code, name, type, geom)
        SELECT 'TEST-HC', '测试中心', 'health_center', ST_PointOnSurface(geom) FROM community WHERE code = ${worst.code}`;
      const after = await service.coverage({ types: ['health_center'], level: 'city', asOf: '2026-01-01' });
      expect(after.totals.households_covered).toBeGreaterThan(before.totals.households_covered);
      expect(Number(after.data_version)).toBeGreaterThan(Number(before.data_version));
      await expectExact(db, service, ['health_center'], [1000], '2026-01-01');
    });
  });

  describe('on a generated 3 000-community city', () => {
    let db: Db;
    let service: CoverageService;
    beforeAll(async () => {
      db = await openTestDb(backend, 'empty');
      const city = generateCity({ communities: 3000, buildingsPerCommunity: 40, facilitiesPerCommunity: 6 }) as unknown as CityData;
      await db.sql.begin((tx) => replaceCity(tx, city));
      service = new CoverageService(db);
    }, 300_000);
    afterAll(async () => db?.close());

    it.each([
      [['health_station'], [300]],
      [['health_center'], [1000]],
    ])('should equal ST_DWithin per community for %j within %j m', async (types, reaches) => {
      const covered = await expectExact(db, service, types, reaches, '2026-01-01');
      expect(covered).toBeGreaterThan(0);
    }, 300_000);
  });
});
