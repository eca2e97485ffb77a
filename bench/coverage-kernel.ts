/**
 * Benchmark of the coverage kernel (api/src/domain/coverage) on a large synthetic city:
 *
 *   npx tsx bench/coverage-kernel.ts
 *
 * Prints: engine build time, compute time per facility type (median of 5 runs) and for all 16
 * types, incremental add/move/remove times (median of 50), and exact GeographicLib calls versus
 * approximate decisions. Re-run after changing the kernel and replace the results below.
 *
 * Last results (2 vCPU AMD EPYC shared with other jobs, load ≈ 2; 2026-11-22):
 * node v20.20.2, AMD EPYC
 * city: 3300 communities, 136073 buildings, 39600 facilities (generated in 4.2 s)
 * engine build: 271.07 ms (138627 demand points, fallback communities: 3)
 * first (cold) pass over all 16 types: 385.02 ms
 *
 * compute, median of 5 runs:
 * type                        reach  facilities  candidates  approx   exact   time
 * health_center                1000         299       90240    87152       0   11.42 ms
 * health_station                300        2239       89369    81932       0   12.34 ms
 * culture_station              1000         324       98960    94842       0   11.36 ms
 * culture_room                  300        2540      101642    91857       0   15.35 ms
 * fitness_ground                500         279       21024    21024       0   4.14 ms
 * elderly_home                 1000         197       59964    58497       0   6.69 ms
 * elderly_daycare               300        1265       50967    48278       0   7.13 ms
 * district_service_center      3000          36      103758   101343       0   8.54 ms
 * street_service_center        1000         294       88866    85473       1   10.23 ms
 * community_service_station     300        2697      107629    96954       1   17.00 ms
 * employment_station            300        1748       70629    66262       0   12.52 ms
 * convenience_outlet            300       19583      810401   163153       0   70.89 ms
 * culture_square               1000         164       51466    50504       0   8.60 ms
 * book_point                    300        1923       77207    71845       0   11.76 ms
 * culture_school                500        1890      156567   111247       0   14.37 ms
 * police_office                 300        2881      114616   102529       0   18.49 ms
 * all 16 types: 243.83 ms (median of 5)
 * exact GeographicLib calls: 2; approximate decisions: 1332892 (1.50e-4 % exact)
 *
 * session convenience_outlet (300 m): start 143.28 ms; add 0.01 ms, move 0.04 ms, remove 0.01 ms (medians of 50); result() 0.21 ms
 *
 * session health_center (1000 m): start 25.88 ms; add 0.02 ms, move 0.05 ms, remove 0.01 ms (medians of 50); result() 0.17 ms
 *
 * nearestDistances(health_center): 2.55 ms per community (median of 50; 928 uncovered points in all)
 */
import { seededRandom } from './lib.ts';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import catalogue from '../seeds/facility-types.json' with { type: 'json' };
import { generateCity, type City } from '../seeds/demo-city/generate.ts';
import { createCoverageEngine, type CoverageInput, type CoverageRule } from '../api/src/domain/coverage/index.ts';

const AS_OF = '2026-01-01';

