// Swipe comparison of baseline and scenario: a second map (the baseline: no scenario, its own
// coverage colours) laid over the main one (the scenario) and clipped to the left of a divider.
// The two cameras stay in step; a range input (keyboard-friendly) moves the divider.
import * as maplibregl from 'maplibre-gl';
import type { FilterSpecification, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { ApiClient } from '../api/client.ts';
import { t } from '../i18n.ts';
import { SOURCE_IDS, LAYER_IDS } from '../map/ids.ts';
import { facilityFilter } from '../map/layers/facilities.layer.ts';
import { buildMapStyle, type MapStyleOptions } from '../map/style.ts';
import { loadThematic, paintThematic, type PaintedValues } from '../map/thematic-binding.ts';
import type { AppState, Store } from '../state.ts';
import { thematicRequest } from '../thematic.ts';

export interface CompareOptions {
  map: maplibregl.Map;
  store: Store;
  api: ApiClient;
  styleOptions: Pick<MapStyleOptions, 'apiBase' | 'basemap'>;
  /** The GeoJSON the main map shows (districts, streets, label points). */
  geojson: () => Partial<Record<'districts' | 'streets' | 'labels', FeatureCollection>>;
}

/** The selected type's reach discs, as the main map draws them. */
function reachOf(state: AppState, lat: number): { reachM: number; lat: number } | null {
  const type = state.facilityTypes.find((candidate) => candidate.code === state.selectedType);
  return type ? { reachM: type.reach_m, lat } : null;
}

/** The clip that shows the left `fraction` of the overlay. */
export function clipLeft(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  return `inset(0 ${Math.round((1 - f) * 10000) / 100}% 0 0)`;
}

export class SwipeCompare {
  private readonly options: CompareOptions;
  private overlay: HTMLElement | null = null;
  private baseline: maplibregl.Map | null = null;
  private slider: HTMLInputElement | null = null;
  private divider: HTMLElement | null = null;
  private labels: HTMLElement[] = [];
  private painted: PaintedValues = new Map();
  private syncing = false;
  private loaded = false;
  private unsubscribe: (() => void) | null = null;
  private controller: AbortController | null = null;

  constructor(options: CompareOptions) {
    this.options = options;
  }

  get active(): boolean {
    return this.baseline !== null;
  }

  enable(): void {
    if (this.baseline) return;
    const { map, store } = this.options;
    const state = store.get();
    const container = map.getContainer();
    this.overlay = document.createElement('div');
    this.overlay.className = 'lc-compare';
    this.overlay.dataset.testid = 'compare';
    const mapBox = document.createElement('div');
    mapBox.className = 'lc-compare__map';
    this.divider = document.createElement('div');
    this.divider.className = 'lc-compare__divider';
    this.slider = document.createElement('input');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.max = '100';
    this.slider.value = '50';
    this.slider.className = 'lc-compare__slider';
    this.slider.dataset.testid = 'compare-slider';
    this.slider.addEventListener('input', this.onSlide);
    const left = document.createElement('span');
    left.className = 'lc-compare__label lc-compare__label--left';
    const right = document.createElement('span');
    right.className = 'lc-compare__label lc-compare__label--right';
    this.labels = [left, right];
    this.overlay.append(mapBox);
    // The overlay sits under the controls (their container comes later in the map container).
    container.insertBefore(this.overlay, container.querySelector('.maplibregl-control-container'));
    container.append(this.divider, this.slider, left, right);

    this.baseline = new maplibregl.Map({
      container: mapBox,
      style: buildMapStyle({
        ...this.options.styleOptions,
        types: state.facilityTypes,
        selectedType: state.selectedType,
        visible: state.visible,
        mode: state.mode,
        reach: reachOf(state, map.getCenter().lat),
      }),
      center: map.getCenter(),
      zoom: map.getZoom(),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
    });
    this.baseline.on('load', () => {
      this.loaded = true;
      const data = this.options.geojson();
      for (const id of ['districts', 'streets', 'labels'] as const) {
        const collection = data[id];
        if (collection) this.baseline?.getSource<GeoJSONSource>(SOURCE_IDS[id])?.setData(collection);
      }
      void this.refreshThematic();
    });
    map.on('move', this.onMainMove);
    this.baseline.on('move', this.onBaselineMove);
    this.unsubscribe = store.subscribe(this.onState);
    this.renderLabels(state);
    this.onSlide();
    this.placeSlider();
    map.on('resize', this.placeSlider);
  }

  /**
   * Keeps the slider clear of the side panel: it starts right of the panel when the panel reaches
   * down to the slider's height (a desktop panel), and spans the map otherwise.
   */
  private readonly placeSlider = (): void => {
    const slider = this.slider;
    if (!slider) return;
    const container = this.options.map.getContainer();
    const box = container.getBoundingClientRect();
    const panel = container.querySelector('.lc-panel')?.getBoundingClientRect();
    slider.style.left = '';
    slider.style.width = '';
    slider.style.right = '';
    if (!panel || panel.width > box.width * 0.6) return;
    const sliderBox = slider.getBoundingClientRect();
    const overlaps = panel.right > sliderBox.left && panel.bottom > sliderBox.top && panel.top < sliderBox.bottom;
    if (!overlaps) return;
    const left = panel.right - box.left + 24;
    slider.style.left = `${left}px`;
    slider.style.right = '24px';
    slider.style.width = `${Math.max(120, box.width - left - 24)}px`;
  };

  disable(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.controller?.abort();
    this.options.map.off('move', this.onMainMove);
    this.options.map.off('resize', this.placeSlider);
    this.baseline?.remove();
    this.baseline = null;
    this.loaded = false;
    this.slider?.removeEventListener('input', this.onSlide);
    for (const node of [this.overlay, this.divider, this.slider, ...this.labels]) node?.remove();
    this.overlay = this.divider = this.slider = null;
    this.labels = [];
    this.painted = new Map();
  }

  private readonly onSlide = (): void => {
    const fraction = Number(this.slider?.value ?? 50) / 100;
    if (this.overlay) this.overlay.style.clipPath = clipLeft(fraction);
    if (this.divider) this.divider.style.left = `${fraction * 100}%`;
    const [left, right] = this.labels;
    if (left) left.style.right = `calc(${(1 - fraction) * 100}% + 8px)`;
    if (right) right.style.left = `calc(${fraction * 100}% + 8px)`;
    this.slider?.setAttribute('aria-valuetext', `${Math.round(fraction * 100)}%`);
  };

  private readonly onMainMove = (): void => {
    if (this.syncing || !this.baseline) return;
    this.syncing = true;
    const main = this.options.map;
    this.baseline.jumpTo({ center: main.getCenter(), zoom: main.getZoom() });
    this.syncing = false;
  };

  private readonly onBaselineMove = (): void => {
    if (this.syncing || !this.baseline) return;
    this.syncing = true;
    this.options.map.jumpTo({ center: this.baseline.getCenter(), zoom: this.baseline.getZoom() });
    this.syncing = false;
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.lang !== previous.lang) this.renderLabels(state);
    if (state.selectedType !== previous.selectedType || state.theme !== previous.theme) {
      this.baseline?.setFilter(LAYER_IDS.facilitiesCircle, facilityFilter(state.selectedType) as FilterSpecification | null);
      void this.refreshThematic();
    }
  };

  private renderLabels(state: AppState): void {
    const [left, right] = this.labels;
    if (left) left.textContent = t(state.lang, 'compare.baseline');
    if (right) right.textContent = state.scenario ? `${t(state.lang, 'compare.scenario')}: ${state.scenario.name}` : t(state.lang, 'compare.scenario');
    this.slider?.setAttribute('aria-label', t(state.lang, 'compare.slider'));
  }

  /** The baseline's colours: the same request as the main map's, without the scenario. */
  private async refreshThematic(): Promise<void> {
    const baseline = this.baseline;
    if (!baseline || !this.loaded) return;
    const state = this.options.store.get();
    const request = thematicRequest({ ...state, scenario: null });
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const thematic = request ? await loadThematic(this.options.api, request, controller.signal).catch(() => null) : { status: 'off' as const };
    if (!thematic || controller.signal.aborted || this.baseline !== baseline) return;
    this.painted = paintThematic(baseline, thematic, this.painted);
  }
}
