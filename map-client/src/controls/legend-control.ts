// Legend: the community colour scale in the value's own terms ("% of households within 300 m of a
// health station"), with the date, the city figure and the scenario; the gaps and reach symbols
// when shown; then facility colours per type (swatch size = level) and the status symbols.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { facilityTypeName, formatDate, formatNumber, formatPercent, t, type Lang } from '../i18n.ts';
import { facilityTypeColor, isRingedType, MAP_COLORS } from '../map/palette.ts';
import { legendEntries } from '../map/scales.ts';
import type { AppState, Store } from '../state.ts';
import { scaleFor } from '../thematic.ts';
import { el } from './dom.ts';
import { changed, followStore } from './follow-store.ts';

export interface LegendControlOptions {
  store: Store;
}

/** The scale's title in the value's terms. */
export function scaleTitle(state: AppState): string {
  const { lang, thematic } = state;
  if (thematic.status !== 'ready') return '';
  if (thematic.theme === 'access') {
    const per = formatNumber(lang, thematic.per ?? 1, 0);
    return t(lang, thematic.types.includes('health_center') ? 'legend.accessHealthTitle' : 'legend.accessElderlyTitle', { per });
  }
  const type = facilityTypeName(lang, thematic.types[0] ?? '', state.facilityTypes);
  return t(lang, thematic.mode === 'walk' ? 'legend.coverageWalkTitle' : 'legend.coverageTitle', { reach: formatNumber(lang, thematic.reachM[0] ?? 0, 0), type });
}

function formatValue(lang: Lang, kind: 'coverage' | 'access', value: number): string {
  return kind === 'coverage' ? formatPercent(lang, value, 0) : formatNumber(lang, value, 2);
}

