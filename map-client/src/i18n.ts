// UI strings: Simplified Chinese (default) and English. Data (names) is shown as the API gives it.
import type { FacilityStatus, FacilityTypeProperties } from './types.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

/** Each language's own name, shown on the language switch. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

const zhCN = {
  'app.title': '社区生活圈设施地图',
  'app.subtitle': '公共服务设施与社区分布',
  'app.mapLabel': '社区与设施地图',
  'panel.collapse': '收起面板',
  'panel.expand': '展开面板',
  'lang.label': '界面语言',
  'typePicker.label': '设施类型',
  'typePicker.all': '全部类型',
  'layers.title': '图层',
  'layers.districts': '区县边界',
  'layers.streets': '街道边界',
  'layers.communities': '社区',
  'layers.facilities': '设施',
  'legend.title': '图例',
  'legend.levelHint': '圆点越大，服务层级越高（区县 › 街道 › 社区）',
  'summary.counts': '{communities} 个社区 · {facilities} 处设施 · {population} 人',
  'status.open': '已建成',
  'status.planned': '规划中',
  'status.closed': '已关闭',
  'popup.community': '社区',
  'popup.facility': '设施',
  'popup.code': '编码',
  'popup.households': '户数',
  'popup.population': '人口',
  'popup.elderly': '老年人口',
  'popup.type': '类型',
  'popup.status': '状态',
  'popup.openedOn': '开放日期',
  'popup.closedOn': '关闭日期',
  'popup.floorArea': '建筑面积',
  'popup.siteArea': '用地面积',
  'popup.beds': '床位',
  'popup.gpCount': '全科医生',
  'popup.grade': '等级',
  'popup.serviceItems': '服务项目',
  'unit.m2': '{value} 平方米',
  'load.loading': '正在加载数据…',
  'load.empty': '暂无数据：数据库中还没有社区。',
  'load.error': '数据加载失败：{message}（{code}）',
  'map.zoomIn': '放大',
  'map.zoomOut': '缩小',
  'map.closePopup': '关闭弹窗',
  'map.toggleAttribution': '显示或隐藏数据来源',
} as const;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.title': 'Community life-circle facilities',
  'app.subtitle': 'Public service facilities and communities',
  'app.mapLabel': 'Map of communities and facilities',
  'panel.collapse': 'Collapse panel',
  'panel.expand': 'Expand panel',
  'lang.label': 'Language',
  'typePicker.label': 'Facility type',
  'typePicker.all': 'All types',
  'layers.title': 'Layers',
  'layers.districts': 'Districts',
  'layers.streets': 'Streets',
  'layers.communities': 'Communities',
  'layers.facilities': 'Facilities',
  'legend.title': 'Legend',
  'legend.levelHint': 'Larger dots serve a wider level (district › street › community)',
  'summary.counts': '{communities} communities · {facilities} facilities · {population} residents',
  'status.open': 'Open',
  'status.planned': 'Planned',
  'status.closed': 'Closed',
  'popup.community': 'Community',
  'popup.facility': 'Facility',
  'popup.code': 'Code',
  'popup.households': 'Households',
  'popup.population': 'Population',
  'popup.elderly': 'Elderly residents',
  'popup.type': 'Type',
  'popup.status': 'Status',
  'popup.openedOn': 'Opened',
  'popup.closedOn': 'Closed',
  'popup.floorArea': 'Floor area',
  'popup.siteArea': 'Site area',
  'popup.beds': 'Beds',
  'popup.gpCount': 'General practitioners',
  'popup.grade': 'Grade',
  'popup.serviceItems': 'Service items',
  'unit.m2': '{value} m²',
  'load.loading': 'Loading data…',
  'load.empty': 'No data yet: the database has no communities.',
  'load.error': 'Could not load data: {message} ({code})',
  'map.zoomIn': 'Zoom in',
  'map.zoomOut': 'Zoom out',
  'map.closePopup': 'Close popup',
  'map.toggleAttribution': 'Toggle attribution',
};

/** MapLibre's own UI strings (its `locale` map option) in the language. */
export function mapLibreLocale(lang: Lang): Record<string, string> {
  return {
    'NavigationControl.ZoomIn': t(lang, 'map.zoomIn'),
    'NavigationControl.ZoomOut': t(lang, 'map.zoomOut'),
    'Popup.Close': t(lang, 'map.closePopup'),
    'AttributionControl.ToggleAttribution': t(lang, 'map.toggleAttribution'),
    'Map.Title': t(lang, 'app.mapLabel'),
  };
}

/** The dictionaries, exported for the key-parity test. */
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/**
 * Looks up a UI string and fills `{name}` placeholders.
 *
 * @example
 * t('en', 'unit.m2', { value: '1,200' }) // → '1,200 m²'
 */
export function t(lang: Lang, key: MessageKey, params: Record<string, string> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Formats a count or measure for the language (`1,234` / `1,234.5`). */
export function formatNumber(lang: Lang, value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits }).format(value);
}

/** Formats an ISO date (`2015-03-01`) for the language; returns the input when it isn't one. */
export function formatDate(lang: Lang, isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

export function statusLabel(lang: Lang, status: FacilityStatus | string): string {
  if (status === 'open' || status === 'planned' || status === 'closed') return t(lang, `status.${status}`);
  return status;
}

/** The facility type's name in the language, or its code when unknown. */
export function facilityTypeName(
  lang: Lang,
  typeCode: string,
  types: readonly Pick<FacilityTypeProperties, 'code' | 'name_zh' | 'name_en'>[],
): string {
  const type = types.find((candidate) => candidate.code === typeCode);
  if (!type) return typeCode;
  return lang === 'zh-CN' ? type.name_zh : type.name_en;
}
