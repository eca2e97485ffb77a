/**
 * Siting quality and speed, in memory (no database).
 *
 *   npx tsx bench/siting.ts orlib                    # OR-Library pmed1–40: heuristic vs published optimum, gap, exact
 *   SITING_ORLIB=pmed1,pmed6 npx tsx bench/siting.ts orlib
 *   npx tsx bench/siting.ts city                     # the generated city: mclp, p = 50 and 200, HiGHS limit 120 s
 *   SITING_TIME_LIMIT_S=600 SITING_P=200 npx tsx bench/siting.ts city
 *
 * orlib: for each instance in ../shared/validation/orlib_pmed (Floyd–Warshall distances, the last
 * repeated edge counting), the heuristic (greedy + fast interchange + Lagrangian with fixing + more
 * local searches) and its reported gap, then the exact mode (radius formulation in HiGHS, limit
 * SITING_TIME_LIMIT_S, default 120 s): status, time and objective, each against the published optimum.
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
import { orlibProblem, publishedOptimum, SHARED_ORLIB_DIR } from '../tests/unit/domain/siting/orlib.ts';

const AS_OF = '2026-01-01';
const TIME_LIMIT_S = Number(process.env.SITING_TIME_LIMIT_S ?? 120);
const PS = (process.env.SITING_P ?? '50,200').split(',').map(Number);
const CASES = [
  { type: 'health_station', reachM: 300 },
  { type: 'health_center', reachM: 1000 },
];

const pct = (x: number): string => `${(100 * x).toFixed(3)} %`;

async function orlib(): Promise<void> {
  const names = (process.env.SITING_ORLIB ?? Array.from({ length: 40 }, (_, k) => `pmed${k + 1}`).join(',')).split(',');
  console.log(`OR-Library p-median, exact limit ${TIME_LIMIT_S} s`);
  console.log('| instance | n | p | optimum | heuristic | vs optimum | bound | reported gap | heuristic s | exact status | exact objective | exact bound | exact gap | exact s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  let worstHeuristic = 0;
  let worstGap = 0;
  let worstExactGap = 0;
  let proven = 0;
  let slowest = 0;
  for (const name of names) {
    const { problem, p } = orlibProblem(name, SHARED_ORLIB_DIR);
    const opt = publishedOptimum(name, SHARED_ORLIB_DIR);
    const [h, hMs] = await timeAsync(() => solve(problem, { model: 'pmedian', p }));
    const [x, xMs] = await timeAsync(() => solve(problem, { model: 'pmedian', p, method: 'exact', timeLimitS: TIME_LIMIT_S }));
    if (h.bound > opt + 1e-9 || x.bound > opt + 1e-9) throw new Error(`${name}: a bound above the published optimum ${opt}`);
    worstHeuristic = Math.max(worstHeuristic, h.objective / opt - 1);
    worstGap = Math.max(worstGap, h.gap);
    worstExactGap = Math.max(worstExactGap, x.gap);
    const ok = x.exactStatus === 'optimal' && x.objective === opt;
    if (ok) proven++;
    slowest = Math.max(slowest, xMs / 1000);
    console.log(`| ${name} | ${problem.demandIds.length} | ${p} | ${opt} | ${h.objective} | ${pct(h.objective / opt - 1)} | ${h.bound} | ${pct(h.gap)} | ${(hMs / 1000).toFixed(2)} | ${x.exactStatus}${ok ? '' : ' (not proven)'} | ${x.objective} | ${x.bound} | ${pct(x.gap)} | ${(xMs / 1000).toFixed(1)} |`);
  }
  console.log(`\nheuristic at most ${pct(worstHeuristic)} above the optimum; reported gap at most ${pct(worstGap)} (heuristic), ${pct(worstExactGap)} (exact); exact proved ${proven} of ${names.length} optimal, slowest ${slowest.toFixed(1)} s`);
}

if (process.argv[2] !== 'city') {
  await orlib();
  if (process.argv[2] === 'orlib') process.exit(0);
}

const city = benchCity();
const demand = city.buildings.features
  .filter((b) => b.properties.community_code !== null)
  .map((b) => ({ id: b.properties.code, lon: b.geometry.coordinates[0]!, lat: b.geometry.coordinates[1]!, weight: b.properties.households }));
const candidates = featureCandidates(city.communities, { idProperty: 'code' });

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
