/**
 * The printable HTML report of a plan evaluation: server-rendered, every string escaped, A4 print CSS,
 * Chinese by default (English with lang=en). A summary table, one section per target with its source
 * words, result, shortfall and failing units, and a map per coverage target.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { isOpenOn } from '../domain/coverage/model.ts';
import { formatNumber, type PlanTarget, type TargetResult, type TargetStatus } from '../domain/plans/index.ts';
import { KIND_ZH } from '../domain/plans/text.ts';
import { Html, html } from './html.ts';
import { coverageMapSvg } from './plans-map.ts';
import type { PlanEvaluationBundle, PlanSeriesReport } from './plans.ts';

export type ReportLang = 'zh' | 'en';

const T = {
  zh: {
    htmlLang: 'zh-CN',
    report: '规划指标评估报告',
    asOf: '评估日期',
    period: '规划期',
    document: '规划文件',
    data: '评估数据',
    generated: '生成时间',
    dataVersion: '数据版本',
    summary: '汇总',
    targets: '项指标',
    id: '编号',
    target: '指标',
    kind: '类型',
    level: '层级',
    value: '现值',
    threshold: '目标',
    deadline: '期限',
    status: '状态',
    standing: '常设',
    source: '规划原文',
    method: '计算方法',
    shortfall: '差距',
    failing: '未达标单元',
    more: (n: number) => `另有 ${formatNumber(n)} 项未列出(完整名单见 JSON/CSV)`,
    unit: '单元',
    reason: '情况',
    notes: '说明',
    reportedBadge: '填报数据 · 非地图计算',
    reportedNone: '尚无填报数据。可通过 POST /api/plans/{id}/reported/{target_id} 或 lifecircle plans report 录入(数值、日期、来源、填报人)。',
    reportedBy: (v: string, d: string, s: string, a: string) => `填报值 ${v}(数据日期 ${d};来源:${s};填报人:${a})`,
    milestones: '阶段目标',
    map: (title: string) => `图:${title} —— 各社区住户覆盖率`,
    warnings: '数据提示',
    warningsIntro: '设施按其坐标所在的社区边界归属;导入时登记的单元编码与位置不符的,以位置为准并在此列出。',
    none: '无',
    reach: (types: string) => `服务半径:${types}`,
    methodReach: '服务半径(住户所在建筑到开放设施的大地线距离)',
    methodUnit: '本单元配置(住户所在社区/街道/区县内有开放设施)',
    scope: '范围',
    counts: (c: NonNullable<TargetResult['counts']>) => `核查 ${formatNumber(c.checked)} 个,达标 ${formatNumber(c.meeting)} 个,未达标 ${formatNumber(c.failing)} 个${c.no_data ? `,数据不全 ${formatNumber(c.no_data)} 个` : ''}`,
    footer: '现值与目标值均按规划原文的单位表示(百分比为 0–100)。“未到期”表示评估日期早于指标期限且尚未达标;“无数据”表示所需数据未登记或无法判定。覆盖率按住户计,距离为 WGS 84 椭球面上的大地线距离,服务半径取自 GB 50180-2018 生活圈标准。',
    progress: '历年进展',
    cityTotals: (d: number, s: number, c: number, h: number, p: number) => `${d} 个区县 · ${s} 个街道(乡镇) · ${c} 个社区 · ${formatNumber(h)} 户 · ${formatNumber(p)} 人`,
  },
  en: {
    htmlLang: 'en',
    report: 'Plan target evaluation',
    asOf: 'Evaluated on',
    period: 'Plan period',
    document: 'Plan document',
    data: 'Data',
    generated: 'Generated',
    dataVersion: 'data version',
    summary: 'Summary',
    targets: 'targets',
    id: 'Id',
    target: 'Target',
    kind: 'Kind',
    level: 'Level',
    value: 'Value',
    threshold: 'Target',
    deadline: 'Deadline',
    status: 'Status',
    standing: 'standing',
    source: 'Plan text',
    method: 'Method',
    shortfall: 'Shortfall',
    failing: 'Failing units',
    more: (n: number) => `${formatNumber(n)} more not listed (all are in the JSON/CSV)`,
    unit: 'Unit',
    reason: 'Finding',
    notes: 'Notes',
    reportedBadge: 'Reported figure · not computed from the map',
    reportedNone: 'No figure reported yet. Enter one (value, date, source, author) with POST /api/plans/{id}/reported/{target_id} or `lifecircle plans report`.',
    reportedBy: (v: string, d: string, s: string, a: string) => `Reported ${v} (figure dated ${d}; source: ${s}; entered by ${a})`,
    milestones: 'Milestones',
    map: (title: string) => `Figure: ${title}: households covered per community`,
    warnings: 'Data warnings',
    warningsIntro: 'A facility belongs to the community whose polygon contains it; a unit code given on import that disagrees with the location is listed here and the location wins.',
    none: 'none',
    reach: (types: string) => `Reach: ${types}`,
    methodReach: 'reach (geodesic distance from the household\'s building to an open facility)',
    methodUnit: 'own unit (the household\'s community/street/district has an open facility)',
    scope: 'Scope',
    counts: (c: NonNullable<TargetResult['counts']>) => `${formatNumber(c.checked)} checked, ${formatNumber(c.meeting)} meet, ${formatNumber(c.failing)} fail${c.no_data ? `, ${formatNumber(c.no_data)} without data` : ''}`,
    footer: 'Values and targets are in the plan\'s own units (percentages as 0–100). "Not yet due": the evaluation date is before the deadline and the target is not met yet; "no data": the data needed is not recorded or cannot decide. Coverage counts households; distances are geodesic on the WGS 84 ellipsoid; reaches come from the GB 50180-2018 life circles.',
    progress: 'Progress over time',
    cityTotals: (d: number, s: number, c: number, h: number, p: number) => `${d} districts/counties · ${s} streets/townships · ${c} communities · ${formatNumber(h)} households · ${formatNumber(p)} residents`,
  },
} as const;

const STATUS: Record<ReportLang, Record<TargetStatus, string>> = {
  zh: { met: '达标', not_met: '未达标', not_yet_due: '未到期', no_data: '无数据', not_applicable: '本市不适用' },
  en: { met: 'met', not_met: 'not met', not_yet_due: 'not yet due', no_data: 'no data', not_applicable: 'not applicable here' },
};
const KIND: Record<ReportLang, Record<string, string>> = {
  zh: { coverage: '覆盖率', presence: '设施配置', share: '比例', ratio: '比率', range: '规模区间', total: '总量', reported: '填报' },
  en: { coverage: 'coverage', presence: 'presence', share: 'share', ratio: 'ratio', range: 'range', total: 'total', reported: 'reported' },
};
const LEVEL: Record<ReportLang, Record<string, string>> = {
  zh: { community: '社区', street: '街道(乡镇)', district: '区县', city: '全市', facility: '设施' },
  en: { community: 'community', street: 'street', district: 'district', city: 'city', facility: 'facility' },
};
const MAX_FAILING_ROWS = 40;
const UNIT_ZH: Record<string, string> = { facilities: '个', households: '户', beds: '张', items: '项', GPs: '名', residents: '人', elderly: '人' };

/** A value in the target's unit, as a reader expects it. */
export function formatValue(value: number | null, unit: string, lang: ReportLang, unitZh?: string): string {
  if (value === null) return '—';
  const u = lang === 'zh' ? (unitZh ?? unit) : unit;
  if (unit.startsWith('%')) return `${formatNumber(value, Math.abs(value) < 10 ? 2 : 1)} %`;
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) < 10 ? 2 : 1;
  return `${formatNumber(value, digits)} ${u}`;
}

