// What a popup says, as data (title + label/value rows), so it can be tested without a DOM.
// Values come from map features, whose properties may be missing, null or numeric strings.
import { facilityTypeName, formatDate, formatDistance, formatNumber, formatPercent, statusLabel, t, type Lang } from '../i18n.ts';
import type { Thematic } from '../state.ts';
import type { FacilityTypeProperties } from '../types.ts';

export interface PopupRow {
  label: string;
  value: string;
  /** Marks a row for tests and styling (e.g. 'rate'). */
  key?: string;
}

export interface PopupLink {
  label: string;
  href: string;
}

export interface PopupContent {
  /** Small caption above the title, e.g. "社区". */
  kicker: string;
  title: string;
  rows: PopupRow[];
  /** Colour swatch next to the title (facility type), if any. */
  color?: string;
  /** A line under the rows (e.g. "loading…"). */
  note?: string;
  links?: PopupLink[];
}

/** What the client knows about a community's gaps (from GET /api/coverage/gaps?unit=<code>). */
export interface GapSummary {
  householdsUncovered: number;
  /** Distance from uncovered buildings to their nearest facility: nearest, median, 90th percentile. */
  nearestM: number | null;
  medianM: number | null;
  p90M: number | null;
}

/** Extra figures for a community popup: the thematic values and the gap summary. */
export interface CommunityExtras {
  thematic?: Thematic;
  /** Type names, for the coverage rows. */
  types?: readonly Pick<FacilityTypeProperties, 'code' | 'name_zh' | 'name_en'>[];
  /** null = not asked; 'loading' while fetching. */
  gaps?: GapSummary | 'loading' | 'error' | null;
  links?: PopupLink[];
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
export function communityPopupContent(properties: LooseProperties, lang: Lang, extras: CommunityExtras = {}): PopupContent {
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
  const content: PopupContent = { kicker: t(lang, 'popup.community'), title: asText(properties.name) ?? code ?? '—', rows };
  const thematic = extras.thematic;
  if (code !== null && thematic?.status === 'ready') {
    const unit = thematic.units.get(code);
    if (thematic.theme === 'coverage') {
      const reach = thematic.reachM[0] ?? 0;
      const typeName = facilityTypeName(lang, thematic.types[0] ?? '', extras.types ?? []);
      if (unit && unit.households !== undefined && unit.households_covered !== undefined) {
        rows.push({
          key: 'covered',
          label: t(lang, thematic.mode === 'walk' ? 'popup.coveredWalk' : 'popup.covered', { reach: formatNumber(lang, reach, 0), type: typeName }),
          value: `${formatNumber(lang, unit.households_covered, 0)} / ${formatNumber(lang, unit.households, 0)}`,
        });
      }
      rows.push({ key: 'rate', label: t(lang, 'popup.rate'), value: unit?.rate === null || unit?.rate === undefined ? t(lang, 'legend.noData') : formatPercent(lang, unit.rate) });
      rows.push(...gapRows(lang, extras.gaps ?? null, reach, unit?.households_covered !== undefined && unit.households_covered === unit.households));
    } else if (thematic.per !== undefined) {
      const per = formatNumber(lang, thematic.per, 0);
      rows.push({
        key: 'access',
        label: t(lang, thematic.types.includes('health_center') ? 'popup.accessHealth' : 'popup.accessElderly', { per }),
        value: unit?.ratio_per === null || unit?.ratio_per === undefined ? t(lang, 'legend.noData') : formatNumber(lang, unit.ratio_per, 2),
      });
      if (thematic.target !== undefined) rows.push({ label: t(lang, 'popup.target'), value: formatNumber(lang, thematic.target, 2) });
    }
  }
  if (extras.gaps === 'loading') content.note = t(lang, 'popup.loadingGaps');
  if (extras.gaps === 'error') content.note = t(lang, 'popup.gapsError');
  if (extras.links && extras.links.length > 0) content.links = extras.links;
  return content;
}

function gapRows(lang: Lang, gaps: GapSummary | 'loading' | 'error' | null, reach: number, allCovered: boolean): PopupRow[] {
  if (allCovered) return [{ key: 'nearest', label: t(lang, 'popup.nearest'), value: `≤ ${formatDistance(lang, reach)}` }];
  if (gaps === null || typeof gaps === 'string') return [];
  const rows: PopupRow[] = [{ key: 'uncovered', label: t(lang, 'popup.uncovered'), value: formatNumber(lang, gaps.householdsUncovered, 0) }];
  if (gaps.medianM !== null) rows.push({ key: 'nearest', label: t(lang, 'popup.nearestMedian'), value: formatDistance(lang, gaps.medianM) });
  if (gaps.p90M !== null) rows.push({ key: 'nearest-p90', label: t(lang, 'popup.nearestP90'), value: formatDistance(lang, gaps.p90M) });
  return rows;
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
