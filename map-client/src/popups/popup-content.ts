// What a popup says, as data (title + label/value rows), so it can be tested without a DOM.
// Values come from map features, whose properties may be missing, null or numeric strings.
import { facilityTypeName, formatDate, formatNumber, statusLabel, t, type Lang } from '../i18n.ts';
import type { FacilityTypeProperties } from '../types.ts';

export interface PopupRow {
  label: string;
  value: string;
}

export interface PopupContent {
  /** Small caption above the title, e.g. "社区". */
  kicker: string;
  title: string;
  rows: PopupRow[];
  /** Colour swatch next to the title (facility type), if any. */
  color?: string;
}

type LooseProperties = Readonly<Record<string, unknown>>;

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * Popup for a community: name, code, households, population, elderly.
 *
 * @example
 * communityPopupContent({ name: '柳泉社区', code: 'C01', households: 1234 }, 'zh-CN').rows[1]
 * // → { label: '户数', value: '1,234' }
 */
export function communityPopupContent(properties: LooseProperties, lang: Lang): PopupContent {
  const rows: PopupRow[] = [];
  const code = asText(properties.code);
  if (code !== null) rows.push({ label: t(lang, 'popup.code'), value: code });
  const counts = [
    ['households', 'popup.households'],
    ['population', 'popup.population'],
    ['elderly', 'popup.elderly'],
  ] as const;
  for (const [key, label] of counts) {
    const value = asNumber(properties[key]);
    if (value !== null) rows.push({ label: t(lang, label), value: formatNumber(lang, value, 0) });
  }
  return { kicker: t(lang, 'popup.community'), title: asText(properties.name) ?? code ?? '—', rows };
}

/**
 * Popup for a facility: name, type name, status, dates, and the sizes that are present.
 *
 * @example
 * facilityPopupContent({ name: '柳泉卫生站', type: 'health_station', status: 'open', beds: 12 }, 'en', types)
 */
export function facilityPopupContent(
  properties: LooseProperties,
  lang: Lang,
  types: readonly Pick<FacilityTypeProperties, 'code' | 'name_zh' | 'name_en'>[],
  color?: string,
): PopupContent {
  const rows: PopupRow[] = [];
  const typeCode = asText(properties.type);
  if (typeCode !== null) rows.push({ label: t(lang, 'popup.type'), value: facilityTypeName(lang, typeCode, types) });
  const status = asText(properties.status);
  if (status !== null) rows.push({ label: t(lang, 'popup.status'), value: statusLabel(lang, status) });
  const openedOn = asText(properties.opened_on);
  if (openedOn !== null) rows.push({ label: t(lang, 'popup.openedOn'), value: formatDate(lang, openedOn) });
  const closedOn = asText(properties.closed_on);
  if (closedOn !== null) rows.push({ label: t(lang, 'popup.closedOn'), value: formatDate(lang, closedOn) });

  const areas = [
    ['floor_area_m2', 'popup.floorArea'],
    ['site_area_m2', 'popup.siteArea'],
  ] as const;
  for (const [key, label] of areas) {
    const value = asNumber(properties[key]);
    if (value !== null) rows.push({ label: t(lang, label), value: t(lang, 'unit.m2', { value: formatNumber(lang, value) }) });
  }
  const counts = [
    ['beds', 'popup.beds'],
    ['gp_count', 'popup.gpCount'],
    ['service_items', 'popup.serviceItems'],
  ] as const;
  for (const [key, label] of counts) {
    const value = asNumber(properties[key]);
    if (value !== null) rows.push({ label: t(lang, label), value: formatNumber(lang, value, 0) });
  }
  const grade = asText(properties.grade);
  if (grade !== null) rows.push({ label: t(lang, 'popup.grade'), value: grade });

  const content: PopupContent = {
    kicker: t(lang, 'popup.facility'),
    title: asText(properties.name) ?? asText(properties.code) ?? '—',
    rows,
  };
  if (color !== undefined) content.color = color;
  return content;
}
