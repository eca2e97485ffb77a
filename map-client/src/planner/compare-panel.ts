// The scenario's numbers: GET /api/scenarios/{id}/compare, read into a before/after panel — the
// city's covered households and rate, each unit whose figures change (click to fly there) and, with
// a plan, each target whose value or status changes. Fetched when asked, then again on each edit
// while open. Download links (CSV, XLSX) carry the same query.
import type { ApiClient } from '../api/client.ts';
import { errorText } from '../api/error-messages.ts';
import { fetchPlans, type PlanSummary } from '../api/endpoints.ts';
import { changedRows, changedTargets, comparePath, type ScenarioComparison } from './compare-figures.ts';
import { el, uniqueId } from '../controls/dom.ts';
import { comparatorSign, formatFigure } from '../indicators/target-view.ts';
import { facilityTypeName, formatDate, formatNumber, formatPercent, formatSigned, t, type Lang } from '../i18n.ts';
import type { AppState, Store } from '../state.ts';
import { planHorizon } from './plan-dates.ts';

type Load = { status: 'closed' } | { status: 'loading' } | { status: 'ready'; value: ScenarioComparison; key: string } | { status: 'error'; message: string };

export interface ComparePanelOptions {
  store: Store;
  api: ApiClient;
  /** Flies the map to a unit. */
  onUnit: (level: string, code: string) => void;
}

export class ComparePanel {
  readonly element: HTMLElement;
  private readonly options: ComparePanelOptions;
  private load: Load = { status: 'closed' };
  private plans: PlanSummary[] | null = null;
  private plan: string = '';
  private level: 'street' | 'community' | 'district' = 'street';
  private controller: AbortController | null = null;

  constructor(options: ComparePanelOptions) {
    this.options = options;
    this.element = el('div', { className: 'lc-before-after', testId: 'before-after' });
    this.element.addEventListener('click', this.onClick);
    this.element.addEventListener('change', this.onChange);
  }

  /** Called by the planner panel on every state change. */
  update(state: AppState, previous: AppState | null): void {
    const changed = !previous || state.scenario?.revision !== previous.scenario?.revision || state.scenario?.id !== previous.scenario?.id
      || state.selectedType !== previous.selectedType || state.lang !== previous.lang;
    if (!changed) return;
    if (!state.scenario) this.load = { status: 'closed' };
    else if (this.load.status !== 'closed' && (state.scenario?.revision !== previous?.scenario?.revision || state.scenario?.id !== previous?.scenario?.id || state.selectedType !== previous?.selectedType)) void this.fetch();
    this.render();
  }

  private query(state: AppState): { type: string; level: string; plan: string | null; asOf: string | null } | null {
    if (!state.selectedType) return null;
    const plan = this.plans?.find((p) => p.id === this.plan) ?? null;
    return { type: state.selectedType, level: this.level, plan: plan?.id ?? null, asOf: plan ? planHorizon(plan) : null };
  }

