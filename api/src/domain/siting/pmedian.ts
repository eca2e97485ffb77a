import type { ModelContext, ModelResult } from './context.ts';
import { LocationEngine } from './engine.ts';
import { solveMip } from './exact.ts';
import { medianInstance } from './instance.ts';
import { keptPairs, medianLagrangian } from './median-lagrangian.ts';
import { medianBnb } from './median-bnb.ts';
import { radiusMip } from './radius-mip.ts';
import { valueOfSites } from './order.ts';
import { secondsLeft } from './context.ts';

/** Largest number of free sites to open for which exact mode runs the Lagrangian branch-and-bound first. */
const BNB_MAX_P = 10;
/**
 * …and at least this many pairs: smaller ones HiGHS proves in seconds (OR-Library pmed1–15, up to
 * 300 × 300); on larger ones it takes up to 106 s (pmed16, 400 × 400) or cannot finish the root
 * LP in 120 s (p ≤ 10 on 500–900 vertices), where the branch-and-bound proves them in 4–40 s.
 */
const BNB_MIN_PAIRS = 150_000;

/** Heuristic mode: a gap above this (0.1 %) after the Lagrangian runs the branch-and-bound, until it is below or… */
const HEURISTIC_BNB_GAP = 0.001;
/** …this much CPU time (ms) has gone into it (a wall-clock cap of four times that guards a very busy machine). */
const HEURISTIC_BNB_CPU_MS = 3000;

/**
 * p-median: at most p sites (forced included) minimising the total weighted cost to the nearest
 * open site or existing facility. Heuristic: lazy greedy, then fast interchange, then a second
 * local search from the Lagrangian's sites; bound: Beasley's Lagrangian with a Polyak-step
 * subgradient and variable fixing. Exact: for few sites on a large instance, Lagrangian
 * branch-and-bound ({@link medianBnb}); otherwise, or when time is left after it, the radius
 * formulation on the sites the fixing left open to doubt, warm-started from the heuristic. A failed exact run keeps the heuristic's answer.
 *
 * @private
 */