/** The generated city's GeoJSON as the engine's plain arrays. */
function toCoverageInput(city: City): CoverageInput {
  const districtOfStreet = new Map(city.streets.map((s) => [s.code, s.district_code]));
  return {
    communities: city.communities.features.map((f) => ({
      ...f.properties,
      district_code: districtOfStreet.get(f.properties.street_code) as string,
      geometry: f.geometry,
    })),
    buildings: city.buildings.features.map((f) => ({
      code: f.properties.code,
      community_code: f.properties.community_code,
      households: f.properties.households,
      lon: f.geometry.coordinates[0] as number,
      lat: f.geometry.coordinates[1] as number,
    })),
    facilities: city.facilities.features.map((f) => ({
      code: f.properties.code,
      type: f.properties.type,
      status: f.properties.status,
      opened_on: f.properties.opened_on,
      closed_on: f.properties.closed_on,
      lon: f.geometry.coordinates[0] as number,
      lat: f.geometry.coordinates[1] as number,
    })),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const value = fn();
  return [value, performance.now() - t0];
}


const ms = (v: number): string => `${v.toFixed(2)} ms`;

const [city, genMs] = time(() => generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12 }));
const input = toCoverageInput(city);
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}`);
console.log(
  `city: ${input.communities.length} communities, ${input.buildings.length} buildings, ${input.facilities.length} facilities (generated in ${(genMs / 1000).toFixed(1)} s)`,
);

const [engine, buildMs] = time(() => createCoverageEngine(input));
console.log(`engine build: ${ms(buildMs)} (${engine.demandPoints} demand points, fallback communities: ${engine.fallbackCommunities.length})`);

const types = catalogue.types.map((t) => ({ type: t.code, reachMeters: t.reach_m }));
// One untimed pass so that the numbers are those of a warm server process (JIT compiled).
const [, warmMs] = time(() => types.forEach((part) => engine.compute([part], { asOf: AS_OF })));
console.log(`first (cold) pass over all ${types.length} types: ${ms(warmMs)}`);
let exact = 0;
let approx = 0;
console.log('\ncompute, median of 5 runs:');
console.log('type                        reach  facilities  candidates  approx   exact   time');
for (const part of types) {
  const rule: CoverageRule = [part];
  const runs: number[] = [];
  let stats = { facilities: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
  for (let i = 0; i < 5; i++) {
    const [result, t] = time(() => engine.compute(rule, { asOf: AS_OF }));
    runs.push(t);
    stats = result.stats;
  }
  exact += stats.exactCalls;
  approx += stats.approxDecisions;
  console.log(
    `${part.type.padEnd(26)} ${String(part.reachMeters).padStart(6)} ${String(stats.facilities).padStart(11)} ${String(stats.candidates).padStart(11)} ${String(stats.approxDecisions).padStart(8)} ${String(stats.exactCalls).padStart(7)}   ${ms(median(runs))}`,
  );
}
const allRuns: number[] = [];
for (let i = 0; i < 5; i++) {
  allRuns.push(time(() => types.forEach((part) => engine.compute([part], { asOf: AS_OF })))[1]);
}
console.log(`all ${types.length} types: ${ms(median(allRuns))} (median of 5)`);
console.log(`exact GeographicLib calls: ${exact}; approximate decisions: ${approx} (${((exact / Math.max(1, exact + approx)) * 100).toExponential(2)} % exact)`);

// Incremental what-if on the busiest type and on a 1000 m type.
let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
for (const b of input.buildings) {
  [minLon, maxLon, minLat, maxLat] = [Math.min(minLon, b.lon), Math.max(maxLon, b.lon), Math.min(minLat, b.lat), Math.max(maxLat, b.lat)];
}
for (const part of [types.find((t) => t.type === 'convenience_outlet'), types.find((t) => t.type === 'health_center')]) {
  if (!part) continue;
  const rand = seededRandom(42);
  const [session, sessionMs] = time(() => engine.session([part], { asOf: AS_OF }));
  const point = (): [number, number] => [minLon + rand() * (maxLon - minLon), minLat + rand() * (maxLat - minLat)];
  const add: number[] = [];
  const move: number[] = [];
  const remove: number[] = [];
  const result: number[] = [];
  for (let i = 0; i < 50; i++) {
    const [lon, lat] = point();
    add.push(time(() => session.addFacility({ code: `BENCH${i}`, type: part.type, lon, lat }))[1]);
  }
  for (let i = 0; i < 50; i++) {
    const [lon, lat] = point();
    move.push(time(() => session.moveFacility(`BENCH${i}`, lon, lat))[1]);
  }
  for (let i = 0; i < 50; i++) remove.push(time(() => session.removeFacility(`BENCH${i}`))[1]);
  for (let i = 0; i < 5; i++) result.push(time(() => session.result())[1]);
  console.log(
    `\nsession ${part.type} (${part.reachMeters} m): start ${ms(sessionMs)}; add ${ms(median(add))}, move ${ms(median(move))}, remove ${ms(median(remove))} (medians of 50); result() ${ms(median(result))}`,
  );
}

const nearest: number[] = [];
let gapPoints = 0;
for (let i = 0; i < 50; i++) {
  const code = input.communities[(i * 67) % input.communities.length]?.code as string;
  const [gaps, t] = time(() => engine.nearestDistances([{ type: 'health_center', reachMeters: 1000 }], { asOf: AS_OF }, code));
  nearest.push(t);
  gapPoints += gaps.points.length;
}
console.log(`\nnearestDistances(health_center): ${ms(median(nearest))} per community (median of 50; ${gapPoints} uncovered points in all)`);
