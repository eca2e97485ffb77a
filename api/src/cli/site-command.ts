import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { matrixProblem, siteIndices, SitingInputError, solve, type SitingModel } from '../domain/siting/index.ts';
import { InputError } from '../services/errors.ts';

const MODELS: readonly SitingModel[] = ['mclp', 'lscp', 'pmedian', 'pcenter'];

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
  timeLimit: string;
  missingCost?: string;
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
    .option('--missing-cost <cost>', 'pmedian/pcenter: cost of a demand point no chosen site lists (default 10 × the largest cost)')
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
        let lastReport = 0;
        const solution = await solve(problem, {
          model: opts.model,
          p,
          reach,
          targetRate,
          forced: siteIndices(problem, idList(opts.force), '--force'),
          excluded: siteIndices(problem, idList(opts.exclude), '--exclude'),
          method: opts.exact ? 'exact' : 'heuristic',
          timeLimitS,
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
          curve: solution.curve,
          elapsed_ms: Math.round(solution.elapsedMs),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } catch (err) {
        if (err instanceof SitingInputError) throw new InputError(err.field, err.message.slice(err.field.length + 2));
        throw err;
      }
    });
}
