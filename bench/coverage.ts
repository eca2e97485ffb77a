/**
 * Coverage speed on a large generated city, against the equivalent PostGIS SQL in the same process:
 *
 *   npx tsx bench/coverage.ts                 # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/coverage.ts   # also a PostgreSQL + PostGIS server
 *
 * City: generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12 })
 * (~136 000 buildings, ~40 000 facilities). Prints, per backend: load and snapshot times, the engine's
 * time for one type and for all catalogue types (median of 5), the PostGIS reference query
 * (sql/queries/coverage_postgis.sql: ST_DWithin on geography inside EXISTS) for the same types, the ratio,
 * and the incremental what-if update time. Results are written up in docs/benchmarks.md.
 */
import type { Db } from '../api/src/db/connect.ts';
import type { CityData } from '../api/src/db/load-city.ts';
import { runQuery } from '../api/src/db/sql-files.ts';
import { loadSnapshot } from '../api/src/services/coverage-snapshot.ts';
import { benchCity, forEachBackend, loadBenchCity, median, time, timeAsync } from './lib.ts';

const AS_OF = '2026-01-01';

async function run(label: string, db: Db, city: CityData): Promise<void> {
  console.log(`\n## ${label}`);
  await loadBenchCity(db, city);
  const [snap, snapMs] = await timeAsync(() => loadSnapshot(db));
  console.log(`snapshot read + engine build: ${snapMs.toFixed(0)} ms (${snap.buildings.length} buildings, ${snap.facilities.length} facilities)`);

  const types = [...snap.types.values()];
  const engineMs = new Map<string, number>();
  for (const t of types) {
    const rule = [{ type: t.code, reachMeters: t.reach_m }];
    engineMs.set(t.code, median(Array.from({ length: 5 }, () => time(() => snap.engine.compute(rule, { asOf: AS_OF }))[1])));
  }
  const allMs = median(Array.from({ length: 5 }, () => time(() => {
    for (const t of types) snap.engine.compute([{ type: t.code, reachMeters: t.reach_m }], { asOf: AS_OF });
  })[1]));

  // The PostGIS baseline for a few representative types (each takes seconds).
  const baseline = ['health_center', 'health_station', 'elderly_home'];
  console.log('type                    reach  engine ms  PostGIS ms   ratio  households covered (engine = PostGIS)');
  for (const code of baseline) {
    const t = snap.types.get(code)!;
    const [rows, sqlMs] = await timeAsync(() => runQuery<{ households_covered: number }>(db.sql, 'coverage_postgis', [[code], [t.reach_m], AS_OF] as never[]));
    const sqlCovered = rows.reduce((s, r) => s + r.households_covered, 0);
    const result = snap.engine.compute([{ type: code, reachMeters: t.reach_m }], { asOf: AS_OF });
    const engineCovered = result.perCommunity.filter((c) => !c.fallback).reduce((s, c) => s + c.households_covered, 0);
    const e = engineMs.get(code)!;
    console.log(`${code.padEnd(22)} ${String(t.reach_m).padStart(6)} ${e.toFixed(1).padStart(10)} ${sqlMs.toFixed(0).padStart(11)} ${(sqlMs / e).toFixed(0).padStart(6)}×  ${engineCovered} ${engineCovered === sqlCovered ? '=' : '≠'} ${sqlCovered}`);
  }
  const slowest = [...engineMs.entries()].sort((a, b) => b[1] - a[1])[0]!;
  console.log(`engine, slowest single type: ${slowest[0]} ${slowest[1].toFixed(1)} ms; all ${types.length} types: ${allMs.toFixed(0)} ms`);

  // Incremental what-if: one facility added, moved, removed on a session of health_center coverage.
  const session = snap.engine.session([{ type: 'health_center', reachMeters: 1000 }], { asOf: AS_OF });
  const c = snap.communities[Math.floor(snap.communities.length / 2)]!;
  const ring = c.geometry.type === 'Polygon' ? c.geometry.coordinates[0]! : c.geometry.coordinates[0]![0]!;
  const [lon, lat] = ring[0]!;
  const updates: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    updates.push(time(() => { session.addFacility({ code: `WHATIF-${i}`, type: 'health_center', lon: lon!, lat: lat! }); session.result(); })[1]);
    updates.push(time(() => { session.moveFacility(`WHATIF-${i}`, lon! + 0.003, lat! + 0.002); session.result(); })[1]);
    updates.push(time(() => { session.removeFacility(`WHATIF-${i}`); session.result(); })[1]);
  }
  console.log(`what-if update (add/move/remove one facility + result), median of ${updates.length}: ${median(updates).toFixed(2)} ms, max ${Math.max(...updates).toFixed(2)} ms`);
}

const city = benchCity();
await forEachBackend((label, db) => run(label, db, city));
