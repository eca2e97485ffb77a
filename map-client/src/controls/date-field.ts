// A date input that shows the UI language's format, whatever the browser's own locale: a native
// <input type=date> follows the browser (mm/dd/yyyy in an English Chromium under the Chinese UI),
// so dates are a text field with the format written beside it — zh-CN 2005/12/31, en 2005-12-31 —
// read back leniently (2005/12/31, 2005-12-31, 2005.12.31, 2005年12月31日).
import type { Lang } from '../i18n.ts';

/** The pattern shown to the reader, per language. */
export const DATE_PATTERN: Record<Lang, string> = { 'zh-CN': 'yyyy/mm/dd', en: 'yyyy-mm-dd' };

/** An ISO date (2005-12-31) as the language writes it in the field. */
export function displayDate(lang: Lang, iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  return lang === 'zh-CN' ? `${match[1]}/${match[2]}/${match[3]}` : `${match[1]}-${match[2]}-${match[3]}`;
}

/** What a person typed, as an ISO date; '' for an empty field; null when it is not a real date. */
export function parseDateText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(trimmed);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
