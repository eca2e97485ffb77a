/**
 * The built-in plan profiles against their sources: every target of shared/planning-docs/targets.md is
 * in a profile with the same kind and level, quotes are the plans' own words, reaches are the
 * catalogue's, and the editor schema (seeds/plans/profile.schema.json) matches the zod schema.
 * `UPDATE=1 npx vitest run tests/unit/plans-profiles.test.ts` regenerates the schema; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateTarget, indexCity, profileSchema, type PlanProfile, type PlanTarget } from '../../api/src/domain/plans/index.ts';
import { readBuiltinProfiles } from '../../api/src/services/plans.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = path.join(ROOT, '../shared/planning-docs');
const HAS_DOCS = existsSync(path.join(DOCS, 'targets.md'));
if (!HAS_DOCS) console.warn(`[plans-profiles] skipped the targets.md checks: ${DOCS}/targets.md is absent`);

interface MdTarget {
  id: string;
  kind: string;
  /** As targets.md writes it: city, facility, community, street, township, "street, township", district, county, "district, county". */
  level: string;
  /** The due date, and earlier year-ends for "each year-end A–B". */
  deadline: string;
  yearEnds: string[];
  quote: string;
}

interface MdBaseline {
  id: string;
  level: string;
  asOf: string;
  quote: string;
}

/** Target rows of targets.md: `| id | target | kind | level | deadline | source words | note |`. */
function readTargetsMd(): MdTarget[] {
  const rows: MdTarget[] = [];
  for (const line of readFileSync(path.join(DOCS, 'targets.md'), 'utf8').split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 7 || !/^(bj|zb)\.[a-z0-9_.]+$/.test(cells[0]!)) continue;
    const deadline = cells[4]!.replace(/\s*\[\^\w+\]$/, '');
    const annual = /^each year-end (\d{4})–(\d{4})$/.exec(deadline);
    if (!annual && !/^\d{4}-12-31$/.test(deadline)) throw new Error(`targets.md: cannot read deadline ${cells[4]} of ${cells[0]}`);
    const years = annual ? Array.from({ length: Number(annual[2]) - Number(annual[1]) }, (_, i) => `${Number(annual[1]) + i}-12-31`) : [];
    rows.push({ id: cells[0]!, kind: cells[2]!, level: cells[3]!, deadline: annual ? `${annual[2]}-12-31` : deadline, yearEnds: years, quote: cells[5]! });
  }
  return rows;
}

/** Baseline rows: `| id | baseline | figure | level | as of | source words | note |`. */
function readBaselinesMd(): MdBaseline[] {
  const rows: MdBaseline[] = [];
  for (const line of readFileSync(path.join(DOCS, 'targets.md'), 'utf8').split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 7 || !/^base\.(bj|zb)\.[a-z0-9_.]+$/.test(cells[0]!)) continue;
    rows.push({ id: cells[0]!, level: cells[3]!, asOf: cells[4]!, quote: cells[5]! });
  }
  return rows;
}

/** How targets.md names a profile target's level (level plus the unit kinds in its scope). */
function mdLevelOf(t: PlanTarget): string {
  if ((t.kind === 'share' || t.kind === 'presence') && t.of === 'facilities') return 'facility';
  if (t.level === 'district') {
    const kinds = t.scope?.district_kinds ?? ['district', 'county'];
    return kinds.length === 2 ? 'district, county' : kinds[0]!;
  }
  if (t.level === 'street') {
    const kinds = t.scope?.street_kinds ?? ['street', 'township'];
    return kinds.length === 2 ? 'street, township' : kinds[0]!;
  }
  return t.level;
}

const profiles = await readBuiltinProfiles();
const byPrefix: Record<string, PlanProfile> = {
  bj: profiles.find((p) => p.id === 'beijing-2001-2005')!,
  zb: profiles.find((p) => p.id === 'zibo-2003-2007')!,
};
const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'seeds/facility-types.json'), 'utf8')) as { types: Array<{ code: string; reach_m: number; standard: string }> };
const reachOf = new Map(catalogue.types.map((t) => [t.code, t.reach_m]));

function typesOf(t: PlanTarget): string[] {
  switch (t.kind) {
    case 'coverage':
      return t.facilities.map((f) => f.type);
    case 'presence':
      return t.facilities ? t.facilities.types : (t.requires ?? []).flatMap((r) => (r.what === 'unit_attribute' ? [] : r.types));
    case 'ratio':
      return t.numerator.types;
    case 'total':
      return t.measure.types;
    default:
      return [];
  }
}

