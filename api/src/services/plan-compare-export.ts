/**
 * A plan evaluation and a scenario comparison to take away (#17): CSV for spreadsheets (UTF-8 with
 * a BOM, numbers rounded to what a reader needs, names beside codes, headers and statuses in the
 * reader's language) and XLSX (exceljs), with a file name in the user's terms. The figures are the
 * JSON answer's, rounded; nothing is computed here.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { neutraliseCell, SAFE_CSV_CAST } from '../domain/csv-cells.ts';
import type { PlanEvaluationReport } from './plans.ts';
import type { ScenarioComparison } from './scenario-compare.ts';
import { UTF8_BOM, type ExportLang } from './coverage-export.ts';

type Cell = string | number | null;
interface Table {
  sheet: string;
  columns: Array<{ key: string; header: string; width?: number; numFmt?: string }>;
  rows: Array<Record<string, Cell>>;
}

const STATUS: Record<string, Record<ExportLang, string>> = {
  met: { 'zh-CN': '达标', en: 'met' },
  not_met: { 'zh-CN': '未达标', en: 'not met' },
  not_yet_due: { 'zh-CN': '未到期', en: 'not yet due' },
  no_data: { 'zh-CN': '无数据', en: 'no data' },
  not_applicable: { 'zh-CN': '本市不适用', en: 'not applicable here' },
};
const LEVEL: Record<string, Record<ExportLang, string>> = {
  community: { 'zh-CN': '社区', en: 'community' },
  street: { 'zh-CN': '街道', en: 'street' },
  district: { 'zh-CN': '区县', en: 'district' },
  city: { 'zh-CN': '全市', en: 'city' },
  facility: { 'zh-CN': '设施', en: 'facility' },
};

const status = (s: string, lang: ExportLang) => STATUS[s]?.[lang] ?? s;
const level = (l: string, lang: ExportLang) => LEVEL[l]?.[lang] ?? l;
/** Two decimals at most (a target's figure: 64.63 %, 1.5 per 1 000), null stays empty. */
export const round2 = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
/** A share (0–1) as a percentage with one decimal. */
export const pct1 = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
/** A change of share as percentage points, one decimal. */
const whole = (v: number) => Math.round(v);

function csvOf(table: Table): string {
  return UTF8_BOM + stringify(table.rows, { header: true, cast: SAFE_CSV_CAST, columns: table.columns.map((c) => ({ key: c.key, header: c.header })) });
}

