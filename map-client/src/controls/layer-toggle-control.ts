// Layer toggles: one labelled checkbox per layer group. Sets `visible` in the store.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { t, type MessageKey } from '../i18n.ts';
import { LAYER_GROUPS, type LayerGroup } from '../map/ids.ts';
import type { AppState, Store } from '../state.ts';
import { checkRows, el, type CheckRow } from './dom.ts';
import { followStore } from './follow-store.ts';

export interface LayerToggleControlOptions {
  store: Store;
}

const LABEL_KEYS: Record<LayerGroup, MessageKey> = {
  basemap: 'layers.basemap',
  districts: 'layers.districts',
  streets: 'layers.streets',
  communities: 'layers.communities',
  facilities: 'layers.facilities',
  buildings: 'layers.buildings',
  reach: 'layers.reach',
  gaps: 'layers.gaps',
  labels: 'layers.labels',
};

export class LayerToggleControl implements IControl {
  private readonly store: Store;
  private container: HTMLFieldSetElement | null = null;
  private legend: HTMLLegendElement | null = null;
  private rows = new Map<LayerGroup, CheckRow>();
  private unsubscribe: (() => void) | null = null;

  constructor(options: LayerToggleControlOptions) {
    this.store = options.store;
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    this.legend = el('legend', { className: 'lc-section__title' });
    const { labels, rows } = checkRows(LAYER_GROUPS, (group) => ({ testId: `layer-toggle-${group}`, attrs: { type: 'checkbox', name: group } }), this.onChange);
    this.rows = rows;
    this.container = el('fieldset', { className: 'lc-section lc-layer-toggles', testId: 'layer-toggles' }, [
      this.legend,
      ...labels,
    ]);
    this.unsubscribe = followStore(this.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const { input } of this.rows.values()) input.removeEventListener('change', this.onChange);
    this.rows.clear();
    this.container?.remove();
    this.container = this.legend = null;
  }

  private readonly onChange = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    const group = input.name as LayerGroup;
    this.store.update({ visible: { ...this.store.get().visible, [group]: input.checked } });
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.lang !== previous.lang || state.visible !== previous.visible) this.render(state);
  };

  private render(state: AppState): void {
    if (this.legend) this.legend.textContent = t(state.lang, 'layers.title');
    for (const [group, { input, text }] of this.rows) {
      input.checked = state.visible[group];
      text.textContent = t(state.lang, LABEL_KEYS[group]);
    }
  }
}
