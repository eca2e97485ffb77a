// Indicators: pick a plan and a date; each target with met / not met, value vs threshold and
// its failing units (click one to zoom to it); a chart of the chosen target's progress over the
// plan's years; after a siting run, its coverage curve. Evaluated for the active scenario if any.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, type ApiClient } from '../api/client.ts';
import { errorText } from '../api/error-messages.ts';
import { fetchEvaluation, fetchPlans, fetchProgress, type PlanEvaluation, type PlanProgress, type PlanSummary } from '../api/endpoints.ts';
import { lineChart } from '../charts/line-chart.ts';
import { renderChart } from '../charts/render-chart.ts';
import { formatDate, formatNumber, formatPercent, t, type Lang } from '../i18n.ts';
import { formatFigure, progressSeries, targetView } from '../indicators/target-view.ts';
import type { AppState, Store } from '../state.ts';
import { el, uniqueId } from './dom.ts';
import { DATE_PATTERN, displayDate, parseDateText } from './date-field.ts';
import { planHorizon } from '../planner/plan-dates.ts';

export interface IndicatorsControlOptions {
  store: Store;
  api: ApiClient;
  /** Zooms the map to a unit by code (district, street or community). */
  onUnit: (code: string) => void;
}

/** Failing units listed per target before "N more". */
const MAX_FAILING = 8;