function thresholdText(t: TargetResult, lang: ReportLang): string {
  return `${t.comparator === '<=' ? '≤' : '≥'} ${formatValue(t.threshold, t.unit, lang, t.unit_zh)}`;
}

function scopeText(target: PlanTarget | undefined, lang: ReportLang): string | null {
  const scope = target?.scope;
  if (!scope) return null;
  const parts: string[] = [];
  if (scope.district_kinds) parts.push(scope.district_kinds.map((k) => (lang === 'zh' ? (k === 'district' ? '区' : '县') : k === 'district' ? 'districts (区)' : 'counties (县)')).join(lang === 'zh' ? '、' : ', '));
  if (scope.district_classes) parts.push(scope.district_classes.join(lang === 'zh' ? '、' : ', '));
  if (scope.street_kinds) parts.push(scope.street_kinds.map((k) => (lang === 'zh' ? (k === 'street' ? '街道' : '乡镇') : k === 'street' ? 'streets (街道)' : 'townships (乡镇)')).join(lang === 'zh' ? '、' : ', '));
  return parts.join(lang === 'zh' ? ' · ' : ' · ');
}

const CSS = `
@page { size: A4; margin: 14mm 13mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif;
  font-size: 10pt; line-height: 1.45; color: #1a1a1a; margin: 0 auto; max-width: 194mm; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; border-bottom: 1.5pt solid #1a1a1a; padding-bottom: 1mm; margin: 7mm 0 3mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 0 0 1.5mm; break-after: avoid; }
.subtitle, .meta { color: #444; margin: 0.5mm 0; }
.muted { color: #666; }
table { border-collapse: collapse; width: 100%; font-size: 8.6pt; margin: 2mm 0; }
th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eeeeee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
td.code, span.code, a.code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; white-space: nowrap; }
.badge { display: inline-block; padding: 0 1.6mm; border-radius: 1.2mm; font-size: 8.4pt; white-space: nowrap; border: 0.5pt solid transparent; }
.s-met { background: #d9f0d3; color: #1b5e20; border-color: #7fbf7b; }
.s-not_met { background: #fde0dd; color: #8e0000; border-color: #e08080; }
.s-not_yet_due { background: #fff3c4; color: #6d4c00; border-color: #e0c060; }
.s-no_data { background: #eeeeee; color: #424242; border-color: #aaaaaa; }
.s-not_applicable { background: #e3f2fd; color: #0d47a1; border-color: #90caf9; }
p.progress-line { margin: 1mm 0; font-size: 9.5pt; }
.reported { background: #ede7f6; color: #4527a0; border-color: #b39ddb; }
.chips span { margin-right: 3mm; }
section.target { border-top: 0.5pt solid #bbb; padding-top: 3mm; margin-top: 4mm; }
blockquote { margin: 1.5mm 0; padding: 1mm 3mm; border-left: 2pt solid #999; background: #f7f7f7; font-family: "Noto Serif CJK SC", "Source Han Serif SC", serif; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3mm 3mm; margin: 1.5mm 0; font-size: 9pt; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
p.result { font-size: 10.5pt; margin: 1.5mm 0; }
p.shortfall { margin: 1mm 0; padding: 1mm 2mm; background: #fff5f5; border-left: 2pt solid #d32f2f; }
figure { margin: 2mm 0; break-inside: avoid; }
figcaption { font-size: 8.6pt; color: #444; }
svg.map { display: block; max-height: 150mm; }
table.progress td, table.progress th { padding: 0.6mm 1mm; }
svg .map-label { font-size: 11px; font-weight: 600; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .map-legend { font-size: 10px; }
ul.notes { margin: 1mm 0; padding-left: 5mm; font-size: 9pt; color: #333; }
footer { margin-top: 8mm; font-size: 8.4pt; color: #555; border-top: 0.5pt solid #999; padding-top: 2mm; }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
`;

