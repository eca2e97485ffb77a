import { describe, expect, it } from 'vitest';
import type { PlanProgress, TargetEvaluation } from '../../../map-client/src/api/endpoints.ts';
import { lineChart, niceStep } from '../../../map-client/src/charts/line-chart.ts';
import { comparatorSign, formatFigure, progressSeries, targetView } from '../../../map-client/src/indicators/target-view.ts';

describe('lineChart', () => {
  it('should pick tick steps of 1, 2 or 5 times a power of ten', () => {
    // span / 4 rounded up to 1, 2, 5 × 10^k: 2.5 → 5, 1.75 → 2, 25 → 50, 0.225 → 0.5; no span → 1.
    expect([niceStep(10), niceStep(7), niceStep(100), niceStep(0.9), niceStep(0)]).toEqual([5, 2, 50, 0.5, 1]);
  });

  it('should span zero to above the highest of values and threshold, in whole steps', () => {
    const chart = lineChart([{ x: 2003, y: 40 }, { x: 2005, y: 55 }, { x: 2007, y: 64.6 }], { threshold: 70 });

    expect(chart.domain.y).toEqual([0, 80]);
    expect(chart.yTicks.map((tick) => tick.value)).toEqual([0, 20, 40, 60, 80]);
    expect(chart.xTicks.map((tick) => tick.value)).toEqual([2003, 2005, 2007]);
  });

  it('should place points proportionally inside the padding, y growing upwards', () => {
    const chart = lineChart([{ x: 0, y: 0 }, { x: 10, y: 10 }], { width: 100, height: 100, padding: [0, 0, 0, 0] });

    expect(chart.points.map((p) => [p.cx, p.cy])).toEqual([[0, 100], [100, 0]]);
    expect(chart.path).toBe('M0 100L100 0');
    expect(chart.thresholdY).toBeNull();
  });

  it('should break the line where a value is missing', () => {
    const chart = lineChart([{ x: 1, y: 1 }, { x: 2, y: null }, { x: 3, y: 1 }, { x: 4, y: 2 }], { width: 40, height: 20, padding: [0, 0, 0, 0] });

    expect(chart.path.match(/M/g)).toHaveLength(2);
    expect(chart.points).toHaveLength(3);
  });

  it('should put the threshold line at its value', () => {
    const chart = lineChart([{ x: 1, y: 50 }, { x: 2, y: 60 }], { width: 100, height: 110, padding: [10, 0, 0, 0], threshold: 50 });

    // domain 0–60 (step 10 → 0..60), inner height 100: 50 sits 1/6 from the top.
    expect(chart.thresholdY).toBeCloseTo(10 + 100 / 6, 1);
  });
});

const target: TargetEvaluation = {
  id: 'zb.health.coverage_district',
  kind: 'coverage',
  level: 'district',
  text: { zh: '各区城市卫生服务人口覆盖率达到 70% 以上', en: 'Health service coverage ≥ 70 % in each district (区)' },
  value: 64.5590947243308,
  threshold: 70,
  comparator: '>=',
  unit: '% of households',
  unit_zh: '% 住户',
  deadline: '2007-12-31',
  status: 'not_met',
  computed: true,
  shortfall: { text: '1 of 3 districts below 70 %', text_zh: '3 个区中有 1 个低于 70 %' },
  failing_units: [{ level: 'district', code: 'D01', name: '明德区', value: 64.6, required: 70, reason: 'D01: 64.6 %', reason_zh: '明德区:64.6 %' }],
};

describe('targetView', () => {
  it('should read value against threshold with the unit in English', () => {
    expect(targetView(target, 'en')).toEqual({
      id: 'zb.health.coverage_district',
      status: 'not_met',
      statusLabel: 'Not met',
      text: 'Health service coverage ≥ 70 % in each district (区)',
      valueLine: '64.6 now, target ≥ 70 % of households',
      shortfall: '1 of 3 districts below 70 %',
      note: null,
      failing: [{ code: 'D01', name: '明德区', level: 'district', reason: 'D01: 64.6 %' }],
      failingCount: 1,
    });
  });

  it('should count the failing units from failing_total when the answer lists only the first ones (issue 19)', () => {
    expect(targetView({ ...target, failing_total: 1234 }, 'en').failingCount).toBe(1234);
  });

  it('should read it in Chinese, and without a value when there is none', () => {
    const view = targetView({ ...target, value: null, status: 'no_data', shortfall: null }, 'zh-CN');

    expect(view.valueLine).toBe('目标 ≥ 70 % 住户');
    expect(view.statusLabel).toBe('无数据');
    expect(view.failing[0]!.reason).toBe('明德区:64.6 %');
  });

  it('should label a source-city count that does not apply here, with the API\'s reason in the language', () => {
    const notApplicable = {
      ...target, status: 'not_applicable' as const, value: null, shortfall: null, failing_units: [],
      notes: ["Beijing's own count: it does not apply to this city", 'second note'],
      notes_zh: ['此为北京本市的总量指标,不适用于本市'],
    };

    expect(targetView(notApplicable, 'zh-CN')).toMatchObject({ statusLabel: '本市不适用', note: '此为北京本市的总量指标,不适用于本市' });
    expect(targetView(notApplicable, 'en')).toMatchObject({ statusLabel: 'Not applicable here', note: "Beijing's own count: it does not apply to this city" });
    expect(targetView({ ...target, notes: ['x'] }, 'en').note).toBeNull();
  });

  it('should write comparators as signs and figures with sensible decimals', () => {
    expect(['>=', '<=', '==', '~'].map(comparatorSign)).toEqual(['≥', '≤', '=', '~']);
    expect([formatFigure('en', 20000), formatFigure('en', 2.5178), formatFigure('en', 64.559)]).toEqual(['20,000', '2.52', '64.6']);
  });

  it('should take a target series by year, with the latest threshold', () => {
    const progress = {
      dates: ['2003-12-31', '2004-12-31'],
      targets: [{ id: 't', text: { zh: '', en: '' }, unit: '', unit_zh: '', comparator: '>=', series: [
        { as_of: '2003-12-31', value: 40, threshold: 70, status: 'not_yet_due' },
        { as_of: '2004-12-31', value: null, threshold: 70, status: 'no_data' },
      ] }],
    } as PlanProgress;

    expect(progressSeries(progress, 't')).toEqual({ points: [{ x: 2003, y: 40 }, { x: 2004, y: null }], threshold: 70 });
    expect(progressSeries(progress, 'other')).toBeNull();
  });
});
