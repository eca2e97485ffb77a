/**
 * Siting speed and quality on the large generated city, in memory (no database):
 *
 *   npx tsx bench/siting.ts                  # p = 50 and 200, HiGHS time limit 120 s each
 *   SITING_TIME_LIMIT_S=600 npx tsx bench/siting.ts
 *
 * City: benchCity() (~3 300 communities, ~136 000 buildings). Demand: every building's households.
 * Candidates: the community centroids (~3 300). Type health_station, reach 300 m; the open
 * health stations count as built (existingCost). For each p: the heuristic (lazy greedy + fast
 * interchange + Lagrangian bound; median of 5 runs), then the exact MIP in HiGHS warm-started from
 * it, under the time limit. Prints times, objectives, bounds and the heuristic's gap to the best
 * bound known. Results are written up in docs/benchmarks.md.
 */
import { isOpenOn } from '../api/src/domain/coverage/index.ts';
import { coverageProblem, featureCandidates, solve, type SitingSolution } from '../api/src/domain/siting/index.ts';
import { benchCity, median, time, timeAsync } from './lib.ts';

const TYPE = process.env.SITING_TYPE ?? 'health_station';
const REACH_M = Number(process.env.SITING_REACH_M ?? 300);
const AS_OF = '2026-01-01';
const TIME_LIMIT_S = Number(process.env.SITING_TIME_LIMIT_S ?? 120);
const PS = (process.env.SITING_P ?? '50,200').split(',').map(Number);

const city = benchCity();
const demand = city.buildings.features
  .filter((b) => b.properties.community_code !== null)
  .map((b) => ({ id: b.properties.code, lon: b.geometry.coordinates[0]!, lat: b.geometry.coordinates[1]!, weight: b.properties.households }));
const candidates = featureCandidates(city.communities, { idProperty: 'code' });
const existing = city.facilities.features
  .filter((f) => f.properties.type === TYPE && isOpenOn(f.properties, AS_OF))
  .map((f) => ({ lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }));
const [problem, buildMs] = time(() => coverageProblem({ demand, candidates, existing, reachM: REACH_M }));
const total = problem.weights.reduce((a, b) => a + b, 0);
console.log(`problem: ${demand.length} demand points (${total} households), ${candidates.length} candidates (community centroids), ${existing.length} open ${TYPE}, ${problem.cost.length} pairs ≤ ${REACH_M} m (built in ${buildMs.toFixed(0)} ms)`);

const pct = (x: number): string => `${(100 * x).toFixed(3)} %`;
for (const p of PS) {
  const runs: Array<[SitingSolution, number]> = [];
  for (let k = 0; k < 5; k++) runs.push(await timeAsync(() => solve(problem, { model: 'mclp', p, reach: REACH_M })));
  const [h] = runs[0]!;
  const heuristicMs = median(runs.map(([, t]) => t));
  console.log(`\np = ${p}: heuristic ${heuristicMs.toFixed(0)} ms (median of 5): covered ${h.objective} households (${pct(h.rate!)}), ${h.sites.length} sites, Lagrangian bound ${h.bound.toFixed(1)}, gap ${pct(h.gap)}`);
  const [x, exactMs] = await timeAsync(() => solve(problem, { model: 'mclp', p, reach: REACH_M, method: 'exact', timeLimitS: TIME_LIMIT_S }));
  const bestBound = Math.min(x.bound, h.bound);
  console.log(`p = ${p}: exact (HiGHS, limit ${TIME_LIMIT_S} s) ${(exactMs / 1000).toFixed(1)} s, status ${x.exactStatus}: objective ${x.objective}, bound ${x.bound.toFixed(1)}, gap ${pct(x.gap)}`);
  console.log(`p = ${p}: heuristic vs exact objective: ${h.objective} vs ${x.objective} (${pct((x.objective - h.objective) / x.objective)} below); heuristic gap to the best bound: ${pct((bestBound - h.objective) / bestBound)}`);
}