function statusBadge(status: TargetStatus, lang: ReportLang): Html {
  return html`<span class="badge s-${status}">${STATUS[lang][status]}</span>`;
}

function summaryTable(targets: readonly TargetResult[], lang: ReportLang): Html {
  const t = T[lang];
  const rows = targets.map(
    (r, i) => html`<tr>
<td class="num">${i + 1}</td>
<td><a class="code" href="#t-${r.id}">${r.id}</a><br>${lang === 'zh' ? r.text.zh : r.text.en}${r.computed ? '' : html` <span class="badge reported">${lang === 'zh' ? '填报' : 'reported'}</span>`}</td>
<td class="nowrap">${KIND[lang][r.kind]}<br><span class="muted">${LEVEL[lang][r.level]}</span></td>
<td class="num">${formatValue(r.value, r.unit, lang, r.unit_zh)}</td><td class="num">${thresholdText(r, lang)}</td>
<td class="num">${r.deadline ?? t.standing}</td><td>${statusBadge(r.status, lang)}</td></tr>`,
  );
  return html`<table class="summary"><thead><tr><th>#</th><th>${t.target}</th><th>${t.kind}</th><th>${t.value}</th><th>${t.threshold}</th><th>${t.deadline}</th><th>${t.status}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** "街道" / "乡镇" / "县" … for a failing unit; "设施" for a facility. */
function unitKind(level: string, kind: string, lang: ReportLang): string {
  if (level === 'facility') return LEVEL[lang].facility!;
  if (lang === 'zh') return KIND_ZH[kind] ?? LEVEL.zh[level] ?? level;
  return kind;
}

function failingTable(r: TargetResult, lang: ReportLang): Html {
  const t = T[lang];
  if (r.failing_units.length === 0) return html``;
  const shown = r.failing_units.slice(0, MAX_FAILING_ROWS);
  const rows = shown.map(
    (u) => html`<tr><td>${unitKind(u.level, u.kind, lang)}</td><td class="code">${u.code}</td><td>${u.name}</td>
<td class="num">${u.value === null ? '—' : formatValue(u.value, u.unit ?? '', lang, UNIT_ZH[u.unit ?? ''])}</td><td>${lang === 'zh' ? u.reason_zh : u.reason}</td></tr>`,
  );
  const more = r.failing_units.length - shown.length;
  return html`<h4>${t.failing} (${formatNumber(r.failing_units.length)})</h4>
<table class="failing"><thead><tr><th>${t.level}</th><th>${t.id}</th><th>${t.unit}</th><th>${t.value}</th><th>${t.reason}</th></tr></thead><tbody>${rows}</tbody></table>
${more > 0 ? html`<p class="muted">${t.more(more)}</p>` : ''}`;
}

const MAX_BREAKDOWN_ROWS = 12;

/** Districts and streets of a city-level target, worst first, with what each lacks. */
function breakdownTable(r: TargetResult, lang: ReportLang): Html {
  if (!r.breakdown || r.breakdown.length === 0) return html``;
  const zh = lang === 'zh';
  const part = (level: 'district' | 'street') => {
    const all = r.breakdown!.filter((b) => b.level === level);
    const shown = all.slice(0, MAX_BREAKDOWN_ROWS);
    const rows = shown.map(
      (b) => html`<tr><td>${unitKind(b.level, b.kind, lang)}</td><td class="code">${b.code}</td><td>${b.name}</td>
<td class="num">${formatValue(b.value, r.kind === 'total' ? '' : r.unit, lang, r.kind === 'total' ? '' : r.unit_zh)}</td><td class="num">${b.required === null ? '—' : formatValue(b.required, r.kind === 'total' ? '' : r.unit, lang, r.kind === 'total' ? '' : r.unit_zh)}</td><td class="num">${b.shortfall === null ? '—' : formatNumber(b.shortfall)}</td></tr>`,
    );
    return html`<tr><th colspan="6">${level === 'district' ? (zh ? `区县(${all.length})` : `Districts and counties (${all.length})`) : zh ? `街道乡镇(${all.length},最差 ${shown.length} 个)` : `Streets and townships (${all.length}; worst ${shown.length})`}</th></tr>${rows}`;
  };
  const shortUnit = r.kind === 'coverage' ? (zh ? '户' : 'households') : r.shortfall ? (zh ? (r.shortfall.unit_zh ?? '') : (r.shortfall.unit ?? '')) : '';
  return html`<h4>${zh ? '分区县、街道(由差到好)' : 'By district and street (worst first)'}</h4>
<table class="breakdown"><thead><tr><th>${zh ? '级别' : 'Level'}</th><th>${zh ? '代码' : 'Code'}</th><th>${zh ? '名称' : 'Name'}</th><th>${zh ? '现值' : 'Value'}</th><th>${zh ? (r.kind === 'total' ? '按人口分摊' : '目标') : r.kind === 'total' ? 'Pro-rata share' : 'Target'}</th><th>${zh ? `缺口${shortUnit ? `(${shortUnit})` : ''}` : `Shortfall${shortUnit ? ` (${shortUnit})` : ''}`}</th></tr></thead>
<tbody>${part('district')}${part('street')}</tbody></table>`;
}

/** "baseline 10 000多 (2003) → now 4 240 → target ≥ 20 000 (2007-12-31)". */
function progressLine(r: TargetResult, lang: ReportLang): Html {
  const zh = lang === 'zh';
  const start = r.baselines.find((b) => b.starts_series);
  const others = r.baselines.filter((b) => !b.starts_series);
  const baseText = start ? `${start.figure} (${start.as_of})` : zh ? '规划未给起点' : 'the plan gives no start figure';
  const line = html`<p class="progress-line">${zh ? '基期' : 'Baseline'} ${baseText} → ${zh ? '现值' : 'now'} <strong>${formatValue(r.value, r.unit, lang, r.unit_zh)}</strong> → ${zh ? '目标' : 'target'} ${thresholdText(r, lang)}${r.deadline ? ` (${r.deadline})` : ''}</p>`;
  const stock = others.length
    ? html`<p class="muted">${zh ? '规划起点存量' : 'Stock at the plan\'s start'}: ${others.map((b) => `${b.id} ${b.figure} (${b.as_of})`).join(zh ? ';' : '; ')}</p>`
    : html``;
  return html`${line}${stock}`;
}

function targetSection(bundle: PlanEvaluationBundle, r: TargetResult, shapes: ReadonlyMap<string, Polygon | MultiPolygon> | undefined, lang: ReportLang): Html {
  const t = T[lang];
  const target = bundle.profile.targets.find((x) => x.id === r.id);
  const facts: Html[] = [
    html`<dt>${t.kind}</dt><dd>${KIND[lang][r.kind]} · ${LEVEL[lang][r.level]}${r.kind === 'share' && target?.kind === 'share' ? ` (${target.of === 'units' ? (lang === 'zh' ? '单元' : 'of units') : lang === 'zh' ? '设施' : 'of facilities'})` : ''}</dd>`,
    html`<dt>${t.deadline}</dt><dd>${r.deadline ?? t.standing}</dd>`,
  ];
  if (target?.kind === 'coverage') {
    facts.push(html`<dt>${t.method}</dt><dd>${r.method === 'unit' ? t.methodUnit : t.methodReach}</dd>`);
    const types = target.facilities.map((f) => {
      const info = bundle.city.index.types.get(f.type);
      const name = info ? (lang === 'zh' ? info.name_zh : info.name_en) : f.type;
      return `${name} ${formatNumber(f.reach_m)} m (${f.standard})`;
    });
    facts.push(html`<dt>${lang === 'zh' ? '服务半径' : 'Reach'}</dt><dd>${types.join(lang === 'zh' ? ';' : '; ')}</dd>`);
  }
  const scope = scopeText(target, lang);
  if (scope) facts.push(html`<dt>${t.scope}</dt><dd>${scope}</dd>`);
  if (r.counts) facts.push(html`<dt>${lang === 'zh' ? '核查' : 'Checked'}</dt><dd>${t.counts(r.counts)}</dd>`);

  const reported = r.computed
    ? html``
    : html`<p><span class="badge reported">${t.reportedBadge}</span></p>${
        r.reported && r.reported.length > 0
          ? html`<ul class="notes">${r.reported.slice(0, MAX_FAILING_ROWS).map((e) => html`<li>${e.unit_code ? `${e.unit_code}: ` : ''}${e.measure ? `${e.measure}: ` : ''}${t.reportedBy(formatValue(e.value, r.unit, lang, r.unit_zh), e.as_of, e.source, e.author)}${e.note ? ` — ${e.note}` : ''}</li>`)}</ul>`
          : html`<p class="muted">${t.reportedNone}${r.level === 'city' ? '' : lang === 'zh' ? ` 本指标按${r.level === 'street' ? '街道' : r.level === 'district' ? '区县' : '社区'}逐一填报:--unit 代码,或 CSV 导入(lifecircle plans import-reported)。` : ` This target is reported per ${r.level}: --unit CODE, or a CSV (lifecircle plans import-reported).`}</p>`
      }`;
  const milestones = r.milestones
    ? html`<h4>${t.milestones}</h4><table><thead><tr><th>${t.deadline}</th><th>${t.target}</th><th>${t.value}</th><th>${t.threshold}</th><th>${t.status}</th></tr></thead><tbody>${r.milestones.map(
        (m) => html`<tr><td class="num">${m.deadline ?? t.standing}</td><td>${m.text ? (lang === 'zh' ? m.text.zh : m.text.en) : lang === 'zh' ? r.text.zh : r.text.en}</td><td class="num">${formatValue(m.value, r.unit, lang, r.unit_zh)}</td><td class="num">≥ ${formatValue(m.threshold, r.unit, lang, r.unit_zh)}</td><td>${statusBadge(m.status, lang)}</td></tr>`,
      )}</tbody></table>`
    : html``;
  // The "reported, not computed" note is the badge above; every other note (units without a figure …) stays.
  const notes = [...(lang === 'zh' ? r.notes_zh : r.notes)].filter((n) => r.computed || (n !== 'reported figure, not computed from the map' && n !== '填报数据,非地图计算'));
  const noteOfProfile = target?.note ? (lang === 'zh' ? target.note.zh : target.note.en) : null;

  let figure = html``;
  const rates = bundle.communityRates.get(r.id);
  if (r.kind === 'coverage' && rates && shapes && target?.kind === 'coverage') {
    const types = new Set(target.facilities.map((f) => f.type));
    const facilities = bundle.city.facilities.filter((f) => types.has(f.type) && f.community_code !== null && isOpenOn(f, bundle.report.as_of));
    const labels = r.level === 'city' ? [] : (r.units ?? []).map((u) => ({
      text: `${u.name} ${u.value === null ? '—' : `${formatNumber(u.value, 1)}%`}`,
      communities: [...rates.keys()].filter((c) => {
        const community = bundle.city.index.communities.get(c)!;
        const street = bundle.city.index.streets.get(community.street_code)!;
        return r.level === 'district' ? street.district_code === u.code : r.level === 'street' ? street.code === u.code : c === u.code;
      }),
    }));
    const title = `${r.id} ${lang === 'zh' ? r.text.zh : r.text.en} (${bundle.report.as_of})`;
    figure = html`<figure>${coverageMapSvg({ shapes, rates, facilities, labels: r.level === 'community' ? [] : labels, title, lang, id: r.id })}<figcaption>${t.map(title)}</figcaption></figure>`;
  }

  return html`<section class="target" id="t-${r.id}">
<h3><span class="code">${r.id}</span> ${lang === 'zh' ? r.text.zh : r.text.en}</h3>
<blockquote lang="zh-CN">${t.source}:“${target?.source.quote ?? ''}”${target?.source.section ? html` <span class="muted">(${target.source.section})</span>` : ''}</blockquote>
<dl class="facts">${facts}</dl>
<p class="result">${t.value}: <strong>${formatValue(r.value, r.unit, lang, r.unit_zh)}</strong> · ${t.threshold}: ${thresholdText(r, lang)} · ${statusBadge(r.status, lang)}</p>
${progressLine(r, lang)}
${r.shortfall ? html`<p class="shortfall"><strong>${t.shortfall}:</strong> ${lang === 'zh' ? r.shortfall.text_zh : r.shortfall.text}</p>` : ''}
${reported}
${noteOfProfile || notes.length ? html`<ul class="notes">${noteOfProfile ? html`<li>${noteOfProfile}</li>` : ''}${notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${milestones}
${failingTable(r, lang)}
${breakdownTable(r, lang)}
${figure}
</section>`;
}

/** A number without its unit, for the compact progress table. */
function bareValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit.startsWith('%')) return formatNumber(value, Math.abs(value) < 10 ? 2 : 1);
  return formatNumber(value, Number.isInteger(value) ? 0 : Math.abs(value) < 10 ? 2 : 1);
}

