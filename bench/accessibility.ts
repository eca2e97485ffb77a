/**
 * Capacity-aware accessibility (2SFCA / E2SFCA, capacitated coverage) speed on a large generated city:
 *
 *   npx tsx bench/accessibility.ts                 # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/accessibility.ts   # also a PostgreSQL + PostGIS server
 *
 * City: generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12 })
 * (~136 000 buildings, ~40 000 facilities). Prints, per backend: the snapshot read (as the service does:
 * coverage snapshot + sql/queries/snapshot_facility_capacity.sql), the accessibility engine build, and
 * the compute time (median of 5) of 2SFCA and E2SFCA for gp_count/population (health_center +
 * health_station) and beds/elderly (elderly_home), in buildings and centroid mode, and of capacitated
 * coverage; then a PostGIS 2SFCA in centroid mode (ST_DWithin on geography) for gp_count as a speed
 * baseline and an agreement check. Results are written up in docs/benchmarks.md.
 */
import type { Db } from '../api/src/db/connect.ts';
import type { CityData } from '../api/src/db/load-city.ts';
import { runQuery } from '../api/src/db/sql-files.ts';
import {
  createAccessibilityEngine,
  E2SFCA_DEFAULT_ZONES,
  STEP_ZONES,
  type AccessibilityFacility,
  type TwoStepOptions,
} from '../api/src/domain/accessibility/index.ts';
import { loadSnapshot } from '../api/src/services/coverage-snapshot.ts';
import { benchCity, forEachBackend, loadBenchCity, median, time, timeAsync } from './lib.ts';

const AS_OF = '2026-01-01';

/** PostGIS 2SFCA with one demand point per community at ST_Centroid (the engine's centroid mode). */
const SQL_CENTROID_2SFCA = `
WITH f AS (
  SELECT f.code, f.gp_count::float8 AS s, f.geom::geography AS g, t.reach
  FROM facility f JOIN unnest($1::text[], $2::float8[]) AS t(type, reach) ON t.type = f.type
  WHERE f.gp_count IS NOT NULL AND f.status <> 'planned' AND NOT (f.status = 'closed' AND f.closed_on IS NULL)
    AND (f.opened_on IS NULL OR f.opened_on <= $3::date) AND (f.closed_on IS NULL OR f.closed_on > $3::date)
), p AS (
  SELECT code, population::float8 AS demand, ST_Centroid(geom)::geography AS g FROM community
), r AS (
  SELECT f.code, f.s / sum(p.demand) AS ratio FROM f JOIN p ON ST_DWithin(p.g, f.g, f.reach)
  GROUP BY f.code, f.s HAVING sum(p.demand) > 0
)
SELECT p.code, COALESCE(sum(p.demand * r.ratio), 0) AS supply_reachable
FROM p LEFT JOIN f ON ST_DWithin(p.g, f.g, f.reach) LEFT JOIN r ON r.code = f.code
GROUP BY p.code ORDER BY p.code`;

