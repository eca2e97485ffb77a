// Facility-type picker: a labelled <select> of "all" + every type (name in the current language,
// with its facility count). Sets `selectedType` in the store; the map binding applies the filter.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { facilityTypeName, formatNumber, t } from '../i18n.ts';
import type { AppState, Store } from '../state.ts';
import { el, uniqueId } from './dom.ts';

export interface TypePickerControlOptions {
  store: Store;
}

/** The <select> value meaning "all types". */
export const ALL_TYPES = '';

export class TypePickerControl implements IControl {
  private readonly store: Store;
  private container: HTMLElement | null = null;
  private label: HTMLLabelElement | null = null;
  private select: HTMLSelectElement | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: TypePickerControlOptions) {
    this.store = options.store;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    const id = uniqueId('lc-type-picker');
    this.label = el('label', { className: 'lc-field__label', attrs: { for: id } });
    this.select = el('select', { className: 'lc-select', testId: 'type-picker', attrs: { id } });
    this.select.addEventListener('change', this.onChange);
    this.container = el('div', { className: 'lc-field' }, [this.label, this.select]);
    this.unsubscribe = this.store.subscribe(this.onState);
    this.render(this.store.get());
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.select?.removeEventListener('change', this.onChange);
    this.container?.remove();
    this.container = this.label = this.select = null;
  }

  private readonly onChange = (): void => {
    const value = this.select?.value ?? ALL_TYPES;
    this.store.update({ selectedType: value === ALL_TYPES ? null : value });
  };

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
    if (!this.select || !this.label) return;
    this.label.textContent = t(state.lang, 'typePicker.label');
    const options = [el('option', { text: t(state.lang, 'typePicker.all'), attrs: { value: ALL_TYPES } })];
    for (const type of state.facilityTypes) {
      const count = state.facilityCounts[type.code] ?? 0;
      const name = facilityTypeName(state.lang, type.code, state.facilityTypes);
      options.push(el('option', { text: `${name} (${formatNumber(state.lang, count, 0)})`, attrs: { value: type.code } }));
    }
    this.select.replaceChildren(...options);
    this.select.value = state.selectedType ?? ALL_TYPES;
  }
}
