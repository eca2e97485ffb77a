import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { capacityRows, coordinateRows, matrixProblem, minSpacingConflicts, siteIndices, SitingInputError, solve, spacedFromExisting, type SitingModel, type SitingProblem } from '../domain/siting/index.ts';
import { InputError } from '../services/errors.ts';

const MODELS: readonly SitingModel[] = ['mclp', 'lscp', 'pmedian', 'pcenter'];
/** The flags behind the solver's option names. */
const CLI_FIELDS: Record<string, string> = { p: '--p', fillForced: '--fill-forced', capacities: '--capacities', memoryLimitMb: '--memory-limit', timeLimitS: '--time-limit', fairness: '--fair', min_spacing_m: '--min-spacing' };

interface SiteOptions {
  model: SitingModel;
  demand: string;
  costs: string;
  p?: string;
  reach?: string;
  target?: string;
  force?: string;
  exclude?: string;
  exact?: boolean;
  /** commander's --no-branch-and-bound (true unless given). */
  branchAndBound?: boolean;
  timeLimit: string;
  missingCost?: string;
  capacities?: string;
  fillForced?: boolean;
  memoryLimit?: string;
  fair?: string;
  coords?: string;
  minSpacing?: string;
  existingCoords?: string;
}

/**
 * --min-spacing with --coords (and --existing-coords): the pairs of sites closer than the spacing,
 * and the sites closer than it to an existing facility (excluded).
 */
async function spacing(problem: SitingProblem, opts: SiteOptions, metres: number | undefined): Promise<{ conflicts?: Array<[number, number]>; excluded: number[] }> {
  if (metres === undefined) {
    if (opts.coords !== undefined || opts.existingCoords !== undefined) throw new InputError('--min-spacing', 'is needed with --coords / --existing-coords (they are only used for the spacing)');
    return { excluded: [] };
  }
  if (!(metres > 0)) throw new InputError('--min-spacing', `must be metres > 0, got ${metres}`);
  if (opts.coords === undefined) throw new InputError('--coords', 'is required with --min-spacing (a CSV site_id,lon,lat giving every site\'s position)');
  const at = coordinateRows(await readText(opts.coords, '--coords'), opts.coords, 'site_id');
  const missing = problem.siteIds.filter((id) => !at.has(id));
  if (missing.length > 0) throw new InputError('--coords', `${opts.coords} has no coordinates for site ${JSON.stringify(missing[0])}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`);
  const points = problem.siteIds.map((id) => at.get(id) as { lon: number; lat: number });
  const existing = opts.existingCoords === undefined ? [] : [...coordinateRows(await readText(opts.existingCoords, '--existing-coords'), opts.existingCoords, 'id').values()];
  return { conflicts: minSpacingConflicts(points, metres), excluded: spacedFromExisting(points, existing, metres) };
}

/** caps.csv (`site_id,capacity`) as one capacity per site; its sites no cost row lists are added (unreachable but for --missing-cost). */
function withCapacities(problem: SitingProblem, text: string, file: string): Float64Array {
  const caps = capacityRows(text, file);
  for (const id of caps.keys()) {
    if (!problem.siteIds.includes(id)) {
      problem.siteIds.push(id);
      problem.siteStart = Uint32Array.from([...problem.siteStart, problem.siteStart[problem.siteStart.length - 1] as number]);
    }
  }
  const missing = problem.siteIds.filter((id) => !caps.has(id));
  if (missing.length > 0) throw new InputError('--capacities', `${file} has no capacity for site ${JSON.stringify(missing[0])}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`);
  return Float64Array.from(problem.siteIds, (id) => caps.get(id) as number);
}