type Load<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export class IndicatorsControl implements IControl {
  private readonly options: IndicatorsControlOptions;
  private container: HTMLElement | null = null;
  private planLabel: HTMLLabelElement | null = null;
  private planSelect: HTMLSelectElement | null = null;
  private dateLabel: HTMLLabelElement | null = null;
  private dateInput: HTMLInputElement | null = null;
  private dateFormat: HTMLElement | null = null;
  private body: HTMLElement | null = null;
  private plans: Load<PlanSummary[]> = { status: 'idle' };
  private evaluation: Load<PlanEvaluation> = { status: 'idle' };
  private progress: Load<PlanProgress> = { status: 'idle' };
  private chartTarget: string | null = null;
  private controller: AbortController | null = null;
  /** The evaluation date (ISO), '' = today; set to the plan's horizon when a plan is chosen. */
  private asOf = '';
  private dateError = false;
  private links: HTMLElement | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: IndicatorsControlOptions) {
    this.options = options;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    const planId = uniqueId('lc-plan');
    const dateId = uniqueId('lc-date');
    this.planLabel = el('label', { className: 'lc-field__label', attrs: { for: planId } });
    this.planSelect = el('select', { className: 'lc-select', testId: 'indicators-plan', attrs: { id: planId } });
    this.dateLabel = el('label', { className: 'lc-field__label', attrs: { for: dateId } });
    // A text field in the UI language's format (a native date input follows the browser's locale).
    this.dateInput = el('input', { className: 'lc-input lc-input--date', testId: 'indicators-date', attrs: { id: dateId, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: '12', 'aria-describedby': `${dateId}-format` } });
    this.dateFormat = el('span', { className: 'lc-hint lc-date-format', testId: 'indicators-date-format', attrs: { id: `${dateId}-format` } });
    this.links = el('div', { className: 'lc-row lc-exports', testId: 'indicators-exports' });
    this.planSelect.addEventListener('change', this.onPlan);
    this.dateInput.addEventListener('change', this.onDate);
    this.body = el('div', { className: 'lc-indicators__body', attrs: { 'aria-live': 'polite' } });
    this.body.addEventListener('click', this.onBodyClick);
    this.container = el('section', { className: 'lc-section lc-indicators', testId: 'indicators' }, [
      el('div', { className: 'lc-row' }, [
        el('div', { className: 'lc-field lc-grow' }, [this.planLabel, this.planSelect]),
        el('div', { className: 'lc-field' }, [this.dateLabel, this.dateInput, this.dateFormat]),
      ]),
      this.links,
      this.body,
    ]);
    this.unsubscribe = this.options.store.subscribe(this.onState);
    this.render();
    if (this.options.store.get().tab === 'indicators') this.loadPlans();
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.controller?.abort();
    this.planSelect?.removeEventListener('change', this.onPlan);
    this.dateInput?.removeEventListener('change', this.onDate);
    this.body?.removeEventListener('click', this.onBodyClick);
    this.container?.remove();
    this.container = this.planSelect = this.dateInput = this.body = this.planLabel = this.dateLabel = null;
  }

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.tab === 'indicators' && this.plans.status === 'idle') this.loadPlans();
    if (state.scenario?.id !== previous.scenario?.id || state.scenario?.revision !== previous.scenario?.revision) {
      if (this.evaluation.status !== 'idle') this.evaluate();
    }
    if (state.lang !== previous.lang || state.sitingCurve !== previous.sitingCurve || state.scenario?.name !== previous.scenario?.name) this.render();
  };

  private readonly onPlan = (): void => {
    const plan = this.selectedPlan();
    if (plan) this.asOf = planHorizon(plan);
    this.dateError = false;
    this.progress = { status: 'idle' };
    this.chartTarget = null;
    this.evaluate();
    this.loadProgress();
  };

  private readonly onDate = (): void => {
    const parsed = parseDateText(this.dateInput?.value ?? '');
    this.dateError = parsed === null;
    if (parsed !== null) this.asOf = parsed;
    if (this.dateError) this.render();
    else this.evaluate();
  };

  private readonly onBodyClick = (event: MouseEvent): void => {
    const target = event.target as HTMLElement;
    const unit = target.closest<HTMLElement>('[data-unit]');
    if (unit?.dataset.unit) {
      this.options.onUnit(unit.dataset.unit);
      return;
    }
    const chart = target.closest<HTMLElement>('[data-chart-target]');
    if (chart?.dataset.chartTarget) {
      this.chartTarget = chart.dataset.chartTarget;
      this.render();
    }
  };

  private loadPlans(): void {
    this.plans = { status: 'loading' };
    this.render();
    fetchPlans(this.options.api).then(
      (plans) => {
        this.plans = { status: 'ready', value: plans };
        // A plan is judged at its horizon: the date starts there, not today.
        if (plans.length > 0 && this.asOf === '') this.asOf = planHorizon(plans[0]!);
        this.render();
        if (plans.length > 0) {
          this.evaluate();
          this.loadProgress();
        }
      },
      (error: unknown) => {
        this.plans = { status: 'error', message: messageOf(error, this.options.store.get().lang) };
        this.render();
      },
    );
  }

  private selectedPlan(): PlanSummary | null {
    if (this.plans.status !== 'ready') return null;
    return this.plans.value.find((plan) => plan.id === this.planSelect?.value) ?? this.plans.value[0] ?? null;
  }

  private evaluate(): void {
    const plan = this.selectedPlan();
    if (!plan) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.evaluation = { status: 'loading' };
    this.render();
    const asOf = this.asOf || null;
    const scenario = this.options.store.get().scenario?.id ?? null;
    fetchEvaluation(this.options.api, plan.id, asOf, scenario, controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        this.evaluation = { status: 'ready', value };
        this.render();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        this.evaluation = { status: 'error', message: messageOf(error, this.options.store.get().lang) };
        this.render();
      },
    );
  }

  private loadProgress(): void {
    const plan = this.selectedPlan();
    if (!plan) return;
    this.progress = { status: 'loading' };
    const planId = plan.id;
    fetchProgress(this.options.api, plan.id, plan.period).then(
      (value) => {
        if (this.selectedPlan()?.id !== planId) return;
        this.progress = { status: 'ready', value };
        this.render();
      },
      (error: unknown) => {
        this.progress = { status: 'error', message: messageOf(error, this.options.store.get().lang) };
        this.render();
      },
    );
  }

  private render(): void {
    if (!this.body || !this.planSelect || !this.planLabel || !this.dateLabel) return;
    const state = this.options.store.get();
    const { lang } = state;
    this.planLabel.textContent = t(lang, 'ind.plan');
    this.dateLabel.textContent = t(lang, 'ind.date');
    if (this.dateInput && document.activeElement !== this.dateInput) this.dateInput.value = this.dateError ? this.dateInput.value : displayDate(lang, this.asOf);
    if (this.dateInput) {
      this.dateInput.placeholder = DATE_PATTERN[lang];
      this.dateInput.setAttribute('aria-invalid', String(this.dateError));
    }
    if (this.dateFormat) this.dateFormat.textContent = this.dateError ? t(lang, 'ind.dateInvalid', { pattern: DATE_PATTERN[lang] }) : t(lang, 'ind.dateFormat', { pattern: DATE_PATTERN[lang] });
    this.dateFormat?.classList.toggle('lc-hint--error', this.dateError);
    this.renderLinks(lang);

    if (this.plans.status === 'ready') {
      const current = this.planSelect.value;
      this.planSelect.replaceChildren(...this.plans.value.map((plan) =>
        el('option', { text: `${lang === 'zh-CN' ? plan.name.zh : plan.name.en} (${plan.period.from}–${plan.period.to})`, attrs: { value: plan.id } })));
      if (current && this.plans.value.some((plan) => plan.id === current)) this.planSelect.value = current;
    }

    const parts: HTMLElement[] = [];
    if (this.plans.status === 'error') parts.push(el('p', { className: 'lc-hint lc-hint--error', text: t(lang, 'ind.error', { message: this.plans.message }) }));
    if (this.plans.status === 'ready' && this.plans.value.length === 0) parts.push(el('p', { className: 'lc-hint', text: t(lang, 'ind.noPlans') }));
    if (this.evaluation.status === 'loading' || this.plans.status === 'loading') parts.push(el('p', { className: 'lc-hint', text: t(lang, 'ind.loading'), attrs: { role: 'status' } }));
    if (this.evaluation.status === 'error') parts.push(el('p', { className: 'lc-hint lc-hint--error', text: t(lang, 'ind.error', { message: this.evaluation.message }), attrs: { role: 'alert' } }));
    if (this.evaluation.status === 'ready') parts.push(...this.evaluationParts(this.evaluation.value, state));
    const curve = this.curvePart(state);
    if (curve) parts.push(curve);
    this.body.replaceChildren(...parts);
  }

  /** The printable report and the evaluation as CSV / XLSX, for the plan and date shown (the baseline's). */
  private renderLinks(lang: Lang): void {
    if (!this.links) return;
    const plan = this.selectedPlan();
    if (!plan) {
      this.links.replaceChildren();
      return;
    }
    const query = (format: string) => {
      const params = new URLSearchParams({ format, lang: format === 'html' ? (lang === 'zh-CN' ? 'zh' : 'en') : lang });
      if (this.asOf) params.set('as_of', this.asOf);
      if (format === 'html') params.set('progress', `${plan.period.from}-${plan.period.to}`);
      return this.options.api.url(`plans/${encodeURIComponent(plan.id)}/evaluation?${params.toString()}`);
    };
    this.links.replaceChildren(
      el('a', { className: 'lc-button lc-button--quiet', testId: 'indicators-report', text: t(lang, 'ind.report'), attrs: { href: query('html'), target: '_blank', rel: 'noopener' } }),
      el('a', { className: 'lc-button lc-button--quiet', testId: 'indicators-export-csv', text: t(lang, 'table.export.csv'), attrs: { href: query('csv'), download: '' } }),
      el('a', { className: 'lc-button lc-button--quiet', testId: 'indicators-export-xlsx', text: t(lang, 'table.export.xlsx'), attrs: { href: query('xlsx'), download: '' } }),
    );
  }

  private evaluationParts(evaluation: PlanEvaluation, state: AppState): HTMLElement[] {
    const { lang } = state;
    const parts: HTMLElement[] = [];
    const summary = evaluation.summary;
    const facts = [t(lang, 'legend.asOf', { date: formatDate(lang, evaluation.as_of) })];
    if (summary) {
      facts.push(t(lang, 'ind.summary', {
        met: formatNumber(lang, summary.met ?? 0, 0),
        notMet: formatNumber(lang, summary.not_met ?? 0, 0),
        due: formatNumber(lang, summary.not_yet_due ?? 0, 0),
        noData: formatNumber(lang, summary.no_data ?? 0, 0),
        notApplicable: formatNumber(lang, summary.not_applicable ?? 0, 0),
      }));
    }
    if (state.scenario) facts.push(t(lang, 'ind.scenario', { name: state.scenario.name }));
    parts.push(el('p', { className: 'lc-hint', text: facts.join(' · '), testId: 'indicators-summary' }));

    const items = evaluation.targets.map((target) => {
      const view = targetView(target, lang);
      const children: (HTMLElement | string)[] = [
        el('div', { className: 'lc-target__head' }, [
          el('span', { className: `lc-badge lc-badge--${view.status}`, text: view.statusLabel }),
          el('span', { className: 'lc-target__text', text: view.text }),
        ]),
        el('p', { className: 'lc-target__value', text: view.valueLine }),
      ];
      if (view.shortfall) children.push(el('p', { className: 'lc-target__shortfall', text: view.shortfall }));
      if (view.note) children.push(el('p', { className: 'lc-target__shortfall', text: view.note, testId: 'indicator-note' }));
      if (view.failing.length > 0) {
        const buttons = view.failing.slice(0, MAX_FAILING).map((unit) =>
          el('li', {}, [el('button', { className: 'lc-link-button', text: unit.name, testId: 'failing-unit', attrs: { type: 'button', 'data-unit': unit.code, title: unit.reason } })]));
        if (view.failingCount > MAX_FAILING) buttons.push(el('li', { className: 'lc-hint', text: t(lang, 'ind.more', { count: formatNumber(lang, view.failingCount - MAX_FAILING, 0) }) }));
        children.push(el('p', { className: 'lc-target__failing-title', text: t(lang, 'ind.failing', { count: formatNumber(lang, view.failingCount, 0) }) }));
        children.push(el('ul', { className: 'lc-target__failing' }, buttons));
      }
      if (target.computed) {
        children.push(el('button', { className: 'lc-link-button lc-target__chart', text: t(lang, 'ind.progress'), attrs: { type: 'button', 'data-chart-target': target.id, 'aria-pressed': String(this.currentChartTarget(evaluation) === target.id) } }));
      }
      return el('li', { className: 'lc-target', testId: 'indicator-target', attrs: { 'data-target-id': target.id, 'data-status': view.status } }, children);
    });
    // The chart first (it follows the target picked below), then the targets.
    const chart = this.progressPart(evaluation, lang);
    if (chart) parts.push(chart);
    parts.push(el('ol', { className: 'lc-targets', testId: 'indicator-targets' }, items));
    return parts;
  }

  private currentChartTarget(evaluation: PlanEvaluation): string | null {
    return this.chartTarget ?? evaluation.targets.find((target) => target.computed && target.value !== null)?.id ?? null;
  }

  private progressPart(evaluation: PlanEvaluation, lang: Lang): HTMLElement | null {
    if (this.progress.status !== 'ready') return null;
    const targetId = this.currentChartTarget(evaluation);
    if (!targetId) return null;
    const series = progressSeries(this.progress.value, targetId);
    const target = evaluation.targets.find((candidate) => candidate.id === targetId);
    if (!series || !target) return null;
    const text = lang === 'zh-CN' ? target.text.zh : target.text.en;
    const model = lineChart(series.points, { threshold: series.threshold });
    const unit = lang === 'zh-CN' ? target.unit_zh : target.unit;
    return el('figure', { className: 'lc-figure' }, [
      el('figcaption', { className: 'lc-field__label', text: t(lang, 'ind.progressFor', { target: text }) }),
      renderChart(model, {
        label: t(lang, 'ind.progressFor', { target: text }),
        formatX: (year) => String(year),
        formatY: (value) => formatFigure(lang, value),
        testId: 'progress-chart',
        thresholdLabel: `${t(lang, 'ind.chartThreshold')}: ${series.threshold === null ? '—' : formatFigure(lang, series.threshold)} ${unit}`,
      }) as unknown as HTMLElement,
    ]);
  }

  private curvePart(state: AppState): HTMLElement | null {
    const curve = state.sitingCurve;
    if (!curve || curve.length === 0) return null;
    const { lang } = state;
    const model = lineChart(curve.map((point) => ({ x: point.k, y: point.value })), { includeZero: false });
    return el('figure', { className: 'lc-figure' }, [
      el('figcaption', { className: 'lc-field__label', text: t(lang, 'ind.curve') }),
      renderChart(model, {
        label: `${t(lang, 'ind.curve')} (${t(lang, 'ind.curveAxis')})`,
        formatX: (k) => formatNumber(lang, k, 0),
        formatY: (value) => formatPercent(lang, value, 0),
        testId: 'curve-chart',
      }) as unknown as HTMLElement,
    ]);
  }
}

function messageOf(error: unknown, lang: Lang): string {
  return errorText(lang, error);
}