function progressTable(series: PlanSeriesReport, lang: ReportLang): Html {
  const t = T[lang];
  return html`<h2>${t.progress}</h2>
<p class="muted">${lang === 'zh' ? '各年 12 月 31 日的现值;颜色为当日状态。' : 'Value on 31 December of each year; the colour is the status on that day.'}</p>
<table class="progress"><thead><tr><th>${t.id}</th><th>${lang === 'zh' ? '单位' : 'Unit'}</th><th>${t.threshold}</th><th class="num">${lang === 'zh' ? '基期' : 'Baseline'}</th>${series.dates.map((d) => html`<th class="num">${d.endsWith('-12-31') ? d.slice(0, 4) : d}</th>`)}</tr></thead><tbody>${series.targets.map(
    (s) => html`<tr><td class="code">${s.id}</td><td>${lang === 'zh' ? s.unit_zh : s.unit}</td><td class="num">${s.comparator === '<=' ? '≤' : '≥'} ${bareValue(s.series[s.series.length - 1]?.threshold ?? null, s.unit)}</td><td class="num">${s.baseline ? `${s.baseline.figure} (${s.baseline.as_of.slice(0, 4)})` : '—'}</td>${s.series.filter((p) => !p.baseline).map((p) => html`<td class="num"><span class="badge s-${p.status}">${bareValue(p.value, s.unit)}</span></td>`)}</tr>`,
  )}</tbody></table>`;
}

