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
  qualifier: string | null;
  deadline: string;
  quote: string;
}

/** Rows of the markdown tables in targets.md: `| id | target | kind | deadline | source words |`. */
function readTargetsMd(): MdTarget[] {
  const rows: MdTarget[] = [];
  for (const line of readFileSync(path.join(DOCS, 'targets.md'), 'utf8').split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 5 || !/^(bj|zb)\.[a-z0-9_.]+$/.test(cells[0]!)) continue;
    const kind = /^(\w+)(?:\s*\(([^)]+)\))?$/.exec(cells[2]!);
    if (!kind) throw new Error(`targets.md: cannot read kind ${cells[2]}`);
    rows.push({ id: cells[0]!, kind: kind[1]!, qualifier: kind[2] ?? null, deadline: cells[3]!, quote: cells[4]! });
  }
  return rows;
}

const profiles = await readBuiltinProfiles();
const byPrefix: Record<string, PlanProfile> = {
  bj: profiles.find((p) => p.id === 'beijing-2001-2005')!,
  zb: profiles.find((p) => p.id === 'zibo-2003-2007')!,
};
const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'seeds/facility-types.json'), 'utf8')) as { types: Array<{ code: string; reach_m: number }> };
const reachOf = new Map(catalogue.types.map((t) => [t.code, t.reach_m]));

function typesOf(t: PlanTarget): string[] {
  switch (t.kind) {
    case 'coverage':
      return t.facilities.map((f) => f.type);
    case 'presence':
      return t.requires.flatMap((r) => (r.what === 'unit_attribute' ? [] : r.types));
    case 'share':
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

  it('should mark reported targets as not computed from the map', () => {
    const index = indexCity({ communities: [], streets: [], districts: [], facilities: [], types: [] });
    const reported = profiles.flatMap((p) => p.targets.filter((t) => t.kind === 'reported'));
    expect(reported.map((t) => t.id).sort()).toEqual(
      HAS_DOCS ? readTargetsMd().filter((r) => r.kind === 'reported').map((r) => r.id).sort() : reported.map((t) => t.id).sort(),
    );
    for (const t of reported) {
      const { result } = evaluateTarget(t, { index, asOf: '2005-12-31', reported: [] });
      expect(result.computed, t.id).toBe(false);
      expect(result.status).toBe('no_data');
      expect(result.notes[0]).toBe('reported figure, not computed from the map');
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

  it('should read all 39 targets of targets.md', () => {
    expect(md.length).toBe(39);
  });

  it('should have every target of targets.md in its plan profile, with the same kind, level and deadline', () => {
    for (const row of md) {
      const profile = byPrefix[row.id.slice(0, 2)]!;
      const t = profile.targets.find((x) => x.id === row.id);
      expect(t, `${row.id} missing from ${profile.id}`).toBeDefined();
      if (!t) continue;
      expect(t.kind, row.id).toBe(row.kind);
      const q = row.qualifier;
      if (q === 'facilities') expect(t.kind === 'share' && t.of, row.id).toBe('facilities');
      else if (q === 'per district') expect([t.level, t.scope?.district_kinds], row.id).toEqual(['district', ['district']]);
      else if (q === 'per county') expect([t.level, t.scope?.district_kinds], row.id).toEqual(['district', ['county']]);
      else if (q) expect(t.level, row.id).toBe(q);
      else if (t.kind === 'range') expect(t.level, row.id).toBe('community');
      else if (t.kind !== 'coverage') expect(t.level, row.id).toBe('city');
      // Deadline: "—" = standing; "2005" = end of 2005; "2003/2005" = a 2003 milestone, due 2005.
      if (row.deadline === '—') expect(t.deadline, row.id).toBeNull();
      else {
        const years = row.deadline.split('/');
        expect(t.deadline?.slice(0, 4), row.id).toBe(years[years.length - 1]);
        expect((t.milestones ?? []).map((m) => m.deadline.slice(0, 4)), row.id).toEqual(years.slice(0, -1));
      }
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
