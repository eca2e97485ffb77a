/**
 * Walking coverage speed on the large generated city with a dense street network, against
 * PostGIS + pgRouting doing the same computation:
 *
 *   npx tsx bench/walking.ts                                        # engine, then the embedded PGlite
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/walking.ts       # also a PostgreSQL server, with pgRouting
 *   BENCH_ENGINE_ONLY=1 npx tsx bench/walking.ts                    # the engine alone, no database
 *
 * City: benchCity({ laneSpacingM: 120 }) — 3 300 communities, ~136 000 buildings, ~40 000
 * facilities, and ~518 000 network lines (streets, plus compound lanes every 120 m in every cell).
 * Prints: network build (noding, graph, index), demand snapping, one type's walking coverage
 * (median of 5), one-change updates of a what-if session (add, move, close), the service's first
 * and later answers through the database, and on a server pgRouting's time for the same type
 * (tests/helpers/pgrouting.ts: pgr_drivingDistance from a virtual source on the same lines and
 * snaps) with the agreement of the distances. Written up in docs/benchmarks.md.
 */
import type { Db } from '../api/src/db/connect.ts';
import { replaceCity, type CityData } from '../api/src/db/load-city.ts';
import { migrate } from '../api/src/db/migrate.ts';
import type { CoverageFacility, CoverageInput } from '../api/src/domain/coverage/index.ts';
import { createWalkingEngine, prepareWalkingNetwork, type WalkingEngine } from '../api/src/domain/network/index.ts';
import { CoverageService } from '../api/src/services/coverage.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { pgrPrepare, pgroutingAvailable, pgrWalkDistances } from '../tests/helpers/pgrouting.ts';
import { benchCity, forEachBackend, median, seededRandom, time, timeAsync } from './lib.ts';

const AS_OF = '2026-01-01';
const TYPES: Array<[string, number]> = [['health_station', 300], ['health_center', 1000], ['convenience_outlet', 300]];
const fmt = (msValue: number): string => (msValue >= 1000 ? `${(msValue / 1000).toFixed(2)} s` : `${msValue.toFixed(1)} ms`);

function engineInput(city: CityData): CoverageInput {
  const districtOf = new Map(city.streets.map((s) => [s.code, s.district_code]));
  return {
    communities: city.communities.features.map((f) => ({ ...f.properties, district_code: districtOf.get(f.properties.street_code)!, geometry: f.geometry })),
    buildings: city.buildings.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
    facilities: city.facilities.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })) as CoverageFacility[],
  };
}

function engineBench(city: CityData): WalkingEngine {
  console.log('\n## Engine (in memory, no database)');
  const [walking, buildMs] = time(() => prepareWalkingNetwork(city.network));
  console.log(`network build (noding ${city.network.features.length} lines → ${walking.network.edgeCount} edges, ${walking.network.nodeCount} nodes, CSR graph, segment grid): ${fmt(buildMs)}`);
  const input = engineInput(city);
  const [engine, snapMs] = time(() => createWalkingEngine(input, walking));
  console.log(`demand snapping (${engine.demandPoints} demand points, ${engine.unreachableBuildings.length} beyond ${engine.maxSnapM} m): ${fmt(snapMs)}`);
  for (const [type, reach] of TYPES) {
    const rule = [{ type, reachMeters: reach }];
    const runs = Array.from({ length: 5 }, () => time(() => engine.compute(rule, { asOf: AS_OF })));
    const result = runs[0]![0];
    console.log(`coverage ${type} ${reach} m (${result.stats.facilities} facilities): ${fmt(median(runs.map((r) => r[1])))} median of 5; rate ${(100 * result.totals.rate).toFixed(1)} %`);
  }
  // One-change updates in a what-if session (health_station, 300 m).
  const rule = [{ type: 'health_station', reachMeters: 300 }];
  const [session, sessionMs] = time(() => engine.session(rule, { asOf: AS_OF }));
  console.log(`what-if session start (health_station): ${fmt(sessionMs)}`);
  const random = seededRandom(7);
  let [w, e, s, n] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const b of input.buildings) [w, e, s, n] = [Math.min(w, b.lon), Math.max(e, b.lon), Math.min(s, b.lat), Math.max(n, b.lat)];
  const adds: number[] = [];
  const moves: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const code = `B${i}`;
    adds.push(time(() => session.addFacility({ code, type: 'health_station', lon: w + random() * (e - w), lat: s + random() * (n - s) }))[1]);
    moves.push(time(() => session.moveFacility(code, w + random() * (e - w), s + random() * (n - s)))[1]);
    const existing = session.facilities()[Math.floor(random() * 100)]!;
    closes.push(time(() => session.removeFacility(existing.code))[1]);
    session.addFacility(existing);
  }
  console.log(`one-change update, median of 20: add ${fmt(median(adds))}, move ${fmt(median(moves))}, close ${fmt(median(closes))}`);
  const resultMs = median(Array.from({ length: 5 }, () => time(() => session.result())[1]));
  console.log(`session.result() (per-community rows): ${fmt(resultMs)}`);
  return engine;
}

