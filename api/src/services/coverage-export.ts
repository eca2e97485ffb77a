/**
 * Coverage tables to take away (#17): CSV for spreadsheets (UTF-8 with a BOM, so Chinese Excel
 * reads it; numbers rounded to what a reader needs; the parent unit's code and name beside each
 * unit's) and XLSX (exceljs), with headers and the file name in the user's language when `lang`
 * is given.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { neutraliseCell, SAFE_CSV_CAST } from '../domain/csv-cells.ts';
import type { CoverageReport } from './coverage.ts';

export type ExportLang = 'zh-CN' | 'en';
export const UTF8_BOM = '\uFEFF';

/** The parent of each unit (community → street, street → district), by unit code. */
export type UnitParents = ReadonlyMap<string, { parent_code: string; parent_name: string }>;

/** Columns of the export, in order; `parent_*` only for community and street level. */
const COLUMNS = ['code', 'name', 'parent_code', 'parent_name', 'households', 'households_covered', 'rate', 'population', 'population_covered', 'elderly', 'elderly_covered'] as const;
type Column = (typeof COLUMNS)[number];

const LEVEL_NAMES: Record<string, Record<ExportLang, string>> = {
  community: { 'zh-CN': '社区', en: 'community' },
  street: { 'zh-CN': '街道', en: 'street' },
  district: { 'zh-CN': '区县', en: 'district' },
  city: { 'zh-CN': '全市', en: 'city' },
};
const PARENT_NAMES: Record<string, Record<ExportLang, string>> = {
  community: { 'zh-CN': '街道', en: 'street' },
  street: { 'zh-CN': '区县', en: 'district' },
};

function headers(level: string, lang: ExportLang | undefined): Record<Column, string> {
  if (!lang) return Object.fromEntries(COLUMNS.map((c) => [c, c === 'parent_code' ? `${PARENT_NAMES[level]?.en ?? 'parent'}_code` : c === 'parent_name' ? `${PARENT_NAMES[level]?.en ?? 'parent'}_name` : c === 'rate' ? 'rate_pct' : c])) as Record<Column, string>;
  const zh = lang === 'zh-CN';
  const unit = LEVEL_NAMES[level]?.[lang] ?? level;
  const parent = PARENT_NAMES[level]?.[lang] ?? '';
  return {
    code: zh ? `${unit}代码` : `${unit} code`,
    name: zh ? `${unit}名称` : `${unit} name`,
    parent_code: zh ? `所属${parent}代码` : `${parent} code`,
    parent_name: zh ? `所属${parent}名称` : `${parent} name`,
    households: zh ? '住户数' : 'households',
    households_covered: zh ? '覆盖住户数' : 'households covered',
    rate: zh ? '覆盖率(%)' : 'coverage rate (%)',
    population: zh ? '人口' : 'population',
    population_covered: zh ? '覆盖人口' : 'population covered',
    elderly: zh ? '老年人口(60岁以上)' : 'elderly (60+)',
    elderly_covered: zh ? '覆盖老年人口' : 'elderly covered',
  };
}

/** One row per unit: counts as whole numbers (spread households can be fractional), the rate as a percentage with one decimal. */
export function coverageExportRows(report: CoverageReport, parents: UnitParents = new Map()): Array<Record<Column, string | number | null>> {
  return report.units.map((u) => {
    const p = parents.get(u.code);
    return {
      code: u.code,
      name: u.name,
      parent_code: p?.parent_code ?? null,
      parent_name: p?.parent_name ?? null,
      households: Math.round(u.households),
      households_covered: Math.round(u.households_covered),
      rate: u.rate === null ? null : Math.round(u.rate * 1000) / 10,
      population: Math.round(u.population),
      population_covered: Math.round(u.population_covered),
      elderly: Math.round(u.elderly),
      elderly_covered: Math.round(u.elderly_covered),
    };
  });
}

function columnsFor(level: string): Column[] {
  return COLUMNS.filter((c) => (c !== 'parent_code' && c !== 'parent_name') || PARENT_NAMES[level] !== undefined);
}

/** The table as CSV: BOM, header row (machine names, or the language's when `lang` is given). */
export function coverageExportCsv(report: CoverageReport, options: { lang?: ExportLang; parents?: UnitParents } = {}): string {
  const head = headers(report.level, options.lang);
  const columns = columnsFor(report.level).map((key) => ({ key, header: head[key] }));
  return UTF8_BOM + stringify(coverageExportRows(report, options.parents), { header: true, cast: SAFE_CSV_CAST, columns });
}

/** The table as an XLSX workbook (one sheet, numbers as numbers, a header row frozen). */
export async function coverageExportXlsx(report: CoverageReport, options: { lang?: ExportLang; parents?: UnitParents } = {}): Promise<Buffer> {
  const lang = options.lang ?? 'zh-CN';
  const head = headers(report.level, lang);
  const keys = columnsFor(report.level);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lifecircle';
  const sheet = workbook.addWorksheet(lang === 'zh-CN' ? '覆盖率' : 'Coverage', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = keys.map((key) => ({ header: head[key], key, width: key === 'name' || key === 'parent_name' ? 22 : 14, ...(key === 'rate' ? { style: { numFmt: '0.0' } } : {}) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of coverageExportRows(report, options.parents)) {
    sheet.addRow(Object.fromEntries(keys.map((k) => [k, typeof row[k] === 'string' ? neutraliseCell(row[k]) : row[k]])));
  }
  const note = lang === 'zh-CN'
    ? `设施类型 ${report.type} · 服务半径 ${JSON.stringify(report.reach_m)} 米 · 截至 ${report.as_of}`
    : `Facility type ${report.type} · reach ${JSON.stringify(report.reach_m)} m · as of ${report.as_of}`;
  sheet.addRow([]);
  sheet.addRow([note]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A file name in the user's terms, e.g. 覆盖率-health_station-街道-2005-12-31.xlsx. */
export function coverageFileName(report: CoverageReport, lang: ExportLang | undefined, ext: 'csv' | 'xlsx'): string {
  const types = report.type.replace(/,/g, '+');
  if (!lang) return `coverage-${types}-${report.level}-${report.as_of}.${ext}`;
  const level = LEVEL_NAMES[report.level]?.[lang] ?? report.level;
  return lang === 'zh-CN' ? `覆盖率-${types}-${level}-${report.as_of}.${ext}` : `coverage-${types}-${level}-${report.as_of}.${ext}`;
}