/**
 * Renders the report. Every interpolated string is escaped by the `html` template.
 *
 * @param {PlanEvaluationBundle} bundle the evaluation and what it was computed from
 * @param {Object} options { lang, shapes (community polygons for the maps), series (optional progress), generatedAt }
 * @returns {string} a complete HTML document
 */
export function renderPlanReport(
  bundle: PlanEvaluationBundle,
  options: { lang?: ReportLang; shapes?: ReadonlyMap<string, Polygon | MultiPolygon>; series?: PlanSeriesReport; generatedAt?: string } = {},
): string {
  const lang = options.lang ?? 'zh';
  const t = T[lang];
  const { report, city } = bundle;
  const name = lang === 'zh' ? report.plan.name.zh : report.plan.name.en;
  const communities = city.index.city.communities;
  const households = communities.reduce((s, c) => s + c.households, 0);
  const population = communities.reduce((s, c) => s + c.population, 0);
  const chips = (['met', 'not_met', 'not_yet_due', 'no_data', 'not_applicable'] as const).map((s) => html`<span>${statusBadge(s, lang)} ${report.summary[s]}</span>`);
  const warnings = report.warnings;
  const doc = html`<!doctype html>
<html lang="${t.htmlLang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · ${t.report} · ${report.as_of}</title>
<style>${new Html(CSS)}</style></head>
<body>
<header>
<h1>${name}</h1>
<p class="subtitle">${t.report} · ${t.asOf} <strong>${report.as_of}</strong> · ${t.period} ${report.plan.period.from}–${report.plan.period.to}${report.level ? ` · ${t.level}: ${LEVEL[lang][report.level]}` : ''}${report.method ? ` · ${t.method}: ${report.method}` : ''}</p>
<p class="meta">${t.document}: ${report.plan.document.title}${report.plan.document.number ? ` (${report.plan.document.number})` : ''}${report.plan.document.issued_on ? ` · ${report.plan.document.issued_on}` : ''}</p>
<p class="meta">${t.data}: ${t.cityTotals(city.index.city.districts.length, city.index.city.streets.length, communities.length, households, population)} · ${t.dataVersion} ${report.data_version}${options.generatedAt ? ` · ${t.generated} ${options.generatedAt}` : ''}</p>
</header>
<h2>${t.summary}</h2>
<p class="chips">${report.summary.targets} ${t.targets}: ${chips}</p>
${summaryTable(report.targets, lang)}
${options.series ? progressTable(options.series, lang) : ''}
<h2>${lang === 'zh' ? '分项评估' : 'Targets'}</h2>
${report.targets.map((r) => targetSection(bundle, r, options.shapes, lang))}
<h2>${t.warnings} (${warnings.length})</h2>
<p class="muted">${t.warningsIntro}</p>
${warnings.length === 0 ? html`<p>${t.none}</p>` : html`<ul class="notes">${warnings.slice(0, 100).map((w) => html`<li>${lang === 'zh' ? w.message_zh : w.message}</li>`)}</ul>${warnings.length > 100 ? html`<p class="muted">${t.more(warnings.length - 100)}</p>` : ''}`}
<footer>${t.footer}</footer>
</body></html>
`;
  return doc.value;
}