async function databaseBench(label: string, db: Db, city: CityData, engine: WalkingEngine): Promise<void> {
  console.log(`\n## ${label}`);
  await migrate(db);
  const [, loadMs] = await timeAsync(() => db.sql.begin(async (tx) => { await loadCatalogue(tx); await replaceCity(tx, city); }));
  await db.sql`ANALYZE`;
  console.log(`load city: ${(loadMs / 1000).toFixed(1)} s`);
  const service = new CoverageService(db);
  const request = { types: ['health_station'], level: 'street' as const, asOf: AS_OF, mode: 'walk' as const };
  const [, coldMs] = await timeAsync(() => service.coverage(request));
  console.log(`first walk coverage through the service (snapshot, lines read, network build, snapping, Dijkstra): ${fmt(coldMs)}`);
  const [, warmMs] = await timeAsync(() => service.coverage({ ...request, types: ['health_center'] }));
  console.log(`next walk coverage, another type (engine cached for the data version): ${fmt(warmMs)}`);

  if (db.backend !== 'postgres') return;
  if (!(await pgroutingAvailable(db.sql))) {
    console.log('pgRouting is not installed on this server (apt-get install postgresql-15-pgrouting): skipped');
    return;
  }
  const [, prepMs] = await timeAsync(() => pgrPrepare(db.sql, { maxSnapM: engine.maxSnapM, knn: 16 }));
  console.log(`pgRouting preparation (topology of the lines, buildings snapped in SQL, k-NN 16 candidates): ${fmt(prepMs)}`);
  for (const [type, reach] of TYPES.slice(0, 2)) {
    const [truth, pgrMs] = await timeAsync(() => pgrWalkDistances(db.sql, { type, asOf: AS_OF, maxSnapM: engine.maxSnapM, maxDistanceM: reach }));
    const [result, oursMs] = time(() => engine.compute([{ type, reachMeters: reach }], { asOf: AS_OF, buildingFlags: true }));
    const { distanceM } = engine.buildingDistances([{ type, reachMeters: reach }], { asOf: AS_OF });
    const snapCodes = city.buildings.features.map((f) => f.properties.code);
    let agree = 0;
    let compared = 0;
    let coverAgree = 0;
    snapCodes.forEach((code, i) => {
      const want = truth.get(code);
      if (want === undefined || !Number.isFinite(want) || want > reach) return;
      compared++;
      if (Math.abs(distanceM[i]! - want) < 1) agree++;
      if (result.buildingCovered![i] === 1) coverAgree++;
    });
    console.log(`pgRouting ${type} ${reach} m (facility snaps, pgr_drivingDistance bounded by the reach, per-building composition): ${fmt(pgrMs)}; ours ${fmt(oursMs)}; ratio ${(pgrMs / oursMs).toFixed(0)}×`);
    console.log(`  buildings within reach by pgRouting: ${compared}; same distance within 1 m: ${agree} (${((100 * agree) / Math.max(1, compared)).toFixed(2)} %); covered by ours too: ${coverAgree}`);
  }
}

const city = benchCity({ laneSpacingM: 120 });
const engine = engineBench(city);
if (process.env.BENCH_ENGINE_ONLY) process.exit(0);
await forEachBackend((label, db) => databaseBench(label, db, city, engine));
