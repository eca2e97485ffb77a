// #17 point 6, one voice: one number format per language (every client number goes through
// i18n.ts; numbers in the API's texts are rewritten to it), English articles by the type's name,
// and the 2SFCA legend text naming the types it counts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber, indefiniteArticle, localizeNumbers, t } from '../../../map-client/src/i18n.ts';
import { targetView } from '../../../map-client/src/indicators/target-view.ts';
import type { TargetEvaluation } from '../../../map-client/src/api/endpoints.ts';

const SRC = new URL('../../../map-client/src/', import.meta.url).pathname;
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('one number format per language', () => {
  it('should format numbers only in i18n.ts (no Intl.NumberFormat or toLocaleString elsewhere in the client)', () => {
    const offenders = files(SRC).filter((path) => !path.endsWith('/i18n.ts'))
      .filter((path) => /Intl\.NumberFormat|toLocaleString\(/.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('should rewrite the API texts\' space-grouped numbers in the language\'s format', () => {
    expect(localizeNumbers('zh-CN', '差 23 400 户,另有 1 240.5 m²')).toBe(`差 ${formatNumber('zh-CN', 23400, 0)} 户,另有 ${formatNumber('zh-CN', 1240.5, 1)} m²`);
    expect(localizeNumbers('en', '2 000 000 elderly')).toBe('2,000,000 elderly');
    // Years, small numbers and a reach in metres are left as they are.
    expect(localizeNumbers('zh-CN', '截至 2005 年,300 米内 12 处')).toBe('截至 2005 年,300 米内 12 处');
  });

  it('should show a target\'s shortfall in the page\'s format', () => {
    const target = {
      id: 't', kind: 'coverage', level: 'street', text: { zh: '甲', en: 'a' }, status: 'not_met', value: 64.6, threshold: 70, comparator: '>=',
      unit: '% of households', unit_zh: '% 住户', deadline: null, shortfall: { text: '23 400 households short', text_zh: '差 23 400 户' }, failing_units: [], notes: [], notes_zh: [],
    } as unknown as TargetEvaluation;
    expect(targetView(target, 'en').shortfall).toBe('23,400 households short');
    expect(targetView(target, 'zh-CN').shortfall).toBe('差 23,400 户');
  });
});

describe('English grammar', () => {
  it('should write "an" before a vowel and "a" before a consonant', () => {
    expect(indefiniteArticle('Elderly-care home')).toBe('an');
    expect(indefiniteArticle('Outdoor fitness ground')).toBe('an');
    expect(indefiniteArticle('Health station')).toBe('a');
    expect(t('en', 'legend.coverageTitle', { reach: '300', type: 'Elderly-care home' })).toBe('% of households within 300 m of an Elderly-care home');
    expect(t('en', 'legend.coverageTitle', { reach: '300', type: 'Health station' })).toBe('% of households within 300 m of a Health station');
    expect(t('en', 'tool.hint.add', { type: 'Elderly day-care center' })).toBe('Click on the map to add an “Elderly day-care center”.');
    // Chinese has no articles to fix.
    expect(t('zh-CN', 'legend.coverageTitle', { reach: '300', type: '养老院' })).not.toContain('an ');
  });

  it('should say which types the 2SFCA layer counts', () => {
    expect(t('en', 'legend.accessCounts', { types: 'Community health center, Health station' })).toBe('Counts these facility types: Community health center, Health station');
  });
});
