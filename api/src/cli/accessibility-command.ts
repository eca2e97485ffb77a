import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { openMigrated } from '../server.ts';
import { accessibilityCsv, capacitatedCsv } from '../services/accessibility-format.ts';
import { parseDemand, parseDemandPoints, parseMethod, parseNumberList, parseSupply, parseTarget } from '../services/accessibility-params.ts';
import { choice } from '../services/choice.ts';
import { LEVELS } from '../services/coverage.ts';
import { parseDistanceMode } from '../services/walking.ts';
import { AccessibilityService } from '../services/accessibility.ts';
import { CoverageService } from '../services/coverage.ts';
import { isIsoDate, todayIn } from '../domain/dates.ts';
import { InputError } from '../services/errors.ts';

interface AccessibilityOptions {
  type: string;
  supply?: string;
  demand?: string;
  reachM?: string;
  method?: string;
  weights?: string;
  zones?: string;
  level?: string;
  mode?: string;
  asOf?: string;
  demandPoints?: string;
  target?: string;
  per?: string;
  capacitated?: boolean;
  format?: string;
}

/**
 * `lifecircle accessibility`: the report of `GET /api/accessibility` (or, with --capacitated, of
 * `GET /api/accessibility/capacitated`) as JSON or CSV on stdout. Bad input throws InputError
 * (exit 2) before the database is opened, except unknown types (checked against the catalogue).
 */
export function addAccessibilityCommand(program: Command): void {
  program
    .command('accessibility')
    .description('capacity-aware accessibility (2SFCA / E2SFCA) per unit, or capacitated coverage with --capacitated; JSON or CSV on stdout')
    .requiredOption('-t, --type <types>', 'facility type(s) whose supply is pooled, comma-separated, e.g. health_center,health_station')
    .requiredOption('-s, --supply <measure>', 'supply: gp_count | beds | floor_area_m2 | count')
    .option('--demand <measure>', 'demand: population | elderly | households', 'population')
    .option('-r, --reach-m <metres>', 'catchment in metres (one, or one per type, comma-separated; default: catalogue reach)')
    .option('-m, --method <method>', '2sfca | e2sfca', '2sfca')
    .option('--weights <list>', 'E2SFCA zone weights, nearest first (default 1,0.68,0.22)')
    .option('--zones <list>', 'E2SFCA zone upper bounds as fractions of the reach (default equal widths)')
    .option('-l, --level <level>', 'community | street | district | city', 'community')
    .option('--mode <mode>', 'straight (geodesic) | walk (walking distance on the street network)', 'straight')
    .option('-d, --as-of <date>', 'evaluation date YYYY-MM-DD (default: today, Asia/Shanghai)')
    .option('--demand-points <mode>', 'buildings | centroid', 'buildings')
    .option('--target <value>', 'plan ratio target: supply per --per units of demand (e.g. 2 with --per 10000)')
    .option('--per <demand>', 'the demand the target is per (default 1)')
    .option('--capacitated', 'capacitated coverage (households within capacity, over capacity, not covered); needs --target')
    .option('-f, --format <format>', 'json | csv', 'json')
    .action(async (opts: AccessibilityOptions) => {
      const mode = parseDistanceMode(opts.mode, '--mode');
      const asOf = opts.asOf ?? todayIn();
      if (!isIsoDate(asOf)) throw new InputError('--as-of', `must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
      const reachMeters = opts.reachM?.split(',').map((r) => {
        const n = Number(r);
        if (r.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 100_000) throw new InputError('--reach-m', `must be metres > 0 and ≤ 100000, got ${JSON.stringify(opts.reachM)}`);
        return n;
      });
      if (opts.format !== 'json' && opts.format !== 'csv') throw new InputError('--format', `must be json or csv, got ${JSON.stringify(opts.format)}`);
      const base = {
        mode,
        types: opts.type.split(',').map((t) => t.trim()),
        reachMeters,
        supply: parseSupply(opts.supply, '--supply'),
        demand: parseDemand(opts.demand, '--demand'),
        level: choice(opts.level, '--level', LEVELS, 'community'),
        asOf,
        demandPoints: parseDemandPoints(opts.demandPoints, '--demand-points'),
      };
      const target = parseTarget(opts.target, opts.per, { target: '--target', per: '--per' });
      const method = parseMethod(opts.method, '--method');
      const weights = parseNumberList(opts.weights, '--weights', 0, Number.MAX_VALUE, 'zone weights > 0 (e.g. 1,0.68,0.22)');
      const zones = parseNumberList(opts.zones, '--zones', 0, 1, 'fractions of the reach in (0, 1], increasing, ending at 1');
      if (opts.capacitated && !target) throw new InputError('--target', 'is required with --capacitated (e.g. --target 2 --per 10000: one GP serves 5 000 residents)');

      const config = loadConfig();
      const db = await openMigrated(config, createLogger(config.logLevel));
      try {
        const service = new AccessibilityService(db, new CoverageService(db));
        if (opts.capacitated) {
          const report = await service.capacitated({ ...base, target: target! });
          process.stdout.write(opts.format === 'csv' ? capacitatedCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
        } else {
          const report = await service.accessibility({ ...base, method, weights, zones, target });
          process.stdout.write(opts.format === 'csv' ? accessibilityCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
        }
      } finally {
        await db.close();
      }
    });
}
