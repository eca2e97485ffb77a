// "What is near": asks GET /api/nearby for a point (a map click, the browser's location or a
// search result), lists per facility type the nearest open facilities with straight-line and
// walking distance and whether the point is within the type's reach, and draws the walks (the
// chosen one wider). Follows the open scenario and the language; a newer question cancels the last.
import type { GeoJSONSource, IControl, Map as MapLibreMap } from 'maplibre-gl';
import type { ApiClient } from '../api/client.ts';
import { getNearby, type NearbyAnswer } from '../api/endpoints.ts';
import { t } from '../i18n.ts';
import { SOURCE_IDS } from '../map/ids.ts';
import { nearbyFeatures, nearbyRows } from '../nearby/nearby-model.ts';
import type { AppState, Store } from '../state.ts';
import { el } from './dom.ts';

export interface NearbyControlOptions {
  store: Store;
  api: ApiClient;
  /** Localised message of an API error (the client's catalogue). */
  errorText?: (error: unknown, lang: AppState['lang']) => string;
}

type NearbyStatus =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'loading'; label: string | null }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; answer: NearbyAnswer; label: string | null };

export class NearbyControl implements IControl {
  private readonly options: NearbyControlOptions;
  private map: MapLibreMap | null = null;
  private container: HTMLElement | null = null;
  private status: NearbyStatus = { kind: 'idle' };
  private chosen: string | null = null;
  private request: AbortController | null = null;
  private lastPoint: { lon: number; lat: number; label: string | null } | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: NearbyControlOptions) {
    this.options = options;
  }

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    this.container = el('section', { className: 'lc-section lc-nearby', testId: 'nearby' });
    this.unsubscribe = this.options.store.subscribe(this.onState);
    this.render();
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.request?.abort();
    this.container?.remove();
    this.container = null;
    this.map = null;
  }

  /** Asks what is near a point; `label` names it (a searched place). */
  ask(lon: number, lat: number, label: string | null = null): void {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.lastPoint = { lon, lat, label };
    this.chosen = null;
    this.status = { kind: 'loading', label };
    this.draw({ lon, lat, as_of: '', types: [] });
    this.render();
    const state = this.options.store.get();
    getNearby(this.options.api, { lon, lat, k: 3, scenario: state.scenario?.id ?? null }, request.signal).then(
      (answer) => {
        if (request.signal.aborted) return;
        this.status = { kind: 'ready', answer, label };
        this.draw(answer);
        this.render();
        this.container?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      },
      (error: unknown) => {
        if (request.signal.aborted) return;
        this.status = { kind: 'error', message: this.errorText(error) };
        this.render();
      },
    );
  }

  clear(): void {
    this.request?.abort();
    this.status = { kind: 'idle' };
    this.lastPoint = null;
    this.chosen = null;
    this.map?.getSource<GeoJSONSource>(SOURCE_IDS.nearby)?.setData({ type: 'FeatureCollection', features: [] });
    this.render();
  }

  private errorText(error: unknown): string {
    const lang = this.options.store.get().lang;
    if (this.options.errorText) return this.options.errorText(error, lang);
    return error instanceof Error ? error.message : String(error);
  }

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.scenario?.id !== previous.scenario?.id || state.scenario?.revision !== previous.scenario?.revision) {
      if (this.lastPoint && this.status.kind === 'ready') this.ask(this.lastPoint.lon, this.lastPoint.lat, this.lastPoint.label);
      return;
    }
    if (state.lang !== previous.lang || state.facilityTypes !== previous.facilityTypes || state.selectedType !== previous.selectedType) {
      if (this.status.kind === 'ready') this.draw(this.status.answer);
      this.render();
    }
  };

  private readonly locate = (): void => {
    const lang = this.options.store.get().lang;
    if (!('geolocation' in navigator)) {
      this.status = { kind: 'error', message: t(lang, 'nearby.locateUnsupported') };
      this.render();
      return;
    }
    this.status = { kind: 'locating' };
    this.render();
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { longitude, latitude } = position.coords;
        this.map?.flyTo({ center: [longitude, latitude], zoom: Math.max(this.map.getZoom(), 15) });
        this.ask(longitude, latitude, null);
      },
      (error) => {
        this.status = { kind: 'error', message: t(this.options.store.get().lang, 'nearby.locateFailed', { message: error.message }) };
        this.render();
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  private draw(answer: NearbyAnswer): void {
    const selected = this.options.store.get().selectedType;
    const data = nearbyFeatures(answer, { types: selected ? [selected] : null, chosen: this.chosen });
    this.map?.getSource<GeoJSONSource>(SOURCE_IDS.nearby)?.setData(data);
  }

  private choose(code: string): void {
    if (this.status.kind !== 'ready') return;
    this.chosen = code;
    this.draw(this.status.answer);
    this.render();
    const route = this.status.answer.types.flatMap((entry) => entry.nearest).find((f) => f.code === code)?.route;
    if (route && this.map) {
      let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of route.coordinates as [number, number][]) {
        w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
      }
      this.map.fitBounds([w, s, e, n], { padding: 80, maxZoom: 17, duration: 500 });
    }
  }

  private render(): void {
    if (!this.container) return;
    const { lang, facilityTypes, selectedType } = this.options.store.get();
    const title = el('h2', { className: 'lc-section__title', text: t(lang, 'nearby.title') });
    const locate = el('button', { className: 'lc-button', text: t(lang, 'nearby.locate'), testId: 'nearby-locate', attrs: { type: 'button' } });
    locate.addEventListener('click', this.locate);
    const tools = el('div', { className: 'lc-nearby__tools' }, [locate]);
    const body: Node[] = [];
    const status = this.status;
    if (status.kind === 'idle') body.push(el('p', { className: 'lc-hint', text: t(lang, 'nearby.hint') }));
    else if (status.kind === 'locating') body.push(el('p', { className: 'lc-hint', text: t(lang, 'nearby.locating') }));
    else if (status.kind === 'loading') body.push(el('p', { className: 'lc-hint', text: t(lang, 'nearby.loading') }));
    else if (status.kind === 'error') body.push(el('p', { className: 'lc-hint lc-hint--error', testId: 'nearby-error', text: t(lang, 'nearby.error', { message: status.message }) }));
    else {
      const clear = el('button', { className: 'lc-button lc-button--quiet', text: t(lang, 'nearby.clear'), testId: 'nearby-clear', attrs: { type: 'button' } });
      clear.addEventListener('click', () => this.clear());
      tools.append(clear);
      body.push(el('p', { className: 'lc-nearby__place', text: status.label ?? t(lang, 'nearby.here') }));
      const rows = nearbyRows(status.answer, lang, facilityTypes, selectedType);
      if (rows.length === 0) body.push(el('p', { className: 'lc-hint', text: t(lang, 'nearby.none') }));
      const list = el('ul', { className: 'lc-nearby__list', testId: 'nearby-list' });
      for (const row of rows) {
        const swatch = el('span', { className: 'lc-nearby__swatch', attrs: { 'aria-hidden': 'true', style: `background:${row.color}` } });
        const reach = el('span', { className: `lc-nearby__reach lc-nearby__reach--${row.withinReach ? 'in' : 'out'}`, text: `${row.withinReach ? '✓' : '✗'} ${row.reachText}` });
        const head = el('div', { className: 'lc-nearby__head' }, [swatch, el('span', { className: 'lc-nearby__type', text: row.typeName }), reach]);
        const facilities = row.facilities.map((f, i) => {
          const button = el('button', {
            className: `lc-nearby__facility${f.code === this.chosen ? ' lc-nearby__facility--chosen' : ''}${i > 0 ? ' lc-nearby__facility--more' : ''}`,
            attrs: { type: 'button', 'data-code': f.code, 'aria-label': t(lang, 'nearby.showRoute', { name: f.name }), 'aria-pressed': String(f.code === this.chosen) },
          }, [el('span', { className: 'lc-nearby__name', text: f.name }), el('span', { className: 'lc-nearby__dist', text: f.distances })]);
          button.disabled = !f.hasRoute && i > 0;
          button.addEventListener('click', () => this.choose(f.code));
          return button;
        });
        list.append(el('li', { className: 'lc-nearby__row', attrs: { 'data-type': row.type, 'data-within': String(row.withinReach) } }, [head, ...facilities]));
      }
      body.push(list);
    }
    // The point asked, exactly (test hook; the map's rendered features are tile-rounded).
    if (status.kind === 'ready') {
      this.container.dataset.lon = String(status.answer.lon);
      this.container.dataset.lat = String(status.answer.lat);
    } else {
      delete this.container.dataset.lon;
      delete this.container.dataset.lat;
    }
    this.container.replaceChildren(title, tools, ...body);
  }
}
