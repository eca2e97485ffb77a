/**
 * The per-target table of docs/plans.md: one line per target of the built-in profiles with how it is
 * read (level, scope, deadline, threshold, the data checked and the profile's note). Generated from
 * seeds/plans/*.json so the docs cannot drift from the profiles:
 * `npx tsx api/src/services/plans-targets-table.ts` rewrites the table between the markers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FacilityCondition, PlanProfile, PlanTarget, Requirement, TargetScope } from '../domain/plans/index.ts';
import { formatNumber } from '../domain/plans/index.ts';
import { readBuiltinProfiles } from './plans.ts';

export const TARGETS_BEGIN = '<!-- targets:begin (generated from seeds/plans/*.json: npx tsx api/src/services/plans-targets-table.ts) -->';
export const TARGETS_END = '<!-- targets:end -->';
export const PLANS_DOC = fileURLToPath(new URL('../../../docs/plans.md', import.meta.url));

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function condition(c: FacilityCondition | { field: string; op: string; value: unknown }): string {
  const v = Array.isArray(c.value) ? c.value.join(' / ') : String(c.value);
  const field = c.field.replace(/^properties\./, '');
  return c.op === 'has' ? `${field} has ${v}` : c.op === 'in' ? `${field} ∈ {${v}}` : `${field} ${c.op} ${v}`;
}

function where(conditions: readonly FacilityCondition[] | undefined): string {
  return conditions && conditions.length > 0 ? ` with ${conditions.map(condition).join(', ')}` : '';
}

function requirement(r: Requirement): string {
  if (r.what === 'facility') return `${r.min_count > 1 ? `≥ ${r.min_count} × ` : ''}\`${r.types.join('` / `')}\`${where(r.where)}`;
  if (r.what === 'facility_sum') return `Σ ${r.field}${r.fallback_field ? ` (else ${r.fallback_field})` : ''} of \`${r.types.join('`, `')}\`${where(r.where)} ≥ ${formatNumber(r.min)}`;
  return `unit attribute ${condition(r.condition)}`;
}

function scope(s: TargetScope | undefined): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.street_kinds) parts.push(s.street_kinds.map((k) => (k === 'street' ? '街道' : '乡镇')).join(' + '));
  if (s.district_kinds) parts.push(s.district_kinds.map((k) => (k === 'district' ? '区' : '县')).join(' + '));
  if (s.district_classes) parts.push(`class ${s.district_classes.join(' / ')}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** How a target is checked, in one phrase. */
export function checkedAs(t: PlanTarget): string {
  switch (t.kind) {
    case 'coverage':
      return `households ${t.method === 'reach' ? `within ${t.facilities.map((f) => `${formatNumber(f.reach_m)} m of \`${f.type}\``).join(' or ')}` : `whose own unit has \`${t.facilities.map((f) => f.type).join('` / `')}\``}`;
    case 'presence':
    case 'share':
      if (t.of === 'facilities' && t.facilities) return `share of open \`${t.facilities.types.join('` / `')}\`${where(t.facilities.where)}`;
      return (t.requires ?? []).map(requirement).join(' and ');
    case 'ratio':
      return `Σ ${t.numerator.measure} of \`${t.numerator.types.join('`, `')}\`${where(t.numerator.where)} ÷ Σ ${t.denominator} × ${formatNumber(t.per)}${t.catchment ? ` (reachable supply, ${t.catchment.method})` : ''}`;
    case 'range':
      return `${t.field.replace(/^properties\./, '')} within ${t.min ?? '−∞'}–${t.max ?? '∞'}`;
    case 'total':
      return `${t.measure.measure === 'count' ? 'count' : `Σ ${t.measure.measure}`} of open \`${t.measure.types.join('`, `')}\`${where(t.measure.where)}`;
    case 'reported':
      return t.level === 'city' ? 'reported figure (date, source, author)' : `reported figure per ${t.level} (\`--unit\`)`;
  }
}

function threshold(t: PlanTarget): string {
  const cmp = t.comparator === '<=' ? '≤' : '≥';
  const unit = t.kind === 'ratio' || t.kind === 'total' || t.kind === 'reported' ? ` ${t.unit.en}` : t.kind === 'coverage' ? ' %' : ' % of units';
  const staged = t.milestones && t.milestones.length > 0 ? ` (milestones ${t.milestones.map((m) => `${formatNumber(m.threshold)} by ${m.deadline}`).join(', ')})` : '';
  return `${cmp} ${formatNumber(t.threshold)}${unit}${staged}`;
}

function absolute(t: PlanTarget): string {
  const a = t.absolute;
  if (!a) return '';
  return a.scale
    ? ` **${a.city}'s own count**: on another city scaled per ${a.scale.per === 'elderly' ? 'elderly person' : 'resident'} (${a.city} ${formatNumber(a.scale.source_figure)} in ${a.scale.as_of.slice(0, 4)}).`
    : ` **${a.city}'s own count**: not applicable on another city (nothing to scale it by).`;
}

/** The markdown table for the profiles. */
export function targetsTable(profiles: readonly PlanProfile[]): string {
  const lines: string[] = [];
  for (const p of profiles) {
    lines.push('', `**${p.name.en}** (\`${p.id}\`, ${p.targets.length} targets)`, '', '| id | level | kind | deadline | threshold | checked as | reading |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const t of p.targets) {
      const reading = `${t.text.en}.${absolute(t)}${t.note ? ` ${t.note.en}` : ''}`;
      lines.push(`| \`${t.id}\` | ${t.level}${scope(t.scope)} | ${t.kind}${'of' in t && t.of === 'facilities' ? ' (of facilities)' : ''} | ${t.deadline ?? '—'} | ${cell(threshold(t))} | ${cell(checkedAs(t))} | ${cell(reading)} |`);
    }
  }
  return lines.join('\n').trim();
}

/** The text between the markers, or undefined when they are missing. */
export function tableIn(text: string): string | undefined {
  const i = text.indexOf(TARGETS_BEGIN);
  const j = text.indexOf(TARGETS_END);
  return i < 0 || j < i ? undefined : text.slice(i + TARGETS_BEGIN.length, j).trim();
}

// Run directly: rewrite the table in docs/plans.md from the built-in profiles.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await readFile(PLANS_DOC, 'utf8');
  const table = targetsTable(await readBuiltinProfiles());
  const i = text.indexOf(TARGETS_BEGIN);
  const j = text.indexOf(TARGETS_END);
  if (i < 0 || j < i) throw new Error(`docs/plans.md has no ${TARGETS_BEGIN} … ${TARGETS_END} markers`);
  await writeFile(PLANS_DOC, `${text.slice(0, i + TARGETS_BEGIN.length)}\n${table}\n${text.slice(j)}`);
  console.log(`targets table written to ${PLANS_DOC}`);
}
