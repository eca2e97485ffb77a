// Bootstrap: map with the offline style, panel controls, data from the API, then fit the city.
// Exposes `window.__lifecircle = { map, ready }` for the end-to-end tests.
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, LayerSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { ApiError, createApiClient } from './api/client.ts';
import { loadMapData } from './api/load-map-data.ts';
import { LanguageControl } from './controls/language-control.ts';
import { LayerToggleControl } from './controls/layer-toggle-control.ts';
import { LegendControl } from './controls/legend-control.ts';
import { PanelControl } from './controls/panel-control.ts';
import { TypePickerControl } from './controls/type-picker-control.ts';
import { DEFAULT_LANG, isLang, mapLibreLocale, t, type Lang } from './i18n.ts';
import { bindStateToMap } from './map/bind-state.ts';
import { bboxOf } from './map/bounds.ts';
import { SOURCE_IDS } from './map/ids.ts';
import { bindInteractions } from './map/interactions.ts';
import { facilityLayers } from './map/layers/facilities.layer.ts';
import { sortFacilityTypes } from './map/palette.ts';
import { buildMapStyle } from './map/style.ts';
import { createStore, initialState, type Store } from './state.ts';
import { countFacilitiesByType, summarize } from './summary.ts';
import type { MapData } from './types.ts';

declare global {
  interface Window {
    __lifecircle?: { map: maplibregl.Map; ready: Promise<void> };
  }
}

const LANG_STORAGE_KEY = 'lifecircle.lang';

function initialLang(): Lang {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  if (isLang(fromQuery)) return fromQuery;
  try {
    const stored = localStorage.getItem(LANG_STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be blocked (private mode, sandbox): fall back to the default.
  }
  return DEFAULT_LANG;
}

function applyDocumentLang(map: maplibregl.Map, lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = `${t(lang, 'app.title')} · lifecircle`;
  map.getContainer().setAttribute('aria-label', t(lang, 'app.mapLabel'));
  map.getCanvas().setAttribute('aria-label', t(lang, 'app.mapLabel'));
  // MapLibre reads `locale` only when controls are created; relabel its zoom buttons on a switch.
  const container = map.getContainer();
  for (const [selector, key] of [
    ['.maplibregl-ctrl-zoom-in', 'map.zoomIn'],
    ['.maplibregl-ctrl-zoom-out', 'map.zoomOut'],
  ] as const) {
    const button = container.querySelector(selector);
    button?.setAttribute('title', t(lang, key));
    button?.setAttribute('aria-label', t(lang, key));
  }
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
}

/** Replaces a layer in place (same position in the stack) with a freshly built spec. */
function replaceLayer(map: maplibregl.Map, spec: LayerSpecification): void {
  const ids = map.getStyle().layers.map((layer) => layer.id);
  const beforeId = ids[ids.indexOf(spec.id) + 1];
  if (map.getLayer(spec.id)) map.removeLayer(spec.id);
  map.addLayer(spec, beforeId);
}

/** Map padding that keeps the fitted city clear of the panel (left on desktop, bottom on phones). */
function fitPadding(map: maplibregl.Map): maplibregl.PaddingOptions {
  const base = 24;
  const padding = { top: base, right: base + 40, bottom: base + 16, left: base };
  const panel = map.getContainer().querySelector<HTMLElement>('.lc-panel');
  const box = map.getContainer().getBoundingClientRect();
  if (panel) {
    const rect = panel.getBoundingClientRect();
    if (rect.bottom >= box.bottom - 1 && rect.width > box.width * 0.8) padding.bottom += rect.height;
    else if (rect.width < box.width * 0.5) padding.left += rect.right - box.left;
  }
  // Never pad more than half the map in either direction, or fitBounds has no room.
  padding.left = Math.min(padding.left, box.width / 2);
  padding.bottom = Math.min(padding.bottom, box.height / 2);
  return padding;
}

function showData(map: maplibregl.Map, store: Store, data: MapData): void {
  store.update({
    facilityTypes: sortFacilityTypes(data.facilityTypes),
    facilityCounts: countFacilitiesByType(data.facilities),
    summary: summarize(data.communities, data.facilities),
    load: data.communities.features.length === 0 ? { kind: 'empty' } : { kind: 'ready' },
  });
  const state = store.get();
  for (const spec of facilityLayers({
    types: data.facilityTypes,
    selectedType: state.selectedType,
    visible: state.visible.facilities,
  })) {
    replaceLayer(map, spec);
  }
  map.getSource<GeoJSONSource>(SOURCE_IDS.districts)?.setData(data.districts);
  map.getSource<GeoJSONSource>(SOURCE_IDS.streets)?.setData(data.streets);
  map.getSource<GeoJSONSource>(SOURCE_IDS.communities)?.setData(data.communities);
  map.getSource<GeoJSONSource>(SOURCE_IDS.facilities)?.setData(data.facilities);

  const bbox = bboxOf([data.districts, data.streets, data.communities, data.facilities]);
  if (bbox) map.fitBounds(bbox, { padding: fitPadding(map), duration: 0, maxZoom: 16 });
}

/** Resolves once every source has its data and the map has rendered it. */
async function whenSettled(map: maplibregl.Map): Promise<void> {
  const sources = Object.values(SOURCE_IDS);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await map.once('idle');
    if (sources.every((id) => map.isSourceLoaded(id))) return;
    map.triggerRepaint();
  }
}

function start(): void {
  maplibregl.setWorkerUrl(workerUrl);
  const lang = initialLang();
  const store = createStore(initialState(lang));
  const api = createApiClient({ baseUrl: new URL('/api/', location.href).href });
  const dataPromise = loadMapData(api);
  dataPromise.catch(() => undefined); // handled in `ready`; avoids an early unhandled-rejection report

  const map = new maplibregl.Map({
    container: 'map',
    style: buildMapStyle({ types: [] }),
    center: [116.39, 39.91],
    zoom: 3,
    attributionControl: false,
    locale: mapLibreLocale(lang),
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    maxPitch: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();

  map.addControl(
    new PanelControl({
      store,
      headerControls: [new LanguageControl({ store })],
      bodyControls: [new TypePickerControl({ store }), new LayerToggleControl({ store }), new LegendControl({ store })],
    }),
    'top-left',
  );
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');

  applyDocumentLang(map, store.get().lang);
  store.subscribe((state, previous) => {
    if (state.lang !== previous.lang) applyDocumentLang(map, state.lang);
  });
  map.on('error', (event) => console.error('[lifecircle] map error:', event.error));

  const ready = (async () => {
    await map.once('load');
    bindStateToMap(map, store);
    bindInteractions(map, store);
    let data: MapData;
    try {
      data = await dataPromise;
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'client_error';
      const message = error instanceof Error ? error.message : String(error);
      store.update({ load: { kind: 'error', code, message } });
      throw error;
    }
    showData(map, store, data);
    await whenSettled(map);
  })();
  ready.catch((error: unknown) => console.error('[lifecircle] could not load the map data:', error));

  window.__lifecircle = { map, ready };
}

start();
