// Search by name or code: a combobox (WAI-ARIA 1.2 pattern) over districts, streets and
// communities. Arrow keys move through the results, Enter picks, Escape clears. Picking calls
// `onPick` (main zooms to the place and opens or focuses it).
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { t } from '../i18n.ts';
import { searchPlaces, type Place } from '../search/place-index.ts';
import type { AppState, Store } from '../state.ts';
import { el, uniqueId } from './dom.ts';
import { followStore } from './follow-store.ts';

export interface SearchControlOptions {
  store: Store;
  /** The current index (grows when the community list arrives). */
  places: () => readonly Place[];
  /** True while more places are still loading. */
  loading: () => boolean;
  onPick: (place: Place) => void;
}

export class SearchControl implements IControl {
  private readonly options: SearchControlOptions;
  private container: HTMLElement | null = null;
  private label: HTMLLabelElement | null = null;
  private input: HTMLInputElement | null = null;
  private list: HTMLUListElement | null = null;
  private results: Place[] = [];
  private active = -1;
  /** True from a pick until the next keystroke: the input holds the picked name, not a query. */
  private picked = false;
  private unsubscribe: (() => void) | null = null;

  constructor(options: SearchControlOptions) {
    this.options = options;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    const id = uniqueId('lc-search');
    const listId = uniqueId('lc-search-list');
    this.label = el('label', { className: 'lc-field__label', attrs: { for: id } });
    this.input = el('input', {
      className: 'lc-input',
      testId: 'search',
      attrs: { id, type: 'search', role: 'combobox', autocomplete: 'off', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId },
    });
    this.list = el('ul', { className: 'lc-search__results', testId: 'search-results', attrs: { id: listId, role: 'listbox' } });
    this.list.hidden = true;
    this.input.addEventListener('input', this.onInput);
    this.input.addEventListener('keydown', this.onKeyDown);
    this.list.addEventListener('mousedown', this.onListMouseDown);
    this.container = el('div', { className: 'lc-field lc-search' }, [this.label, this.input, this.list]);
    this.unsubscribe = followStore(this.options.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.input?.removeEventListener('input', this.onInput);
    this.input?.removeEventListener('keydown', this.onKeyDown);
    this.list?.removeEventListener('mousedown', this.onListMouseDown);
    this.container?.remove();
    this.container = this.label = this.input = this.list = null;
  }

  /** Re-runs the current query (the index grew). */
  refresh(): void {
    if (this.input && this.input.value.trim() !== '' && !this.picked) this.update();
  }

  private readonly onInput = (): void => {
    this.active = -1;
    this.picked = false;
    this.update();
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (this.results.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.results.length) % this.results.length;
      this.renderList();
    } else if (event.key === 'Enter') {
      const place = this.results[this.active === -1 ? 0 : this.active];
      if (place) {
        event.preventDefault();
        this.pick(place);
      }
    } else if (event.key === 'Escape') {
      if (this.input) this.input.value = '';
      this.picked = false;
      this.results = [];
      this.renderList();
    }
  };

  private readonly onListMouseDown = (event: MouseEvent): void => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!item) return;
    event.preventDefault(); // keep the focus in the input
    const place = this.results[Number(item.dataset.index)];
    if (place) this.pick(place);
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.lang !== previous.lang) this.render(state);
  };

  private pick(place: Place): void {
    if (this.input) this.input.value = place.name;
    this.picked = true;
    this.active = -1;
    this.results = [];
    this.renderList();
    this.options.onPick(place);
  }

  private update(): void {
    this.results = searchPlaces(this.options.places(), this.input?.value ?? '');
    this.renderList();
  }

  private render(state: AppState): void {
    if (this.label) this.label.textContent = t(state.lang, 'search.label');
    if (this.input) this.input.placeholder = t(state.lang, 'search.placeholder');
    this.renderList();
  }

  private renderList(): void {
    if (!this.list || !this.input) return;
    const { lang } = this.options.store.get();
    const query = this.input.value.trim();
    const items = this.results.map((place, index) => {
      const item = el('li', {
        className: 'lc-search__item',
        attrs: { role: 'option', id: `${this.list!.id}-${index}`, 'data-index': String(index), 'data-code': place.code, 'aria-selected': String(index === this.active) },
      }, [el('span', { className: 'lc-search__name', text: place.name }), el('span', { className: 'lc-search__kind', text: `${t(lang, `search.kind.${place.kind}`)} · ${place.code}` })]);
      return item;
    });
    if (query !== '' && items.length === 0 && !this.picked) {
      items.push(el('li', { className: 'lc-search__empty', text: t(lang, this.options.loading() ? 'search.loading' : 'search.none') }));
    }
    this.list.replaceChildren(...items);
    this.list.hidden = items.length === 0;
    this.input.setAttribute('aria-expanded', String(this.results.length > 0));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.list.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }
}