export async function solvePmedian(ctx: ModelContext): Promise<ModelResult> {
  const { problem, opts, ticker } = ctx;
  const inst = medianInstance(problem, opts.allowed);
  ticker.check();
  const engine = new LocationEngine(inst, ctx.rules);
  await engine.greedy(opts.p, ticker);
  await engine.swap(opts.p, ticker);
  const relaxed = await medianLagrangian(inst, ctx.boundSites, engine.value, engine.d1, ticker);
  // More local searches from the sites the relaxation opened (at its best multipliers, and a few
  // earlier ones); the best result is kept.
  let better = engine;
  for (const start of [relaxed.sites, ...relaxed.starts]) {
    const next = new LocationEngine(inst, ctx.rules);
    for (const j of start) if (next.openList.length < opts.p && next.canOpen(j)) next.openSite(j);
    await next.greedy(opts.p, ticker);
    await next.swap(opts.p, ticker);
    if (next.value < better.value - better.eps) better = next;
  }
  const heuristicSites = [...better.openList];
  const heuristicValue = better.value;
  const lagrangian = Math.min(relaxed.bound, heuristicValue);

  if (opts.method === 'heuristic') {
    // Few sites to open: a short best-first branch-and-bound lifts the bound past the LP's (which
    // the Lagrangian reaches), e.g. pmed36 from 1.02 % to under 0.5 %, and may prove the answer.
    if (opts.branchAndBound && !opts.hasConflicts && ctx.boundSites.pFree <= BNB_MAX_P && lagrangian < heuristicValue - HEURISTIC_BNB_GAP * Math.abs(heuristicValue)) {
      const bnb = await medianBnb(inst, ctx.boundSites, { sites: heuristicSites, value: heuristicValue }, relaxed, better.d1, ticker, performance.now() + 4 * HEURISTIC_BNB_CPU_MS, { cpuBudgetMs: HEURISTIC_BNB_CPU_MS, stopGap: HEURISTIC_BNB_GAP });
      const sites = bnb.value < heuristicValue - better.eps ? bnb.sites : heuristicSites;
      return { sites, bound: Math.max(lagrangian, bnb.bound), feasible: true };
    }
    return { sites: heuristicSites, bound: lagrangian, feasible: true };
  }

  // Sites the fixing proved closed leave the MIP; those proved open are forced.
  const allowed = Uint8Array.from(opts.allowed);
  for (let j = 0; j < allowed.length; j++) if (relaxed.closed[j]) allowed[j] = 0;
  const forced = [...new Set([...opts.forced, ...relaxed.open])].sort((a, b) => a - b);
  const undecided = ctx.boundSites.free.filter((j) => allowed[j] === 1 && !forced.includes(j)).length;
  if (lagrangian >= heuristicValue - 1e-9 * Math.max(1, heuristicValue) || undecided === 0 || forced.length >= opts.p) {
    return { sites: heuristicSites, bound: heuristicValue, feasible: true, exactStatus: 'optimal', exactMessage: 'proven optimal by the Lagrangian bound and variable fixing; HiGHS was not needed' };
  }
  // Few sites to open, many pairs and no spacing rules: Lagrangian branch-and-bound (Beasley) first, over the
  // whole time limit (the radius MIP's root LP alone outlasts it on 500–900 vertices at p ≤ 10);
  // when time runs out its bound (least open node) is still valid. The MIP gets what time is left.
  let bnbBound = -Infinity;
  let bnbSites = heuristicSites;
  // Below BNB_MIN_PAIRS it gets the heuristic mode's short budget only, so that the exact mode's bound is never weaker.
  if (opts.branchAndBound && !opts.hasConflicts && ctx.boundSites.pFree <= BNB_MAX_P) {
    const whole = inst.sClient.length >= BNB_MIN_PAIRS;
    const deadline = ctx.t0 + opts.timeLimitS * 1000;
    const bnb = await medianBnb(inst, ctx.boundSites, { sites: heuristicSites, value: heuristicValue }, relaxed, better.d1, ticker,
      whole ? deadline : Math.min(deadline, performance.now() + 4 * HEURISTIC_BNB_CPU_MS), whole ? {} : { cpuBudgetMs: HEURISTIC_BNB_CPU_MS });
    if (bnb.value < heuristicValue - better.eps) bnbSites = bnb.sites;
    if (bnb.proven) {
      return { sites: bnbSites, bound: bnb.value, feasible: true, exactStatus: 'optimal', exactMessage: `proven optimal by Lagrangian branch-and-bound (${bnb.nodes} nodes); HiGHS was not needed` };
    }
    bnbBound = bnb.bound;
    if (secondsLeft(ctx) < 1) {
      return { sites: bnbSites, bound: Math.max(lagrangian, bnbBound), feasible: true, exactStatus: 'time_limit', exactMessage: `Lagrangian branch-and-bound stopped at the time limit after ${bnb.nodes} nodes; the bound is its least open node` };
    }
  }
  // Pairs and levels no solution cheaper than the heuristic's can use leave the model too.
  const reduction = keptPairs(inst, relaxed, heuristicValue);
  const mip = radiusMip(inst, { ...ctx.rules, allowed, forced }, opts.p, reduction);
  const startFits = heuristicSites.every((j) => allowed[j]) && forced.every((j) => heuristicSites.includes(j));
  // Cutoff: only solutions better than the heuristic's are wanted, so "infeasible" proves it optimal.
  const cutoff = relaxed.granularity > 0 ? heuristicValue - 0.5 : heuristicValue - 1e-9 * Math.max(1, Math.abs(heuristicValue));
  const run = await solveMip(ctx, mip, startFits ? heuristicSites : null, cutoff);
  if (run.status === 'infeasible' || run.status === 'objective_bound') {
    return { sites: heuristicSites, bound: heuristicValue, feasible: true, exactStatus: 'optimal', exactMessage: 'HiGHS proved that no solution beats the heuristic\'s' };
  }
  const exactValue = run.sites === null ? Infinity : valueOfSites(problem, 'pmedian', Infinity, run.sites).value;
  const heuristicTotal = valueOfSites(problem, 'pmedian', Infinity, heuristicSites).value;
  const exactBetter = exactValue < heuristicTotal;
  // The MIP covers only solutions that could beat the heuristic: its bound counts up to the heuristic's value.
  let bound = Number.isFinite(run.bound) ? Math.max(Math.min(run.bound, heuristicValue), lagrangian, bnbBound) : Math.max(lagrangian, bnbBound);
  if (run.status === 'optimal' && !exactBetter) bound = Math.max(bound, Math.min(heuristicValue, run.raw.objective ?? -Infinity));
  if (relaxed.granularity > 0) bound = Math.ceil(bound - 1e-6 * Math.max(1, Math.abs(bound)));
  return { sites: exactBetter ? (run.sites as number[]) : bnbSites, bound, feasible: true, exactStatus: run.status, exactMessage: run.message };
}