describe('built-in plan profiles', () => {
  it('should be the two plans, valid, each file named after its id', () => {
    expect(profiles.map((p) => p.id)).toEqual(['beijing-2001-2005', 'zibo-2003-2007']);
  });

  it('should name only catalogue facility types, with the catalogue reach and the standard it comes from', () => {
    for (const p of profiles) {
      for (const t of p.targets) {
        for (const type of typesOf(t)) expect(reachOf.has(type), `${t.id}: ${type}`).toBe(true);
        if (t.kind !== 'coverage') continue;
        for (const f of t.facilities) {
          expect(f.reach_m, `${t.id} ${f.type}`).toBe(reachOf.get(f.type));
          expect(f.standard).toMatch(/GB 50180-2018/);
        }
      }
    }
  });

  it('should have each catalogue type cite every target that names it, and name only targets that exist', () => {
    const ids = new Set(profiles.flatMap((p) => p.targets.map((t) => t.id)));
    const missing: string[] = [];
    for (const p of profiles) {
      for (const t of p.targets) {
        for (const type of typesOf(t)) {
          const entry = catalogue.types.find((c) => c.code === type)!;
          if (!entry.standard.includes(t.id)) missing.push(`${type} does not cite ${t.id}`);
        }
      }
    }
    expect(missing).toEqual([]);
    for (const entry of catalogue.types) {
      const cited = entry.standard.match(/\b(bj|zb)\.[a-z0-9_.]*[a-z0-9_]/g) ?? [];
      expect(cited.filter((id) => !ids.has(id)), entry.code).toEqual([]);
      expect(cited.length, `${entry.code} cites no target`).toBeGreaterThan(0);
    }
  });

  it('should mark reported targets as not computed from the map', () => {
    const index = indexCity({ communities: [], streets: [], districts: [], facilities: [], types: [] });
    const reported = profiles.flatMap((p) => p.targets.filter((t) => t.kind === 'reported'));
    expect(reported.map((t) => t.id).sort()).toEqual(
      HAS_DOCS ? readTargetsMd().filter((r) => r.kind === 'reported').map((r) => r.id).sort() : reported.map((t) => t.id).sort(),
    );
    for (const t of reported) {
      const { result } = evaluateTarget(t, { index, asOf: '2005-12-31', reported: [] });
      expect(result.computed, t.id).toBe(false);
      // A source city's own count (an absolute target) on this empty city cannot be scaled: not applicable.
      expect(result.status, t.id).toBe(result.applicability?.applies === 'not_applicable' ? 'not_applicable' : 'no_data');
      expect(result.notes).toContain('reported figure, not computed from the map');
    }
  });

  it('should match the editor schema seeds/plans/profile.schema.json (UPDATE=1 regenerates it)', () => {
    const file = path.join(ROOT, 'seeds/plans/profile.schema.json');
    const schema = { $comment: 'Generated from api/src/domain/plans/profile.ts (zod) by tests/unit/plans-profiles.test.ts with UPDATE=1. Do not edit.', ...z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) };
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    if (process.env.UPDATE) writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe.skipIf(!HAS_DOCS)('profiles against shared/planning-docs/targets.md', () => {
  const md = HAS_DOCS ? readTargetsMd() : [];
  const mdBase = HAS_DOCS ? readBaselinesMd() : [];

  it('should read all 97 targets of targets.md (Beijing 67, Zibo 30) and the 15 baselines', () => {
    expect(md.length).toBe(97);
    expect(md.filter((r) => r.id.startsWith('bj.')).length).toBe(67);
    expect(new Set(md.map((r) => r.id)).size).toBe(97);
    expect(mdBase.length).toBe(15);
  });

  it('should have exactly the ids of targets.md in each profile (none missing, none extra)', () => {
    for (const prefix of ['bj', 'zb'] as const) {
      const want = md.filter((r) => r.id.startsWith(`${prefix}.`)).map((r) => r.id).sort();
      expect(byPrefix[prefix]!.targets.map((t) => t.id).sort(), prefix).toEqual(want);
      const wantBase = mdBase.filter((r) => r.id.startsWith(`base.${prefix}.`)).map((r) => r.id).sort();
      expect(byPrefix[prefix]!.baselines.map((b) => b.id).sort(), prefix).toEqual(wantBase);
    }
  });

  it('should give every target the kind, level and deadline of targets.md', () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const row of md) {
      const t = byPrefix[row.id.slice(0, 2)]!.targets.find((x) => x.id === row.id);
      if (!t) continue;
      want.push(`${row.id} ${row.kind} | ${row.level} | ${row.deadline} | ${row.yearEnds.join(',')}`);
      got.push(`${t.id} ${t.kind} | ${mdLevelOf(t)} | ${t.deadline} | ${(t.milestones ?? []).map((m) => m.deadline).join(',')}`);
    }
    expect(got).toEqual(want);
    expect(got.length).toBe(97);
  });

  it('should give every baseline the level, year and source words of targets.md', () => {
    for (const row of mdBase) {
      const b = byPrefix[row.id.slice(5, 7)]!.baselines.find((x) => x.id === row.id);
      expect([b?.level, b?.as_of, b?.source.quote], row.id).toEqual([row.level, row.asOf, row.quote]);
    }
  });

  it('should have no target that targets.md lacks', () => {
    const ids = new Set(md.map((r) => r.id));
    expect(profiles.flatMap((p) => p.targets.map((t) => t.id)).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("should quote the plans' own words (every part between … found in the plan text)", () => {
    for (const p of profiles) {
      const text = readFileSync(path.join(DOCS, p.document.file!), 'utf8');
      for (const t of p.targets) {
        for (const part of t.source.quote.split('…').filter(Boolean)) expect(text.includes(part), `${t.id}: ${part}`).toBe(true);
        const mdQuote = md.find((r) => r.id === t.id)!.quote;
        // The profile quotes at least what targets.md quotes.
        for (const part of mdQuote.split('…').filter(Boolean)) expect(t.source.quote.includes(part), `${t.id}: ${part}`).toBe(true);
      }
    }
  });
});