function positiveNumber(raw: string | undefined, field: string, integer = false): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new InputError(field, `must be ${integer ? 'an integer' : 'a number'} ≥ 0, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** "0.95" or "95%" → 0.95. */
function rate(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const percent = raw.trim().endsWith('%');
  const n = Number(percent ? raw.trim().slice(0, -1) : raw);
  const r = percent ? n / 100 : n;
  if (!(r > 0 && r <= 1)) throw new InputError('--target', `must be a rate in (0, 1] or a percentage (95%), got ${JSON.stringify(raw)}`);
  return r;
}

const idList = (raw: string | undefined): string[] => (raw === undefined ? [] : raw.split(',').map((s) => s.trim()).filter((s) => s !== ''));

async function readText(file: string, field: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new InputError(field, `cannot read ${JSON.stringify(file)}`);
  }
}

/**
 * `lifecircle site --model M --demand demand.csv --costs costs.csv …`: matrix mode, for costs from
 * other tools. Prints `{ model, sites, objective, bound, gap, … }` as JSON; bad input exits 2
 * naming the file, line and field.
 */
export function addSiteCommand(program: Command): void {
  program
    .command('site')
    .description('choose sites on a cost matrix (mclp | lscp | pmedian | pcenter); JSON on stdout')
    .requiredOption('-m, --model <model>', 'location model: mclp | lscp | pmedian | pcenter')
    .requiredOption('--demand <file>', 'demand.csv with columns id,weight')
    .requiredOption('--costs <file>', 'costs.csv with columns demand_id,site_id,cost (missing pairs: unreachable)')
    .option('-p, --p <n>', 'sites to choose, forced ones included (mclp, pmedian, pcenter)')
    .option('-r, --reach <cost>', 'coverage threshold: covered when cost ≤ reach (mclp, lscp)')
    .option('--target <rate>', 'lscp: coverage rate to reach, 0.95 or 95% (default 100%)')
    .option('--force <ids>', 'site ids that must be opened, comma-separated')
    .option('--exclude <ids>', 'site ids that must not be opened, comma-separated')
    .option('--exact', 'solve the MIP with HiGHS (warm-started from the heuristic) instead of the heuristic alone')
    .option('--time-limit <seconds>', 'time limit of --exact', '60')
    .option('--no-branch-and-bound', 'pmedian, p ≤ 10: no Lagrangian branch-and-bound (heuristic mode: a bound from the Lagrangian alone; --exact: HiGHS alone)')
    .option('--missing-cost <cost>', 'pmedian/pcenter: cost of a demand point no chosen site lists (default 10 × the largest cost); capacitated: the cost of an unlisted pair, which may then be assigned')
    .option('--capacities <file>', 'pmedian: caps.csv with columns site_id,capacity: the capacitated, single-source p-median (HiGHS)')
    .option('--fill-forced', 'capacitated: forced sites are filled exactly to capacity')
    .option('--memory-limit <MB>', 'memory budget of the exact HiGHS worker (default 1536)')
    .option('--fair <weight>', 'pmedian: fair siting, minimising total + weight × Σ w·|cost − mean cost| (HiGHS)')
    .option('--min-spacing <metres>', 'new sites at least this far apart (geodesic), and from --existing-coords; needs --coords')
    .option('--coords <file>', 'sites.csv with columns site_id,lon,lat (WGS 84), for --min-spacing')
    .option('--existing-coords <file>', 'existing.csv with columns id,lon,lat: facilities new sites keep --min-spacing from')
    .action(async (opts: SiteOptions) => {
      // Checked here rather than with commander's choices, so that bad usage exits 2 like every fault.
      if (!MODELS.includes(opts.model)) throw new InputError('--model', `must be one of ${MODELS.join(', ')}, got ${JSON.stringify(opts.model)}`);
      const p = positiveNumber(opts.p, '--p', true);
      const reach = positiveNumber(opts.reach, '--reach');
      const timeLimitS = positiveNumber(opts.timeLimit, '--time-limit');
      const missingCost = positiveNumber(opts.missingCost, '--missing-cost');
      const targetRate = opts.model === 'lscp' ? (rate(opts.target) ?? 1) : undefined;
      if (opts.model !== 'lscp' && p === undefined) throw new InputError('--p', `is required for ${opts.model}`);
      if ((opts.model === 'mclp' || opts.model === 'lscp') && reach === undefined) throw new InputError('--reach', `is required for ${opts.model}`);
      if (!(timeLimitS! > 0)) throw new InputError('--time-limit', `must be seconds > 0, got ${JSON.stringify(opts.timeLimit)}`);

      const demandText = await readText(opts.demand, '--demand');
      const costsText = await readText(opts.costs, '--costs');
      try {
        const problem = matrixProblem(demandText, costsText, { demandFile: opts.demand, costsFile: opts.costs });
        if (missingCost !== undefined) problem.unlistedCost = missingCost;
        if (opts.fillForced && opts.capacities === undefined) throw new InputError('--fill-forced', 'needs --capacities');
        if (opts.capacities !== undefined && opts.model !== 'pmedian' && opts.model !== 'mclp') throw new InputError('--capacities', `is for --model pmedian or mclp, not ${opts.model}`);
        const fairness = positiveNumber(opts.fair, '--fair');
        if (fairness !== undefined && opts.model !== 'pmedian') throw new InputError('--fair', `is for --model pmedian, not ${opts.model}`);
        const spaced = await spacing(problem, opts, positiveNumber(opts.minSpacing, '--min-spacing'));
        const capacities = opts.capacities === undefined ? undefined : withCapacities(problem, await readText(opts.capacities, '--capacities'), opts.capacities);
        const memoryLimitMb = positiveNumber(opts.memoryLimit, '--memory-limit');
        let lastReport = 0;
        const solution = await solve(problem, {
          model: opts.model,
          p,
          reach,
          targetRate,
          forced: siteIndices(problem, idList(opts.force), '--force'),
          excluded: [...new Set([...siteIndices(problem, idList(opts.exclude), '--exclude'), ...spaced.excluded])],
          conflicts: spaced.conflicts,
          fairness,
          method: opts.exact || capacities || fairness !== undefined ? 'exact' : 'heuristic',
          timeLimitS,
          branchAndBound: opts.branchAndBound !== false,
          capacities,
          fillForced: opts.fillForced,
          memoryLimitMb,
          onExactWorker: (pid) => process.stderr.write(`lifecircle site: exact solve started (HiGHS worker pid ${pid})\n`),
          onProgress: (fraction, phase) => {
            if (phase !== 'exact' || Date.now() - lastReport < 2000) return;
            lastReport = Date.now();
            process.stderr.write(`lifecircle site: exact ${Math.round(fraction * 100)} % of the time limit\n`);
          },
        });
        const out = {
          model: solution.model,
          sites: solution.sites.map((j) => problem.siteIds[j]),
          objective: solution.objective,
          bound: solution.bound,
          gap: solution.gap,
          method: solution.method,
          feasible: solution.feasible,
          ...(solution.bestRate !== undefined ? { best_rate: solution.bestRate } : {}),
          ...(solution.rate !== undefined ? { rate: solution.rate } : {}),
          ...(solution.unservedWeight !== undefined ? { unserved_weight: solution.unservedWeight } : {}),
          ...(solution.exactStatus !== undefined ? { exact_status: solution.exactStatus } : {}),
          ...(solution.exactMessage !== undefined ? { exact_message: solution.exactMessage } : {}),
          distribution: solution.distribution,
          ...(solution.fair ? { fair: solution.fair } : {}),
          ...(spaced.excluded.length > 0 ? { excluded_by_spacing: spaced.excluded.map((j) => problem.siteIds[j]) } : {}),
          ...(solution.load ? { load: Object.fromEntries(solution.sites.map((j) => [problem.siteIds[j], solution.load![j]])) } : {}),
          ...(solution.assignment ? { assignment: Object.fromEntries(problem.demandIds.map((id, i) => [id, solution.assignment![i]! >= 0 ? problem.siteIds[solution.assignment![i]!] : null])) } : {}),
          curve: solution.curve,
          elapsed_ms: Math.round(solution.elapsedMs),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } catch (err) {
        if (err instanceof SitingInputError) throw new InputError(CLI_FIELDS[err.field] ?? err.field, err.message.slice(err.field.length + 2));
        throw err;
      }
    });
}
