// Language switch: two toggle buttons (中文 / English). Sets `lang` in the store.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { LANG_NAMES, LANGS, t, type Lang } from '../i18n.ts';
import type { AppState, Store } from '../state.ts';
import { el } from './dom.ts';
import { followStore } from './follow-store.ts';

export interface LanguageControlOptions {
  store: Store;
}

export class LanguageControl implements IControl {
  private readonly store: Store;
  private container: HTMLElement | null = null;
  private buttons: HTMLButtonElement[] = [];
  private unsubscribe: (() => void) | null = null;

  constructor(options: LanguageControlOptions) {
    this.store = options.store;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    this.buttons = LANGS.map((lang) =>
      el('button', {
        className: 'lc-segmented__button',
        text: LANG_NAMES[lang],
        testId: `lang-${lang}`,
        attrs: { type: 'button', lang, 'data-lang': lang },
      }),
    );
    for (const button of this.buttons) button.addEventListener('click', this.onClick);
    this.container = el('div', { className: 'lc-segmented', testId: 'lang-switch', attrs: { role: 'group' } }, this.buttons);
    this.unsubscribe = followStore(this.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const button of this.buttons) button.removeEventListener('click', this.onClick);
    this.buttons = [];
    this.container?.remove();
    this.container = null;
  }

  private readonly onClick = (event: MouseEvent): void => {
    const lang = (event.currentTarget as HTMLElement).dataset.lang as Lang | undefined;
    if (lang && lang !== this.store.get().lang) this.store.update({ lang });
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.lang !== previous.lang) this.render(state);
  };

  private render(state: AppState): void {
    this.container?.setAttribute('aria-label', t(state.lang, 'lang.label'));
    for (const button of this.buttons) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
    }
  }
}