export class LegendControl implements IControl {
  private readonly store: Store;
  private container: HTMLElement | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: LegendControlOptions) {
    this.store = options.store;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    this.container = el('section', { className: 'lc-section lc-legend', testId: 'legend' });
    this.unsubscribe = followStore(this.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.container?.remove();
    this.container = null;
  }

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (
      changed(state, previous, ['lang', 'facilityTypes', 'facilityCounts', 'selectedType', 'thematic', 'gaps', 'focus', 'visible']) ||
      state.scenario?.name !== previous.scenario?.name
    ) {
      this.render(state);
    }
  };

  private scaleSection(state: AppState): HTMLElement {
    const { lang, thematic } = state;
    const section = el('div', { className: 'lc-legend__scale', testId: 'legend-scale', attrs: { 'data-status': thematic.status } });
    if (thematic.status !== 'off') section.dataset.key = thematic.key;
    if (thematic.status === 'off') {
      section.append(el('p', { className: 'lc-hint', text: t(lang, 'legend.neutral') }));
      return section;
    }
    if (thematic.status === 'loading') {
      section.append(el('p', { className: 'lc-hint', text: t(lang, 'legend.loading'), attrs: { role: 'status' } }));
      return section;
    }
    if (thematic.status === 'error') {
      section.append(el('p', { className: 'lc-hint lc-hint--error', text: t(lang, 'legend.error', { message: thematic.message, code: thematic.code }), attrs: { role: 'alert' } }));
      return section;
    }
    const scale = scaleFor(thematic)!;
    const entries = legendEntries(scale, (value) => formatValue(lang, scale.kind, value), t(lang, 'legend.noData'));
    const items = entries.map((entry) => {
      const swatch = el('span', { className: 'lc-ramp__swatch', attrs: { 'aria-hidden': 'true' } });
      swatch.style.backgroundColor = entry.color;
      const label = entry.fromTarget ? `${entry.label} (${t(lang, 'legend.target')})` : entry.label;
      return el('li', { className: 'lc-ramp__item', attrs: { 'data-color': entry.color } }, [swatch, el('span', { text: label })]);
    });
    const facts: string[] = [t(lang, 'legend.asOf', { date: formatDate(lang, thematic.asOf) })];
    if (thematic.total !== null) facts.push(t(lang, 'legend.total', { value: formatValue(lang, scale.kind, thematic.total) }));
    if (thematic.theme === 'coverage' && state.scenario) facts.push(t(lang, 'legend.scenario', { name: state.scenario.name }));
    section.append(
      el('h3', { className: 'lc-legend__title', text: scaleTitle(state), testId: 'legend-title' }),
      // 2SFCA pools the capacity of a family of types: say which, so no type is counted silently.
      ...(thematic.theme === 'access' ? [el('p', { className: 'lc-hint', testId: 'legend-counts', text: t(lang, 'legend.accessCounts', {
        types: thematic.types.map((code) => facilityTypeName(lang, code, state.facilityTypes)).join(lang === 'zh-CN' ? '、' : ', '),
      }) })] : []),
      el('ul', { className: 'lc-ramp' }, items),
      el('p', { className: 'lc-hint', text: facts.join(' · '), testId: 'legend-facts' }),
    );
    return section;
  }

  private overlaySection(state: AppState): HTMLElement | null {
    const { lang } = state;
    if (state.selectedType === null) return null;
    const items: HTMLElement[] = [];
    const type = state.facilityTypes.find((candidate) => candidate.code === state.selectedType);
    if (state.visible.reach && type) {
      const swatch = el('span', { className: 'lc-symbol lc-symbol--reach', attrs: { 'aria-hidden': 'true' } });
      swatch.style.borderColor = MAP_COLORS.reachLine;
      items.push(el('li', {}, [swatch, t(lang, 'legend.reach', { reach: formatNumber(lang, type.reach_m, 0) })]));
    }
    if (state.visible.gaps) {
      const swatch = el('span', { className: 'lc-symbol lc-symbol--gap', attrs: { 'aria-hidden': 'true' } });
      swatch.style.backgroundColor = MAP_COLORS.gap;
      const name = state.focus?.name ?? '';
      const text = state.gaps.status === 'loading' ? t(lang, 'legend.gapsLoading', { name })
        : state.gaps.status === 'ready' ? t(lang, 'legend.gaps', { name })
        : t(lang, 'legend.gapsHint');
      items.push(el('li', { testId: 'legend-gaps', attrs: { 'data-status': state.gaps.status } }, [swatch, text]));
    }
    return items.length > 0 ? el('ul', { className: 'lc-legend__symbols lc-legend__overlays' }, items) : null;
  }

  private render(state: AppState): void {
    if (!this.container) return;
    const { lang } = state;
    const items = state.facilityTypes.map((type) => {
      const ringed = isRingedType(type.code) ? ' lc-swatch--ringed' : '';
      const swatch = el('span', { className: `lc-swatch lc-swatch--${type.level}${ringed}`, attrs: { 'aria-hidden': 'true' } });
      swatch.style.backgroundColor = facilityTypeColor(type.code);
      const item = el('li', { className: 'lc-legend__item', attrs: { 'data-type': type.code } }, [
        el('span', { className: 'lc-legend__swatch-box' }, [swatch]),
        el('span', { text: facilityTypeName(lang, type.code, state.facilityTypes) }),
      ]);
      const empty = state.facilityCounts[type.code] === 0;
      const dimmed = state.selectedType !== null && state.selectedType !== type.code;
      if (empty || dimmed) item.classList.add('lc-legend__item--muted');
      return item;
    });
    const symbols = el('ul', { className: 'lc-legend__symbols' }, [
      el('li', {}, [el('span', { className: 'lc-symbol lc-symbol--open', attrs: { 'aria-hidden': 'true' } }), t(lang, 'status.open')]),
      el('li', {}, [el('span', { className: 'lc-symbol lc-symbol--planned', attrs: { 'aria-hidden': 'true' } }), t(lang, 'status.planned')]),
      el('li', {}, [el('span', { className: 'lc-symbol lc-symbol--closed', attrs: { 'aria-hidden': 'true' } }), t(lang, 'status.closed')]),
    ]);
    const overlays = this.overlaySection(state);
    this.container.replaceChildren(
      el('h2', { className: 'lc-section__title', text: t(lang, 'legend.title') }),
      this.scaleSection(state),
      ...(overlays ? [overlays] : []),
      el('h3', { className: 'lc-legend__title', text: t(lang, 'legend.facilities') }),
      el('ul', { className: 'lc-legend__types' }, items),
      symbols,
      el('p', { className: 'lc-hint', text: t(lang, 'legend.levelHint') }),
    );
  }
}