  private readonly onClick = (event: MouseEvent): void => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-action], [data-unit], [data-download]');
    if (!target) return;
    if (target instanceof HTMLAnchorElement && target.dataset.download) {
      // A private scenario needs the planner's token: fetch with it and save the answer.
      event.preventDefault();
      void this.download(target.href);
      return;
    }
    if (target.dataset.action === 'compare-run') void this.fetch();
    if (target.dataset.action === 'compare-close') {
      this.controller?.abort();
      this.load = { status: 'closed' };
      this.render();
    }
    if (target.dataset.unit) this.options.onUnit(this.level, target.dataset.unit);
  };

  private readonly onChange = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    if (select.dataset.testid === 'compare-plan') this.plan = select.value;
    else if (select.dataset.testid === 'compare-level') this.level = select.value as typeof this.level;
    else return;
    if (this.load.status !== 'closed') void this.fetch();
    else this.render();
  };

  private async download(href: string): Promise<void> {
    const token = this.options.store.get().auth?.token;
    try {
      const response = await fetch(href, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new Error(`${response.status}`);
      const disposition = response.headers.get('content-disposition') ?? '';
      const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
      const name = star ? decodeURIComponent(star) : /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'compare';
      const url = URL.createObjectURL(await response.blob());
      const a = el('a', { attrs: { href: url, download: name } });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.load = { status: 'error', message: errorText(this.options.store.get().lang, error) };
      this.render();
    }
  }

  private async fetch(): Promise<void> {
    const state = this.options.store.get();
    const { lang } = state;
    if (!state.scenario) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.load = { status: 'loading' };
    this.render();
    try {
      if (this.plans === null) {
        this.plans = await fetchPlans(this.options.api, controller.signal).catch(() => []);
        if (this.plan === '' && this.plans.length > 0) this.plan = this.plans[0]!.id;
      }
      const query = this.query(state);
      if (!query) {
        this.load = { status: 'error', message: t(lang, 'tool.needType') };
      } else {
        const path = comparePath(state.scenario.id, query);
        const value = (await this.options.api.getJson(path, controller.signal)) as ScenarioComparison;
        if (controller.signal.aborted) return;
        this.load = { status: 'ready', value, key: path };
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      this.load = { status: 'error', message: errorText(this.options.store.get().lang, error) };
    }
    this.render();
  }

  render(): void {
    const state = this.options.store.get();
    const { lang } = state;
    const parts: HTMLElement[] = [el('h2', { className: 'lc-section__title', text: t(lang, 'ba.title') })];
    if (this.load.status === 'closed') {
      parts.push(el('button', { className: 'lc-button', text: t(lang, 'ba.show'), testId: 'compare-run', attrs: { type: 'button', 'data-action': 'compare-run' } }));
      this.element.replaceChildren(...parts);
      return;
    }
    parts.push(this.controls(lang));
    if (this.load.status === 'loading') parts.push(el('p', { className: 'lc-hint', text: t(lang, 'ind.loading'), attrs: { role: 'status' } }));
    if (this.load.status === 'error') parts.push(el('p', { className: 'lc-hint lc-hint--error', testId: 'compare-error', text: this.load.message, attrs: { role: 'alert' } }));
    if (this.load.status === 'ready') parts.push(...this.figures(this.load.value, state));
    this.element.replaceChildren(...parts);
  }

  private controls(lang: Lang): HTMLElement {
    const planId = uniqueId('lc-compare-plan');
    const levelId = uniqueId('lc-compare-level');
    const plan = el('select', { className: 'lc-select', testId: 'compare-plan', attrs: { id: planId } }, [
      el('option', { text: t(lang, 'ba.noPlan'), attrs: { value: '' } }),
      ...(this.plans ?? []).map((p) => el('option', { text: lang === 'zh-CN' ? p.name.zh : p.name.en, attrs: { value: p.id } })),
    ]);
    plan.value = this.plan;
    const level = el('select', { className: 'lc-select', testId: 'compare-level', attrs: { id: levelId } },
      (['district', 'street', 'community'] as const).map((value) => el('option', { text: t(lang, `table.level.${value}`), attrs: { value } })));
    level.value = this.level;
    return el('div', { className: 'lc-row' }, [
      el('div', { className: 'lc-field lc-grow' }, [el('label', { className: 'lc-field__label', text: t(lang, 'ba.plan'), attrs: { for: planId } }), plan]),
      el('div', { className: 'lc-field' }, [el('label', { className: 'lc-field__label', text: t(lang, 'table.level'), attrs: { for: levelId } }), level]),
    ]);
  }

  private figures(c: ScenarioComparison, state: AppState): HTMLElement[] {
    const { lang } = state;
    // One decimal always, so a column of rates lines up (44.0 % beside 48.1 %).
    const percent = (value: number | null) => (value === null ? '—' : formatPercent(lang, value, 1, 1));
    const totals = el('table', { className: 'lc-table lc-table--compact', testId: 'compare-totals' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: '' }), el('th', { text: t(lang, 'compare.baseline') }), el('th', { text: t(lang, 'compare.scenario') }), el('th', { text: t(lang, 'ba.change') })])]),
      el('tbody', {}, [
        el('tr', { attrs: { 'data-key': 'households' } }, [
          el('th', { text: t(lang, 'ba.covered') }),
          el('td', { text: formatNumber(lang, c.totals.households_covered_before, 0) }),
          el('td', { text: formatNumber(lang, c.totals.households_covered_after, 0) }),
          el('td', { text: formatSigned(lang, c.totals.delta_households_covered, 0) }),
        ]),
        el('tr', { attrs: { 'data-key': 'rate' } }, [
          el('th', { text: t(lang, 'ba.rate') }),
          el('td', { text: percent(c.totals.rate_before) }),
          el('td', { text: percent(c.totals.rate_after) }),
          el('td', { text: c.totals.delta_rate === null ? '—' : t(lang, 'ba.points', { value: formatSigned(lang, c.totals.delta_rate * 100, 1) }) }),
        ]),
      ]),
    ]);
    const facts = el('p', { className: 'lc-hint', testId: 'compare-facts', text: t(lang, 'ba.facts', {
      type: facilityTypeName(lang, c.type, state.facilityTypes), date: formatDate(lang, c.as_of),
    }) });
    const rows = changedRows(c);
    const units = rows.length === 0
      ? el('p', { className: 'lc-hint', testId: 'compare-units-none', text: t(lang, 'ba.noUnits') })
      : el('table', { className: 'lc-table lc-table--compact', testId: 'compare-units' }, [
          el('thead', {}, [el('tr', {}, [
            el('th', { text: t(lang, `table.level.${c.level}` as 'table.level.street') }),
            el('th', { text: t(lang, 'compare.baseline') }), el('th', { text: t(lang, 'compare.scenario') }), el('th', { text: t(lang, 'ba.households') }),
          ])]),
          el('tbody', {}, rows.map((u) => el('tr', { className: 'lc-table__row', testId: 'compare-unit', attrs: { 'data-unit': u.code, tabindex: '0' } }, [
            el('td', { text: u.name }),
            el('td', { text: percent(u.rate_before) }),
            el('td', { text: percent(u.rate_after) }),
            el('td', { text: formatSigned(lang, u.delta_households_covered, 0) }),
          ]))),
        ]);
    const parts: HTMLElement[] = [facts, totals, el('h3', { className: 'lc-subtitle', text: t(lang, 'ba.units', { count: formatNumber(lang, rows.length, 0) }) }), units];
    if (c.plan) {
      const targets = changedTargets(c);
      parts.push(el('h3', { className: 'lc-subtitle', text: t(lang, 'ba.targets', { before: formatNumber(lang, c.plan.met_before, 0), after: formatNumber(lang, c.plan.met_after, 0), count: formatNumber(lang, c.plan.targets.length, 0) }) }));
      if (targets.length === 0) parts.push(el('p', { className: 'lc-hint', testId: 'compare-targets-none', text: t(lang, 'ba.noTargets') }));
      else {
        parts.push(el('ul', { className: 'lc-ba-targets', testId: 'compare-targets' }, targets.map((target) => {
          const unit = lang === 'zh-CN' ? target.unit_zh ?? target.unit : target.unit;
          const figure = (value: number | null) => (value === null ? '—' : formatFigure(lang, value));
          return el('li', { testId: 'compare-target', attrs: { 'data-target': target.id, 'data-status-after': target.status_after } }, [
            el('span', { className: 'lc-ba-targets__text', text: lang === 'zh-CN' ? target.text.zh : target.text.en }),
            el('span', { className: 'lc-ba-targets__figures', text: t(lang, 'ba.target', {
              before: figure(target.value_before), after: figure(target.value_after), comparator: comparatorSign(target.comparator),
              threshold: target.threshold === null ? '—' : formatFigure(lang, target.threshold), unit,
              status: `${t(lang, `ind.status.${target.status_before}` as 'ind.status.met')} → ${t(lang, `ind.status.${target.status_after}` as 'ind.status.met')}`,
            }) }),
          ]);
        })));
      }
    }
    const query = this.query(state);
    if (query && state.scenario) {
      parts.push(el('div', { className: 'lc-row' }, (['csv', 'xlsx'] as const).map((format) => el('a', {
        className: 'lc-button lc-button--quiet', text: t(lang, `table.export.${format}`), testId: `compare-export-${format}`,
        attrs: { href: this.options.api.url(comparePath(state.scenario!.id, query, format, lang)), 'data-download': format },
      }))));
    }
    parts.push(el('button', { className: 'lc-link-button', text: t(lang, 'ba.hide'), testId: 'compare-close', attrs: { type: 'button', 'data-action': 'compare-close' } }));
    return parts;
  }
}
