import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Db } from '../db/connect.ts';
import { TARGET_LEVELS, parseProfile, type TargetLevel } from '../domain/plans/index.ts';
import { CoverageService } from '../services/coverage.ts';
import { isIsoDate, todayIn } from '../domain/dates.ts';
import { InputError } from '../services/errors.ts';
import { evaluationCsv, seriesCsv } from '../services/plans-format.ts';
import { renderPlanReport, type ReportLang } from '../services/plans-report.ts';
import { PlanService, PlanValidationError } from '../services/plans.ts';
import { print, withDatabase } from './database.ts';


/** Opens the database, runs `fn` with a plan service, closes. */
function withPlans<T>(fn: (plans: PlanService, db: Db) => Promise<T>): Promise<T> {
  return withDatabase((db) => fn(new PlanService(db, new CoverageService(db)), db));
}

/** A validation failure (of a profile or a figure) as one message listing every path. */
const explain = (what: 'profile' | 'figure') => (err: unknown): never => {
  if (err instanceof PlanValidationError) {
    const n = err.issues.length;
    throw new InputError(what, `${n} issue${n === 1 ? '' : 's'}:\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
  throw err;
};

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError('file', `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError('file', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function checkDate(flag: string, value: string | undefined): string {
  const v = value ?? todayIn();
  if (!isIsoDate(v)) throw new InputError(flag, `must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
  return v;
}

/** `2001-2007` or `2001,2003,2005` → year-end dates. */
function yearEnds(value: string): string[] {
  const range = /^(\d{4})-(\d{4})$/.exec(value.trim());
  const years = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : value.split(',').map((y) => (/^\s*\d{4}\s*$/.test(y) ? Number(y) : NaN));
  if (years.length === 0 || years.some((y) => !Number.isInteger(y) || y < 1900 || y > 2200)) {
    throw new InputError('--years', `must be a range like 2001-2007 or a list like 2001,2003, got ${JSON.stringify(value)}`);
  }
  return years.map((y) => `${y}-12-31`);
}

/**
 * `lifecircle evaluate <plan-id>`, `lifecircle progress <plan-id>` and `lifecircle plans …`
 * (list, show, validate, put, report): the same answers as `/api/plans…`, on stdout.
 */
export function addPlanCommands(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a plan profile against the database on a date; JSON, CSV or a printable HTML report on stdout')
    .argument('<plan-id>', 'plan profile id, e.g. beijing-2001-2005 (see `lifecircle plans list`)')
    .option('-d, --as-of <date>', 'evaluation date YYYY-MM-DD (default: today, Asia/Shanghai)')
    .addOption(new Option('-l, --level <level>', 'only the targets of this level').choices([...TARGET_LEVELS]))
    .addOption(new Option('-m, --method <method>', 'evaluate every coverage target by reach (distance) or unit (own facility)').choices(['reach', 'unit']))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'csv', 'html']).default('json'))
    .addOption(new Option('--lang <lang>', 'language of the HTML report').choices(['zh', 'en']).default('zh'))
    .option('--progress <years>', 'HTML: add a progress table for these years (e.g. 2001-2007)')
    .action(async (planId: string, opts: { asOf?: string; level?: TargetLevel; method?: 'reach' | 'unit'; format: 'json' | 'csv' | 'html'; lang: ReportLang; progress?: string }) => {
      const asOf = checkDate('--as-of', opts.asOf);
      const progress = opts.progress ? yearEnds(opts.progress) : undefined;
      await withPlans(async (plans) => {
        const bundle = await plans.evaluate(planId, { asOf, level: opts.level, method: opts.method });
        if (opts.format === 'csv') process.stdout.write(evaluationCsv(bundle.report));
        else if (opts.format === 'html') {
          const shapes = await plans.shapes(bundle.city.version);
          const series = progress ? await plans.series(planId, { dates: progress, level: opts.level, method: opts.method }) : undefined;
          process.stdout.write(renderPlanReport(bundle, { lang: opts.lang, shapes, ...(series ? { series } : {}) }));
        } else print(bundle.report);
      });
    });

  program
    .command('progress')
    .description('evaluate a plan at several dates (year ends): one series per target, JSON or CSV on stdout')
    .argument('<plan-id>', 'plan profile id')
    .requiredOption('-y, --years <years>', 'years, evaluated on 31 December: a range 2001-2007 or a list 2001,2003')
    .addOption(new Option('-l, --level <level>', 'only the targets of this level').choices([...TARGET_LEVELS]))
    .addOption(new Option('-m, --method <method>', 'coverage method override').choices(['reach', 'unit']))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .action(async (planId: string, opts: { years: string; level?: TargetLevel; method?: 'reach' | 'unit'; format: 'json' | 'csv' }) => {
      const dates = yearEnds(opts.years);
      await withPlans(async (plans) => {
        const series = await plans.series(planId, { dates, level: opts.level, method: opts.method });
        if (opts.format === 'csv') process.stdout.write(seriesCsv(series));
        else print(series);
      });
    });

  const plans = program.command('plans').description('plan profiles: list, show, validate, add or replace, and enter reported figures');

  plans
    .command('list')
    .description('list the plan profiles (built-in and yours)')
    .action(async () => {
      await withPlans(async (service) => print({ plans: await service.list() }));
    });

  plans
    .command('show')
    .description('print a plan profile as JSON (edit it and `plans put` it back)')
    .argument('<plan-id>', 'plan profile id')
    .action(async (planId: string) => {
      await withPlans(async (service) => print((await service.get(planId)).profile));
    });

  plans
    .command('validate')
    .description('check a profile file without storing it; prints every fault with its path (exit 2 if invalid)')
    .argument('<file>', 'profile JSON file')
    .option('--offline', 'check the structure only (no database, so facility types are not checked)')
    .action(async (file: string, opts: { offline?: boolean }) => {
      const input = await readJson(file);
      if (opts.offline) {
        const parsed = parseProfile(input);
        if (!parsed.ok) explain('profile')(new PlanValidationError(parsed.issues));
        print({ valid: true, id: parsed.ok ? parsed.profile.id : null, targets: parsed.ok ? parsed.profile.targets.length : 0, checked: 'structure' });
        return;
      }
      await withPlans(async (service) => {
        const profile = await service.validate(input).catch(explain('profile'));
        print({ valid: true, id: profile.id, targets: profile.targets.length, checked: 'structure and facility types' });
      });
    });

  plans
    .command('put')
    .description('add a profile, or replace the one with the same id (an edited built-in is kept at later start-ups)')
    .argument('<file>', 'profile JSON file')
    .action(async (file: string) => {
      const input = await readJson(file);
      const id = (input as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') explain('profile')(new PlanValidationError([{ path: 'id', message: 'expected string' }]));
      await withPlans(async (service) => {
        const { created, plan } = await service.put(id as string, input).catch(explain('profile'));
        print({ id: plan.profile.id, created, revision: plan.revision, builtin: plan.builtin, modified: plan.modified, targets: plan.profile.targets.length });
      });
    });

  plans
    .command('report')
    .description('enter a figure for a reported target (kept with its date, source and author)')
    .argument('<plan-id>', 'plan profile id')
    .argument('<target-id>', 'a target of kind reported, e.g. bj.green.coverage')
    .requiredOption('--value <number>', 'the figure, in the target\'s unit (a percentage as 0–100)')
    .requiredOption('--date <date>', 'the date the figure refers to, YYYY-MM-DD')
    .requiredOption('--source <text>', 'where the figure comes from (bulletin, survey …)')
    .requiredOption('--author <name>', 'who enters it')
    .option('--measure <key>', 'for a target with several figures (e.g. elderly_65)')
    .option('--unit <code>', 'the street, district or community the figure is for (targets checked per unit, e.g. zb.employment.reemployed)')
    .option('--note <text>', 'a remark')
    .action(async (planId: string, targetId: string, opts: { value: string; date: string; source: string; author: string; measure?: string; unit?: string; note?: string }) => {
      const value = Number(opts.value);
      if (opts.value.trim() === '' || !Number.isFinite(value)) throw new InputError('--value', `must be a number, got ${JSON.stringify(opts.value)}`);
      await withPlans(async (service) => {
        const figure = await service
          .addReported(planId, targetId, {
            value,
            date: opts.date,
            source: opts.source,
            author: opts.author,
            ...(opts.measure ? { measure: opts.measure } : {}),
            ...(opts.unit ? { unit: opts.unit } : {}),
            ...(opts.note ? { note: opts.note } : {}),
          })
          .catch(explain('figure'));
        print(figure);
      });
    });

  plans
    .command('import-reported')
    .description('import a CSV of reported figures (header target_id,unit,value,date,source,author,measure,note), all or nothing; every faulty row is named')
    .argument('<plan-id>', 'plan profile id')
    .argument('<file>', 'CSV file (UTF-8)')
    .action(async (planId: string, file: string) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new InputError('file', `cannot read ${file}: ${(err as Error).message}`);
      }
      await withPlans(async (service) => {
        const result = await service.importReported(planId, text).catch(explain('figure'));
        print({ plan: result.plan, imported: result.imported, figures: result.figures });
      });
    });
}
