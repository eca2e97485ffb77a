// Legend: facility colours per type (swatch size = level), the planned/closed symbols and a hint.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { facilityTypeName, t } from '../i18n.ts';
import { facilityTypeColor } from '../map/palette.ts';
import type { AppState, Store } from '../state.ts';
import { el } from './dom.ts';

export interface LegendControlOptions {
  store: Store;
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
    this.unsubscribe = this.store.subscribe(this.onState);
    this.render(this.store.get());
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
      state.lang !== previous.lang ||
      state.facilityTypes !== previous.facilityTypes ||
      state.facilityCounts !== previous.facilityCounts ||
      state.selectedType !== previous.selectedType
    ) {
      this.render(state);
    }
  };

  private render(state: AppState): void {
    if (!this.container) return;
    const { lang } = state;
    const items = state.facilityTypes.map((type) => {
      const swatch = el('span', { className: `lc-swatch lc-swatch--${type.level}`, attrs: { 'aria-hidden': 'true' } });
      swatch.style.backgroundColor = facilityTypeColor(type.code);
      const item = el('li', { className: 'lc-legend__item', attrs: { 'data-type': type.code } }, [
        el('span', { className: 'lc-legend__swatch-box' }, [swatch]),
        el('span', { text: facilityTypeName(lang, type.code, state.facilityTypes) }),
      ]);
      const empty = (state.facilityCounts[type.code] ?? 0) === 0;
      const dimmed = state.selectedType !== null && state.selectedType !== type.code;
      if (empty || dimmed) item.classList.add('lc-legend__item--muted');
      return item;
    });
    const symbols = el('ul', { className: 'lc-legend__symbols' }, [
      el('li', {}, [el('span', { className: 'lc-symbol lc-symbol--open', attrs: { 'aria-hidden': 'true' } }), t(lang, 'status.open')]),
      el('li', {}, [el('span', { className: 'lc-symbol lc-symbol--planned', attrs: { 'aria-hidden': 'true' } }), t(lang, 'status.planned')]),
      el('li', {}, [el('span', { className: 'lc-symbol lc-symbol--closed', attrs: { 'aria-hidden': 'true' } }), t(lang, 'status.closed')]),
    ]);
    this.container.replaceChildren(
      el('h2', { className: 'lc-section__title', text: t(lang, 'legend.title') }),
      el('ul', { className: 'lc-legend__types' }, items),
      symbols,
      el('p', { className: 'lc-hint', text: t(lang, 'legend.levelHint') }),
    );
  }
}
