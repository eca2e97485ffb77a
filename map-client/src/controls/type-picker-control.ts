// Facility-type picker: a labelled <select> of "all" + every type (name in the current language,
// with its facility count); for types with a capacity, a choice of what colours the communities
// (coverage rate or 2SFCA accessibility); and how distance is measured (straight line or walking
// along the streets). Sets `selectedType`, `theme` and `mode`.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { accessProfileFor } from '../access-profiles.ts';
import { facilityTypeName, formatNumber, t } from '../i18n.ts';
import type { AppState, DistanceMode, Store, Theme } from '../state.ts';
import { checkRows, el, uniqueId, type CheckRow } from './dom.ts';
import { changed, followStore } from './follow-store.ts';

export interface TypePickerControlOptions {
  store: Store;
}

/** The <select> value meaning "all types". */
export const ALL_TYPES = '';

const THEMES: readonly Theme[] = ['coverage', 'access'];
const MODES: readonly DistanceMode[] = ['straight', 'walk'];

export class TypePickerControl implements IControl {
  private readonly store: Store;
  private container: HTMLElement | null = null;
  private label: HTMLLabelElement | null = null;
  private select: HTMLSelectElement | null = null;
  private themes: HTMLFieldSetElement | null = null;
  private themeLegend: HTMLLegendElement | null = null;
  private themeInputs = new Map<Theme, CheckRow>();
  private modes: HTMLFieldSetElement | null = null;
  private modeLegend: HTMLLegendElement | null = null;
  private modeInputs = new Map<DistanceMode, CheckRow>();
  private unsubscribe: (() => void) | null = null;

  constructor(options: TypePickerControlOptions) {
    this.store = options.store;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    const id = uniqueId('lc-type-picker');
    const group = uniqueId('lc-theme');
    this.label = el('label', { className: 'lc-field__label', attrs: { for: id } });
    this.select = el('select', { className: 'lc-select', testId: 'type-picker', attrs: { id } });
    this.select.addEventListener('change', this.onChange);
    this.themeLegend = el('legend', { className: 'lc-field__label' });
    const themes = checkRows(THEMES, (theme) => ({ testId: `theme-${theme}`, attrs: { type: 'radio', name: group, value: theme } }), this.onTheme);
    this.themeInputs = themes.rows;
    this.themes = el('fieldset', { className: 'lc-section lc-themes', testId: 'theme-picker' }, [this.themeLegend, ...themes.labels]);
    const modeGroup = uniqueId('lc-mode');
    this.modeLegend = el('legend', { className: 'lc-field__label' });
    const modes = checkRows(MODES, (mode) => ({ testId: `mode-${mode}`, attrs: { type: 'radio', name: modeGroup, value: mode } }), this.onMode);
    this.modeInputs = modes.rows;
    this.modes = el('fieldset', { className: 'lc-section lc-themes lc-themes--row', testId: 'mode-picker' }, [this.modeLegend, ...modes.labels]);
    this.container = el('div', { className: 'lc-field' }, [this.label, this.select, this.themes, this.modes]);
    this.unsubscribe = followStore(this.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.select?.removeEventListener('change', this.onChange);
    for (const { input } of this.themeInputs.values()) input.removeEventListener('change', this.onTheme);
    for (const { input } of this.modeInputs.values()) input.removeEventListener('change', this.onMode);
    this.themeInputs.clear();
    this.modeInputs.clear();
    this.container?.remove();
    this.container = this.label = this.select = this.themes = this.themeLegend = this.modes = this.modeLegend = null;
  }

  private readonly onChange = (): void => {
    const value = this.select?.value ?? ALL_TYPES;
    this.store.update({ selectedType: value === ALL_TYPES ? null : value });
  };

  private readonly onTheme = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.checked) this.store.update({ theme: input.value as Theme });
  };

  private readonly onMode = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.checked) this.store.update({ mode: input.value as DistanceMode });
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (changed(state, previous, ['lang', 'facilityTypes', 'facilityCounts', 'selectedType', 'theme', 'mode'])) this.render(state);
  };

  private render(state: AppState): void {
    if (!this.select || !this.label) return;
    const { lang } = state;
    this.label.textContent = t(lang, 'typePicker.label');
    const options = [el('option', { text: t(lang, 'typePicker.all'), attrs: { value: ALL_TYPES } })];
    for (const type of state.facilityTypes) {
      const count = state.facilityCounts[type.code];
      const name = facilityTypeName(lang, type.code, state.facilityTypes);
      const text = count === undefined ? name : `${name} (${formatNumber(lang, count, 0)})`;
      options.push(el('option', { text, attrs: { value: type.code } }));
    }
    this.select.replaceChildren(...options);
    this.select.value = state.selectedType ?? ALL_TYPES;

    const hasAccess = accessProfileFor(state.selectedType) !== null;
    if (this.themes) this.themes.hidden = !hasAccess;
    if (this.themeLegend) this.themeLegend.textContent = t(lang, 'theme.label');
    for (const [theme, { input, text }] of this.themeInputs) {
      text.textContent = t(lang, theme === 'coverage' ? 'theme.coverage' : 'theme.access');
      input.checked = theme === (hasAccess ? state.theme : 'coverage');
    }
    // Accessibility is straight-line only (the API has no walking 2SFCA yet).
    const accessShown = hasAccess && state.theme === 'access';
    if (this.modes) this.modes.hidden = state.selectedType === null || accessShown;
    if (this.modeLegend) this.modeLegend.textContent = t(lang, 'mode.label');
    for (const [mode, { input, text }] of this.modeInputs) {
      text.textContent = t(lang, mode === 'walk' ? 'mode.walk' : 'mode.straight');
      input.checked = mode === state.mode;
    }
  }
}