async function run(label: string, db: Db, city: CityData): Promise<void> {
  console.log(`\n## ${label}`);
  await loadBenchCity(db, city);

  const [snap, snapMs] = await timeAsync(() => loadSnapshot(db));
  const [capacity, capMs] = await timeAsync(() => runQuery<{ code: string; gp_count: number | null; beds: number | null; floor_area_m2: number | null }>(db.sql, 'snapshot_facility_capacity'));
  const byCode = new Map(capacity.map((r) => [r.code, r]));
  const facilities: AccessibilityFacility[] = snap.facilities.map((f) => ({ ...f, gp_count: byCode.get(f.code)?.gp_count ?? null, beds: byCode.get(f.code)?.beds ?? null, floor_area_m2: byCode.get(f.code)?.floor_area_m2 ?? null }));
  const [engine, buildMs] = time(() => createAccessibilityEngine({ communities: snap.communities, buildings: snap.buildings, facilities }));
  console.log(`coverage snapshot read + coverage engine: ${snapMs.toFixed(0)} ms; capacity columns read: ${capMs.toFixed(0)} ms`);
  console.log(`accessibility engine build: ${buildMs.toFixed(0)} ms (${engine.demandPoints} demand points, ${engine.fallbackCommunities.length} fallback communities)`);
  const [, centroidBuildMs] = time(() => engine.twoStep({ rule: [{ type: 'health_center', reachMeters: 1 }], supply: 'count', demand: 'population', asOf: AS_OF, demandPoints: 'centroid' }));
  console.log(`centroid index (first centroid-mode call, built lazily): ${centroidBuildMs.toFixed(0)} ms`);

  const gp = { rule: [{ type: 'health_center', reachMeters: 1000 }, { type: 'health_station', reachMeters: 300 }], supply: 'gp_count', demand: 'population', asOf: AS_OF } as const;
  const beds = { rule: [{ type: 'elderly_home', reachMeters: 1000 }], supply: 'beds', demand: 'elderly', asOf: AS_OF } as const;
  const cases: Array<[string, TwoStepOptions]> = [
    ['gp_count/population 2SFCA', { ...gp, zones: STEP_ZONES }],
    ['gp_count/population E2SFCA', { ...gp, zones: E2SFCA_DEFAULT_ZONES }],
    ['gp_count/population 2SFCA centroid', { ...gp, zones: STEP_ZONES, demandPoints: 'centroid' }],
    ['beds/elderly 2SFCA', { ...beds, zones: STEP_ZONES }],
    ['beds/elderly E2SFCA', { ...beds, zones: E2SFCA_DEFAULT_ZONES }],
    ['beds/elderly 2SFCA centroid', { ...beds, zones: STEP_ZONES, demandPoints: 'centroid' }],
  ];
  console.log('case                                  facilities      pairs   exact  compute ms (median of 5)  supply_reached / supply   city ratio');
  for (const [name, options] of cases) {
    const runs = Array.from({ length: 5 }, () => time(() => engine.twoStep(options)));
    const r = runs[0]![0];
    const t = median(runs.map((x) => x[1]));
    const per = options.supply === 'gp_count' ? 10_000 : 100;
    console.log(`${name.padEnd(36)} ${String(r.totals.facilities).padStart(11)} ${String(r.stats.pairs).padStart(10)} ${String(r.stats.exactCalls).padStart(7)} ${t.toFixed(1).padStart(12)}               ${r.totals.supply_reached.toFixed(0)} / ${r.totals.supply.toFixed(0)}   ${(r.totals.ratio! * per).toFixed(3)} per ${per}`);
  }
  for (const [name, options] of [
    ['gp_count/population capacitated (2 per 10 000)', { ...gp, demandPerSupply: 5000 }],
    ['beds/elderly capacitated (1.5 %)', { ...beds, demandPerSupply: 100 / 1.5 }],
  ] as const) {
    const runs = Array.from({ length: 5 }, () => time(() => engine.capacitated(options)));
    const r = runs[0]![0];
    const hh = r.totals.households;
    console.log(`${name}: ${median(runs.map((x) => x[1])).toFixed(0)} ms (median of 5), ${r.stats.pairs} pairs; households within / over / not covered: ` +
      `${(100 * r.totals.households_within_capacity / hh).toFixed(1)} % / ${(100 * r.totals.households_over_capacity / hh).toFixed(1)} % / ${(100 * r.totals.households_not_covered / hh).toFixed(1)} %`);
  }

  const [sqlRows, sqlMs] = await timeAsync(() => db.sql.unsafe<{ code: string; supply_reachable: number }[]>(SQL_CENTROID_2SFCA, [['health_center', 'health_station'], [1000, 300], AS_OF]));
  const engineRows = engine.twoStep({ ...gp, demandPoints: 'centroid' });
  const engineByCode = new Map(engineRows.perCommunity.map((c) => [c.code, c.supply_reachable]));
  const worst = sqlRows.reduce((m, r) => Math.max(m, Math.abs((engineByCode.get(r.code) ?? NaN) - r.supply_reachable) / Math.max(1e-12, Math.abs(r.supply_reachable))), 0);
  const [, engineCentroidMs] = time(() => engine.twoStep({ ...gp, demandPoints: 'centroid' }));
  console.log(`PostGIS 2SFCA, centroid mode, gp_count/population: ${sqlMs.toFixed(0)} ms vs engine ${engineCentroidMs.toFixed(1)} ms; largest relative difference over ${sqlRows.length} communities: ${worst.toExponential(1)}`);
}

const city = benchCity();

await forEachBackend((label, db) => run(label, db, city));