async function xlsxOf(tables: Table[], note: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lifecircle';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? neutraliseCell(v) : v])));
    sheet.addRow([]);
    sheet.addRow([note]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A name safe in a file name (no path separators or control characters), at most 60 characters. */
function safe(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim().slice(0, 60) || 'x';
}

// ---------- plan evaluation ----------

/** One row per target: text, status, value vs threshold (rounded), shortfall and failing units by name and code. */
export function evaluationTable(report: PlanEvaluationReport, lang: ExportLang): Table {
  const zh = lang === 'zh-CN';
  return {
    sheet: zh ? '规划评估' : 'Plan evaluation',
    columns: [
      { key: 'id', header: zh ? '目标编号' : 'target id', width: 28 },
      { key: 'text', header: zh ? '目标' : 'target', width: 48 },
      { key: 'level', header: zh ? '统计层级' : 'level' },
      { key: 'status', header: zh ? '状态' : 'status' },
      { key: 'value', header: zh ? '现值' : 'value', numFmt: '0.##' },
      { key: 'comparator', header: zh ? '比较' : 'comparator', width: 6 },
      { key: 'threshold', header: zh ? '目标值' : 'threshold', numFmt: '0.##' },
      { key: 'unit', header: zh ? '单位' : 'unit', width: 20 },
      { key: 'deadline', header: zh ? '期限' : 'deadline' },
      { key: 'shortfall', header: zh ? '差距' : 'shortfall', width: 36 },
      { key: 'failing_count', header: zh ? '未达标单元数' : 'failing units' },
      { key: 'failing_units', header: zh ? '未达标单元(名称 代码)' : 'failing units (name code)', width: 60 },
      { key: 'computed', header: zh ? '来源' : 'source' },
    ],
    rows: report.targets.map((t) => ({
      id: t.id,
      text: zh ? t.text.zh : t.text.en,
      level: level(t.level, lang),
      status: status(t.status, lang),
      value: round2(t.value),
      comparator: t.comparator === '>=' ? '≥' : '≤',
      threshold: round2(t.threshold),
      unit: zh ? t.unit_zh : t.unit,
      deadline: t.deadline,
      shortfall: t.shortfall ? (zh ? t.shortfall.text_zh : t.shortfall.text) : null,
      failing_count: t.failing_units.length,
      failing_units: t.failing_units.map((u) => `${u.name} ${u.code}`).join(zh ? '、' : '; '),
      computed: t.computed ? (zh ? '由地图计算' : 'computed') : (zh ? '填报数' : 'reported'),
    })),
  };
}

function evaluationNote(report: PlanEvaluationReport, lang: ExportLang): string {
  const s = report.summary;
  return lang === 'zh-CN'
    ? `${report.plan.name.zh} · 评估日期 ${report.as_of} · 达标 ${s.met} / 未达标 ${s.not_met} / 共 ${s.targets} 项`
    : `${report.plan.name.en} · as of ${report.as_of} · met ${s.met} / not met ${s.not_met} / ${s.targets} targets`;
}

export const evaluationExportCsv = (report: PlanEvaluationReport, lang: ExportLang): string => csvOf(evaluationTable(report, lang));
export const evaluationExportXlsx = (report: PlanEvaluationReport, lang: ExportLang): Promise<Buffer> => xlsxOf([evaluationTable(report, lang)], evaluationNote(report, lang));

/** 规划评估-北京市…-2005-12-31.xlsx / plan-evaluation-Beijing…-2005-12-31.xlsx */
export function evaluationFileName(report: PlanEvaluationReport, lang: ExportLang, ext: 'csv' | 'xlsx'): string {
  return lang === 'zh-CN'
    ? `规划评估-${safe(report.plan.name.zh)}-${report.as_of}.${ext}`
    : `plan-evaluation-${safe(report.plan.name.en)}-${report.as_of}.${ext}`;
}

// ---------- scenario comparison ----------

/** One row per unit, then the city's totals: covered households and rate before and after. */
export function compareUnitsTable(c: ScenarioComparison, lang: ExportLang): Table {
  const zh = lang === 'zh-CN';
  const unit = level(c.level, lang);
  const row = (code: string | null, name: string, r: ScenarioComparison['totals']): Record<string, Cell> => ({
    code,
    name,
    households: whole(r.households),
    households_covered_before: whole(r.households_covered_before),
    households_covered_after: whole(r.households_covered_after),
    delta_households_covered: whole(r.households_covered_after) - whole(r.households_covered_before),
    rate_before: pct1(r.rate_before),
    rate_after: pct1(r.rate_after),
    delta_rate: r.rate_before === null || r.rate_after === null ? null : Math.round((pct1(r.rate_after)! - pct1(r.rate_before)!) * 10) / 10,
    population_covered_before: whole(r.population_covered_before),
    population_covered_after: whole(r.population_covered_after),
    elderly_covered_before: whole(r.elderly_covered_before),
    elderly_covered_after: whole(r.elderly_covered_after),
  });
  return {
    sheet: zh ? '各单元对比' : 'Units',
    columns: [
      { key: 'code', header: zh ? `${unit}代码` : `${unit} code` },
      { key: 'name', header: zh ? `${unit}名称` : `${unit} name`, width: 22 },
      { key: 'households', header: zh ? '住户数' : 'households' },
      { key: 'households_covered_before', header: zh ? '覆盖住户(基准)' : 'households covered (baseline)' },
      { key: 'households_covered_after', header: zh ? '覆盖住户(方案)' : 'households covered (scenario)' },
      { key: 'delta_households_covered', header: zh ? '覆盖住户变化' : 'change in households covered' },
      { key: 'rate_before', header: zh ? '覆盖率(基准,%)' : 'coverage rate, baseline (%)', numFmt: '0.0' },
      { key: 'rate_after', header: zh ? '覆盖率(方案,%)' : 'coverage rate, scenario (%)', numFmt: '0.0' },
      { key: 'delta_rate', header: zh ? '覆盖率变化(百分点)' : 'change (percentage points)', numFmt: '0.0' },
      { key: 'population_covered_before', header: zh ? '覆盖人口(基准)' : 'population covered (baseline)' },
      { key: 'population_covered_after', header: zh ? '覆盖人口(方案)' : 'population covered (scenario)' },
      { key: 'elderly_covered_before', header: zh ? '覆盖老年人口(基准)' : 'elderly covered (baseline)' },
      { key: 'elderly_covered_after', header: zh ? '覆盖老年人口(方案)' : 'elderly covered (scenario)' },
    ],
    rows: [...c.units.map((u) => row(u.code, u.name, u)), row(null, zh ? '全市合计' : 'city total', c.totals)],
  };
}

/** One row per plan target: value and status before and after. */
export function compareTargetsTable(c: ScenarioComparison, lang: ExportLang): Table | null {
  if (!c.plan) return null;
  const zh = lang === 'zh-CN';
  return {
    sheet: zh ? '规划目标对比' : 'Plan targets',
    columns: [
      { key: 'id', header: zh ? '目标编号' : 'target id', width: 28 },
      { key: 'text', header: zh ? '目标' : 'target', width: 48 },
      { key: 'comparator', header: zh ? '比较' : 'comparator', width: 6 },
      { key: 'threshold', header: zh ? '目标值' : 'threshold', numFmt: '0.##' },
      { key: 'unit', header: zh ? '单位' : 'unit', width: 20 },
      { key: 'value_before', header: zh ? '现值(基准)' : 'value (baseline)', numFmt: '0.##' },
      { key: 'value_after', header: zh ? '现值(方案)' : 'value (scenario)', numFmt: '0.##' },
      { key: 'status_before', header: zh ? '状态(基准)' : 'status (baseline)' },
      { key: 'status_after', header: zh ? '状态(方案)' : 'status (scenario)' },
    ],
    rows: c.plan.targets.map((t) => {
      const text = t.text as { zh?: string; en?: string } | undefined;
      return {
        id: t.id,
        text: (zh ? text?.zh : text?.en) ?? '',
        comparator: t.comparator === '>=' ? '≥' : '≤',
        threshold: round2(t.threshold),
        unit: zh ? t.unit_zh ?? t.unit : t.unit,
        value_before: round2(t.value_before),
        value_after: round2(t.value_after),
        status_before: status(t.status_before, lang),
        status_after: status(t.status_after, lang),
      };
    }),
  };
}

function compareNote(c: ScenarioComparison, lang: ExportLang): string {
  return lang === 'zh-CN'
    ? `方案「${c.scenario.name}」(第 ${c.scenario.version} 版)与基准对比 · 设施类型 ${c.type} · 服务半径 ${JSON.stringify(c.reach_m)} 米 · 截至 ${c.as_of}`
    : `Scenario “${c.scenario.name}” (version ${c.scenario.version}) against the baseline · facility type ${c.type} · reach ${JSON.stringify(c.reach_m)} m · as of ${c.as_of}`;
}

/** `table=units` (default) or `targets` (needs `plan=`). */
export function compareExportCsv(c: ScenarioComparison, lang: ExportLang, table: 'units' | 'targets' = 'units'): string | null {
  const chosen = table === 'targets' ? compareTargetsTable(c, lang) : compareUnitsTable(c, lang);
  return chosen ? csvOf(chosen) : null;
}

export function compareExportXlsx(c: ScenarioComparison, lang: ExportLang): Promise<Buffer> {
  const targets = compareTargetsTable(c, lang);
  return xlsxOf([compareUnitsTable(c, lang), ...(targets ? [targets] : [])], compareNote(c, lang));
}

/** 方案对比-新增卫生站-health_station-街道-2005-12-31.xlsx */
export function compareFileName(c: ScenarioComparison, lang: ExportLang, ext: 'csv' | 'xlsx', table: 'units' | 'targets' = 'units'): string {
  const types = c.type.replace(/,/g, '+');
  const zh = lang === 'zh-CN';
  const what = table === 'targets' ? (zh ? '-规划目标' : '-plan-targets') : '';
  return zh
    ? `方案对比-${safe(c.scenario.name)}-${types}-${level(c.level, lang)}${what}-${c.as_of}.${ext}`
    : `scenario-comparison-${safe(c.scenario.name)}-${types}-${level(c.level, lang)}${what}-${c.as_of}.${ext}`;
}
