/**
 * Siting speed and quality on the large generated city, in memory (no database):
 *
 *   npx tsx bench/siting.ts                          # both cases, p = 50 and 200, HiGHS limit 120 s
 *   SITING_TIME_LIMIT_S=600 SITING_P=200 npx tsx bench/siting.ts
 *
 * City: benchCity() (~3 300 communities, ~136 000 buildings). Demand: every building's households.
 * Candidates: the community centroids (~3 300). Existing open facilities of the type count as built
 * (existingCost). Two cases: the (health_station, reach 300 m) and a harder one
 * (health_center, reach 1 000 m: ten times the pairs, much more overlap). For each p: the heuristic
 * (lazy greedy + fast interchange + Lagrangian bound + a second local search from the relaxation;
 * median time of 5 runs), then the exact MIP in HiGHS warm-started from it, under the time limit.
 * Prints times, objectives, bounds and the heuristic's gap. Results: docs/benchmarks.md.
 */
import { isOpenOn } from '../api/src/domain/coverage/index.ts';
import { coverageProblem, featureCandidates, solve, type SitingSolution } from '../api/src/domain/siting/index.ts';
import { benchCity, median, time, timeAsync } from './lib.ts';

const AS_OF = '2026-01-01';
const TIME_LIMIT_S = Number(process.env.SITING_TIME_LIMIT_S ?? 120);
const PS = (process.env.SITING_P ?? '50,200').split(',').map(Number);
const CASES = [
  { type: 'health_station', reachM: 300 },
  { type: 'health_center', reachM: 1000 },
];

const city = benchCity();
const demand = city.buildings.features
  .filter((b) => b.properties.community_code !== null)
  .map((b) => ({ id: b.properties.code, lon: b.geometry.coordinates[0]!, lat: b.geometry.coordinates[1]!, weight: b.properties.households }));
const candidates = featureCandidates(city.communities, { idProperty: 'code' });
const pct = (x: number): string => `${(100 * x).toFixed(3)} %`;

for (const { type, reachM } of CASES) {
  const existing = city.facilities.features
    .filter((f) => f.properties.type === type && isOpenOn(f.properties, AS_OF))
    .map((f) => ({ lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }));
  const [problem, buildMs] = time(() => coverageProblem({ demand, candidates, existing, reachM }));
  const total = problem.weights.reduce((a, b) => a + b, 0);
  console.log(`\n## ${type}, reach ${reachM} m`);
  console.log(`problem: ${demand.length} demand points (${total} households), ${candidates.length} candidates (community centroids), ${existing.length} open ${type}, ${problem.cost.length} pairs ≤ ${reachM} m (built in ${buildMs.toFixed(0)} ms)`);
  for (const p of PS) {
    const runs: Array<[SitingSolution, number]> = [];
    for (let k = 0; k < 5; k++) runs.push(await timeAsync(() => solve(problem, { model: 'mclp', p, reach: reachM })));
    const [h] = runs[0]!;
    const heuristicMs = median(runs.map(([, t]) => t));
    console.log(`p = ${p}: heuristic ${heuristicMs.toFixed(0)} ms (median of 5): covered ${h.objective} households (${pct(h.rate!)}), ${h.sites.length} sites, Lagrangian bound ${h.bound.toFixed(1)}, reported gap ${pct(h.gap)}`);
    const [x, exactMs] = await timeAsync(() => solve(problem, { model: 'mclp', p, reach: reachM, method: 'exact', timeLimitS: TIME_LIMIT_S }));
    console.log(`p = ${p}: exact (HiGHS, limit ${TIME_LIMIT_S} s) ${(exactMs / 1000).toFixed(1)} s, status ${x.exactStatus}: objective ${x.objective}, bound ${x.bound.toFixed(1)}, gap ${pct(x.gap)}`);
    const bestBound = Math.min(x.bound, h.bound);
    console.log(`p = ${p}: heuristic ${pct((x.objective - h.objective) / x.objective)} below the exact objective; heuristic gap to HiGHS's bound ${pct((bestBound - h.objective) / h.objective)}`);
  }
}
