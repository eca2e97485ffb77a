import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile, unknownTypeIssues } from '../../../../api/src/domain/plans/index.ts';

const BEIJING = JSON.parse(readFileSync(new URL('../../../../seeds/plans/beijing-2001-2005.json', import.meta.url), 'utf8')) as {
  targets: Array<Record<string, unknown>>;
};
const clone = () => structuredClone(BEIJING) as { targets: Array<Record<string, unknown>> } & Record<string, unknown>;

function issuesAfter(edit: (p: ReturnType<typeof clone>) => void): string[] {
  const p = clone();
  edit(p);
  const r = parseProfile(p);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('plan profile schema', () => {
  it('should accept the built-in Beijing profile and fill in defaults', () => {
    const r = parseProfile(clone());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const coverage = r.profile.targets.find((t) => t.id === 'bj.health.coverage')!;
    expect(coverage.comparator).toBe('>=');
    expect(coverage.kind === 'coverage' && coverage.method).toBe('reach');
  });

  // Targets are found by id, so the cases keep working when the profile's order changes.
  const at = (id: string): number => BEIJING.targets.findIndex((t) => t.id === id);
  const grade = at('bj.health.grade_a');
  const coverage = at('bj.health.coverage');
  const competitions = at('bj.fitness.competitions');
  const street = at('bj.health.street_center');
  it.each([
    ['a threshold that is not a number', (p: ReturnType<typeof clone>) => { p.targets[3]!.threshold = '30'; }, 'targets[3].threshold: expected number, received string'],
    ['an unknown kind', (p: ReturnType<typeof clone>) => { p.targets[0]!.kind = 'quota'; }, 'targets[0].kind: Invalid discriminator value'],
    ['an unknown field', (p: ReturnType<typeof clone>) => { p.targets[1]!.colour = 'red'; }, 'targets[1].colour: unknown field'],
    ['a duplicate target id', (p: ReturnType<typeof clone>) => { p.targets[2]!.id = p.targets[1]!.id; }, `targets[2].id: duplicate target id ${JSON.stringify(BEIJING.targets[1]!.id)} (also targets[1])`],
    ['a presence threshold below 100', (p: ReturnType<typeof clone>) => { p.targets[street]!.threshold = 90; }, `targets[${street}].threshold: presence means every unit`],
    ['a percentage above 100', (p: ReturnType<typeof clone>) => { p.targets[coverage]!.threshold = 120; }, `targets[${coverage}].threshold: a coverage threshold is a percentage 0–100, got 120`],
    ['a bad deadline', (p: ReturnType<typeof clone>) => { p.targets[1]!.deadline = '2005-02-30'; }, 'targets[1].deadline: expected a date YYYY-MM-DD'],
    ['a milestone after the deadline', (p: ReturnType<typeof clone>) => { (p.targets[competitions]!.milestones as Array<Record<string, unknown>>)[0]!.deadline = '2006-01-01'; }, `targets[${competitions}].milestones[0].deadline: a milestone comes before`],
    ['"in" with one value', (p: ReturnType<typeof clone>) => { ((p.targets[grade]!.facilities as Record<string, unknown>).where as Array<Record<string, unknown>>)[0]!.value = 'A'; }, `targets[${grade}].facilities.where[0].value: op 'in' takes a list of values`],
    ['a negative reach', (p: ReturnType<typeof clone>) => { (p.targets[coverage]!.facilities as Array<Record<string, unknown>>)[1]!.reach_m = -300; }, `targets[${coverage}].facilities[1].reach_m: Too small`],
    ['a missing English wording', (p: ReturnType<typeof clone>) => { delete (p.targets[5]!.text as Record<string, unknown>).en; }, 'targets[5].text.en: expected string, received undefined'],
    ['an empty target list', (p: ReturnType<typeof clone>) => { p.targets = []; }, 'targets: Too small'],
    ['a baseline naming a missing target', (p: ReturnType<typeof clone>) => { ((p as unknown as { baselines: Array<{ targets: string[] }> }).baselines[1]!.targets = ['bj.nope']); }, 'baselines[1].targets[0]: no target "bj.nope" in this profile'],
    ['an absolute count on a ratio', (p: ReturnType<typeof clone>) => { p.targets[at('bj.elderly.beds_ratio')]!.absolute = { city: '北京市' }; }, `targets[${at('bj.elderly.beds_ratio')}].absolute: only total and reported targets`],
  ])('should reject %s with the exact path', (_label, edit, expected) => {
    const issues = issuesAfter(edit);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toContain(expected);
  });

  it('should name the path of each facility type the catalogue lacks', () => {
    const r = parseProfile(clone());
    if (!r.ok) throw new Error('built-in invalid');
    const catalogue = JSON.parse(readFileSync(new URL('../../../../seeds/facility-types.json', import.meta.url), 'utf8')) as { types: Array<{ code: string }> };
    const known = new Set(catalogue.types.map((t) => t.code).filter((c) => c !== 'health_station'));
    const issues = unknownTypeIssues(r.profile, known);
    const i = (id: string) => r.profile.targets.findIndex((t) => t.id === id);
    expect(issues.map((x) => x.path)).toEqual([
      `targets[${i('bj.health.community_station')}].requires[0].types[0]`,
      `targets[${i('bj.health.grade_a')}].facilities.types[0]`,
      `targets[${i('bj.health.coverage')}].facilities[1].type`,
    ]);
    expect(issues[0]!.message).toContain('unknown facility type "health_station"');
  });
});
