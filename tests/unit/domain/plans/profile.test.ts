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

  it.each([
    ['a threshold that is not a number', (p: ReturnType<typeof clone>) => { p.targets[3]!.threshold = '30'; }, 'targets[3].threshold: expected number, received string'],
    ['an unknown kind', (p: ReturnType<typeof clone>) => { p.targets[0]!.kind = 'quota'; }, 'targets[0].kind: Invalid discriminator value'],
    ['an unknown field', (p: ReturnType<typeof clone>) => { p.targets[1]!.colour = 'red'; }, 'targets[1].colour: unknown field'],
    ['a duplicate target id', (p: ReturnType<typeof clone>) => { p.targets[2]!.id = p.targets[1]!.id; }, 'targets[2].id: duplicate target id "bj.elderly.beds_total" (also targets[1])'],
    ['a presence threshold below 100', (p: ReturnType<typeof clone>) => { p.targets[3]!.threshold = 90; }, 'targets[3].threshold: presence means every unit'],
    ['a percentage above 100', (p: ReturnType<typeof clone>) => { p.targets[14]!.threshold = 120; }, 'targets[14].threshold: a coverage threshold is a percentage 0–100, got 120'],
    ['a bad deadline', (p: ReturnType<typeof clone>) => { p.targets[1]!.deadline = '2005-02-30'; }, 'targets[1].deadline: expected a date YYYY-MM-DD'],
    ['a milestone after the deadline', (p: ReturnType<typeof clone>) => { (p.targets[17]!.milestones as Array<Record<string, unknown>>)[0]!.deadline = '2006-01-01'; }, 'targets[17].milestones[0].deadline: a milestone comes before'],
    ['"in" with one value', (p: ReturnType<typeof clone>) => { ((p.targets[13]!.facilities as Record<string, unknown>).where as Array<Record<string, unknown>>)[0]!.value = 'A'; }, "targets[13].facilities.where[0].value: op 'in' takes a list of values"],
    ['a negative reach', (p: ReturnType<typeof clone>) => { (p.targets[14]!.facilities as Array<Record<string, unknown>>)[1]!.reach_m = -300; }, 'targets[14].facilities[1].reach_m: Too small'],
    ['a missing English wording', (p: ReturnType<typeof clone>) => { delete (p.targets[5]!.text as Record<string, unknown>).en; }, 'targets[5].text.en: expected string, received undefined'],
    ['an empty target list', (p: ReturnType<typeof clone>) => { p.targets = []; }, 'targets: Too small'],
  ])('should reject %s with the exact path', (_label, edit, expected) => {
    const issues = issuesAfter(edit);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toContain(expected);
  });

  it('should name the path of each facility type the catalogue lacks', () => {
    const r = parseProfile(clone());
    if (!r.ok) throw new Error('built-in invalid');
    const known = new Set(['health_center', 'elderly_home', 'elderly_daycare', 'convenience_outlet', 'employment_station', 'district_service_center', 'street_service_center', 'community_service_station', 'culture_station', 'culture_room', 'culture_square', 'book_point', 'fitness_ground', 'police_office']);
    const issues = unknownTypeIssues(r.profile, known);
    expect(issues.map((i) => i.path)).toEqual(['targets[12].requires[0].types[0]', 'targets[13].facilities.types[0]', 'targets[14].facilities[1].type']);
    expect(issues[0]!.message).toContain('unknown facility type "health_station"');
  });
});
