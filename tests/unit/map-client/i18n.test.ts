import { describe, expect, it } from 'vitest';
import {
  LANGS,
  MESSAGES,
  facilityTypeName,
  formatDate,
  formatNumber,
  isLang,
  statusLabel,
  t,
} from '../../../map-client/src/i18n.ts';
import { loadCatalogue } from './catalogue.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('i18n dictionaries', () => {
  it('should have the same keys in Chinese and English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES['zh-CN']).sort());
  });

  it('should have no empty strings in either language', () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(MESSAGES[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('should use the same placeholders for a key in both languages', () => {
    for (const key of Object.keys(MESSAGES['zh-CN']) as (keyof (typeof MESSAGES)['en'])[]) {
      expect(placeholders(MESSAGES.en[key]), key).toEqual(placeholders(MESSAGES['zh-CN'][key]));
    }
  });
});

describe('t', () => {
  it('should fill placeholders and leave unknown ones visible', () => {
    expect(t('en', 'unit.m2', { value: '1,200' })).toBe('1,200 m²');
    expect(t('zh-CN', 'unit.m2')).toBe('{value} 平方米');
  });

  it('should return the Chinese text by default language code', () => {
    expect(t('zh-CN', 'typePicker.all')).toBe('全部类型');
    expect(t('en', 'typePicker.all')).toBe('All types');
  });
});

describe('formatting', () => {
  it('should group thousands for both languages', () => {
    expect(formatNumber('zh-CN', 12345)).toBe('12,345');
    expect(formatNumber('en', 1234.56)).toBe('1,234.6');
  });

  it('should format ISO dates per language and pass other strings through', () => {
    expect(formatDate('zh-CN', '2015-03-01')).toBe('2015年3月1日');
    expect(formatDate('en', '2015-03-01')).toBe('Mar 1, 2015');
    expect(formatDate('en', 'unknown')).toBe('unknown');
  });

  it('should name statuses and facility types in the language', () => {
    const types = loadCatalogue();
    expect(statusLabel('zh-CN', 'planned')).toBe('规划中');
    expect(statusLabel('en', 'closed')).toBe('Closed');
    expect(facilityTypeName('zh-CN', 'health_station', types)).toBe('社区卫生服务站');
    expect(facilityTypeName('en', 'health_station', types)).toBe('Community health station');
    expect(facilityTypeName('en', 'space_port', types)).toBe('space_port');
  });

  it('should recognise only the supported language codes', () => {
    expect(isLang('en')).toBe(true);
    expect(isLang('zh-CN')).toBe(true);
    expect(isLang('fr')).toBe(false);
    expect(isLang(null)).toBe(false);
  });
});
