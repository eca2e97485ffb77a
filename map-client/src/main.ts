// Bootstrap: config, map, panel controls, data from the API, then fit the city.
// Exposes `window.__lifecircle = { map, ready, state }` for the end-to-end tests.
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { ApiError, createApiClient } from './api/client.ts';
import { loadCommunities, loadMapData } from './api/load-map-data.ts';
import { BACKGROUND_HEADER } from './background.ts';
import { loadConfig, type ClientConfig } from './config.ts';
import { IndicatorsControl } from './controls/indicators-control.ts';
import { LanguageControl } from './controls/language-control.ts';
import { LayerToggleControl } from './controls/layer-toggle-control.ts';
import { LegendControl } from './controls/legend-control.ts';
import { NearbyControl } from './controls/nearby-control.ts';
import { CoverageTableControl } from './controls/coverage-table-control.ts';
import { PanelControl } from './controls/panel-control.ts';
import { PlannerControl } from './controls/planner-control.ts';
import { SearchControl } from './controls/search-control.ts';
import { TabsControl } from './controls/tabs-control.ts';
import { TypePickerControl } from './controls/type-picker-control.ts';
import { wrapTilesForGcj } from './gcj02.ts';
import { registerGcjProtocol } from './gcj02-protocol.ts';
import { DEFAULT_LANG, isLang, mapLibreLocale, t, type Lang } from './i18n.ts';
import { restoreAuth } from './planner/auth.ts';
import { bindStateToMap } from './map/bind-state.ts';
import { bboxOf, type BBox } from './map/bounds.ts';
import { bindGaps } from './map/gaps-binding.ts';
import { bindReachAreas } from './map/reach-binding.ts';
import { LAYER_IDS, SOURCE_IDS } from './map/ids.ts';
import { bindInteractions, type Interactions } from './map/interactions.ts';
import { labelPoints } from './map/label-points.ts';
import { facilityLayers, isShown } from './map/layers/facilities.layer.ts';
import { scenarioLayers } from './map/layers/scenario.layer.ts';
import { sortFacilityTypes } from './map/palette.ts';
import { mergeBasemapStyle } from './map/basemap-style.ts';
import { buildMapStyle, type RasterBasemap } from './map/style.ts';
import { datasetsFor } from './map/attribution.ts';
import { bindThematic } from './map/thematic-binding.ts';
import { thematicSettled } from './thematic.ts';
import { facilityPlaces, placesOf, type Place } from './search/place-index.ts';
import { placeName, type Shapes } from './planner/change-places.ts';
import { createStore, initialState, type AppState, type Store } from './state.ts';
import { parseUrlState } from './url-state.ts';
import type { MapData } from './types.ts';
import type { FeatureCollection, Point } from 'geojson';

declare global {
  interface Window {
    __lifecircle?: { map: maplibregl.Map; ready: Promise<void>; state: () => AppState; store: Store };
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

/** Map padding that keeps the fitted area clear of the panel (left on desktop, bottom on phones). */
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

function fitTo(map: maplibregl.Map, bbox: BBox, maxZoom = 16, duration = 0): void {
  map.fitBounds(bbox, { padding: fitPadding(map), duration, maxZoom });
}

/** Resolves once every source in view has its data and the map has rendered it. */
async function whenSettled(map: maplibregl.Map): Promise<void> {
  const sources = Object.keys(map.getStyle().sources);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await map.once('idle');
    if (sources.every((id) => map.isSourceLoaded(id))) return;
    map.triggerRepaint();
  }
}

function rasterBasemap(config: ClientConfig): RasterBasemap | null {
  const basemap = config.basemap;
  if (basemap?.kind !== 'raster') return null;
  return {
    tiles: basemap.crs === 'gcj02' ? wrapTilesForGcj(basemap.tiles, basemap.tileSize) : basemap.tiles,
    tileSize: basemap.tileSize,
    maxzoom: basemap.maxzoom,
    ...(basemap.attribution ? { attribution: basemap.attribution } : {}),
  };
}

/** Our style, over the configured vector basemap style if there is one (and it loads). */
async function initialStyle(config: ClientConfig, ours: StyleSpecification): Promise<StyleSpecification> {
  const basemap = config.basemap;
  if (basemap?.kind !== 'style') return ours;
  if (basemap.crs === 'gcj02') {
    console.warn('[lifecircle] a GCJ-02 vector basemap cannot be re-projected in the browser: it is drawn as is, a few hundred metres off our WGS 84 layers. Use a raster GCJ-02 basemap (re-projected tile by tile) or a WGS 84 style.');
  }
  try {
    const response = await fetch(basemap.style);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return mergeBasemapStyle((await response.json()) as StyleSpecification, ours);
  } catch (error) {
    console.warn(`[lifecircle] basemap style ${basemap.style} not loaded (${error instanceof Error ? error.message : String(error)}); showing the map without it`);
    return ours;
  }
}

async function start(): Promise<void> {
  // Milestones of the open as performance marks (bench/map-profile.ts prints them).
  performance.mark('lc:start');
  maplibregl.setWorkerUrl(workerUrl);
  const lang = initialLang();
  const query = new URLSearchParams(location.search);
  const store = createStore({ ...initialState(lang), auth: restoreAuth() });
  const apiBase = new URL('/api/', location.href).href;
  const api = createApiClient({ baseUrl: apiBase, token: () => store.get().auth?.token ?? null });
  const dataPromise = loadMapData(api);
  dataPromise.catch(() => undefined); // handled in `ready`; avoids an early unhandled-rejection report
  // The data's credit decides the attribution (the landing page names it; the demo city has none).
  const landing = api.getJson('').catch(() => null);
  const config = await loadConfig(new URL('config.json', location.href).href);
  const datasets = datasetsFor((await landing) as { attribution?: unknown } | null);
  if (config.basemap?.kind === 'raster' && config.basemap.crs === 'gcj02') registerGcjProtocol(maplibregl);

  const overBasemap = config.basemap !== null;
  const styleOptions = { apiBase, types: [], basemap: rasterBasemap(config), overBasemap, datasets, lang };
  // #16: the map opens on the city (or the link's view) with the catalogue in its style, so its
  // first tiles are the ones it shows: no world-zoom tiles holding the whole city, and no facility
  // layer rebuilt (a tile reload) once the catalogue arrives. The data was asked for first and
  // comes in parallel with the config; without it the map opens on the default view.
  const early = await dataPromise.catch(() => null);
  performance.mark('lc:data');
  const shared = parseUrlState(location.search);
  const earlyBbox = early ? bboxOf([early.districts, early.streets]) : null;
  const earlyTypes = early ? sortFacilityTypes(early.facilityTypes) : [];
  const earlyType = earlyTypes.find((type) => type.code === query.get('type')) ?? null;
  const earlyLat = earlyBbox ? (earlyBbox[1] + earlyBbox[3]) / 2 : 0;
  const map = new maplibregl.Map({
    container: 'map',
    style: await initialStyle(config, buildMapStyle({
      ...styleOptions,
      types: earlyTypes,
      selectedType: earlyType?.code ?? null,
      visible: store.get().visible,
      mode: shared.mode ?? 'straight',
      reach: earlyType && earlyBbox ? { reachM: earlyType.reach_m, lat: earlyLat } : null,
    })),
    ...(shared.view ? { center: [shared.view.lon, shared.view.lat] as [number, number], zoom: shared.view.zoom }
      : earlyBbox ? { bounds: earlyBbox, fitBoundsOptions: { padding: 24, maxZoom: 16 } }
      : { center: [116.39, 39.91] as [number, number], zoom: 3 }),
    // fadeDuration stays MapLibre's 300 ms: with 0, MapLibre places every label again in every frame (#16,
    // measured: on the demo city with its basemap names each interaction got 1.1–2× slower).
    attributionControl: false,
    locale: mapLibreLocale(lang),
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    maxPitch: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();

  // Places to search: districts and streets at once, communities when their list arrives.
  let places: Place[] = [];
  let placesLoading = true;
  let interactions: Interactions | null = null;
  let cityLat = 0;
  const streetNames = new Map<string, string>();
  const shown: Partial<Record<'districts' | 'streets' | 'labels', FeatureCollection>> = {};
  let communityShapes: Shapes | undefined;

  const nearby = new NearbyControl({ store, api });
  const coverageTable = new CoverageTableControl({
    store, api, apiBase,
    onPick: (level, code) => {
      const place = places.find((candidate) => candidate.kind === level && candidate.code === code);
      if (place) zoomToPlace(place);
    },
  });
  // Close enough to see the place and its streets, never closer than a block (no over-zoom).
  const PICK_MAX_ZOOM: Record<Place['kind'], number> = { district: 13, street: 14, community: 15, facility: 16 };
  const zoomToPlace = (place: Place) => {
    if (place.kind === 'facility') map.flyTo({ center: place.point, zoom: Math.max(map.getZoom(), PICK_MAX_ZOOM.facility), duration: 600 });
    else fitTo(map, place.bbox, PICK_MAX_ZOOM[place.kind], 600);
    if (place.kind === 'community') {
      interactions?.openCommunity(place.code, place.properties, place.point);
    } else if (place.kind === 'facility') {
      interactions?.close();
    } else {
      interactions?.close();
      store.update({ focus: { level: place.kind, code: place.code, name: place.name } });
    }
    nearby.ask(place.point[0], place.point[1], place.name);
  };
  const search = new SearchControl({ store, places: () => places, loading: () => placesLoading, onPick: zoomToPlace });
  const zoomToUnit = (code: string) => {
    const place = places.find((candidate) => candidate.code === code);
    if (place) zoomToPlace(place);
  };

  map.addControl(
    new PanelControl({
      store,
      headerControls: [new LanguageControl({ store })],
      bodyControls: [
        new TabsControl({
          store,
          tabs: [
            { id: 'map', label: 'tabs.map', controls: [search, nearby, new TypePickerControl({ store }), new LegendControl({ store }), coverageTable, new LayerToggleControl({ store })] },
            { id: 'indicators', label: 'tabs.indicators', controls: [new IndicatorsControl({ store, api, onUnit: zoomToUnit })] },
            { id: 'planner', label: 'tabs.planner', controls: [new PlannerControl({
              store, api, map, styleOptions, geojson: () => shown,
              placeAt: (lon, lat) => placeName(shown.streets as Shapes | undefined, communityShapes, lon, lat),
              facility: (code) => {
                const place = places.find((candidate) => candidate.kind === 'facility' && candidate.code === code);
                return place ? { name: place.name, type: String(place.properties.type ?? ''), lon: place.point[0], lat: place.point[1] } : null;
              },
              onUnit: (level, code) => {
                const place = places.find((candidate) => candidate.kind === level && candidate.code === code);
                if (place) zoomToPlace(place);
              },
            })] },
          ],
        }),
      ],
    }),
    'top-left',
  );
  // The panel is in place: fit the city clear of it before the first tiles are asked for.
  if (earlyBbox && !shared.view) fitTo(map, earlyBbox);
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');

  applyDocumentLang(map, store.get().lang);
  store.subscribe((state, previous) => {
    if (state.lang !== previous.lang) applyDocumentLang(map, state.lang);
  });
  map.on('error', (event) => console.error('[lifecircle] map error:', event.error));

  const showData = (data: MapData) => {
    const facilityTypes = sortFacilityTypes(data.facilityTypes);
    const requestedType = query.get('type');
    const { facilities_by_type: facilityCounts, ...summary } = data.summary;
    store.update({
      facilityTypes,
      facilityCounts,
      summary,
      load: data.communityCount === 0 ? { kind: 'empty' } : { kind: 'ready' },
      ...(requestedType && facilityTypes.some((type) => type.code === requestedType) ? { selectedType: requestedType } : {}),
    });
    const state = store.get();
    // The style was built without the catalogue only when the data came late (a retry after an error).
    if (data !== early) {
      for (const spec of [
        ...facilityLayers({ types: facilityTypes, selectedType: state.selectedType, visible: state.visible.facilities }),
        ...scenarioLayers({ types: facilityTypes, selectedType: state.selectedType }),
      ]) {
        replaceLayer(map, spec);
      }
    }
    shown.districts = data.districts;
    shown.streets = data.streets;
    shown.labels = labelPoints([{ kind: 'district', collection: data.districts }, { kind: 'street', collection: data.streets }]);
    map.getSource<GeoJSONSource>(SOURCE_IDS.districts)?.setData(shown.districts);
    map.getSource<GeoJSONSource>(SOURCE_IDS.streets)?.setData(shown.streets);
    map.getSource<GeoJSONSource>(SOURCE_IDS.labels)?.setData(shown.labels);
    for (const street of data.streets.features) streetNames.set(street.properties.code, street.properties.name);
    places = [...placesOf('district', data.districts), ...placesOf('street', data.streets)];

    const bbox = bboxOf([data.districts, data.streets]);
    if (bbox) {
      cityLat = (bbox[1] + bbox[3]) / 2;
      // A link's view is kept (page-hooks.ts applies it); else the city, clear of the panel.
      if (!shared.view) fitTo(map, bbox);
    }
  };

  const ready = (async () => {
    // The style, not the first full render ('load'): the colours, boundaries and bindings then go in
    // while the first tiles load, so the first complete frame already has them (#16: open → idle()).
    if (!map.isStyleLoaded()) await map.once('style.load');
    performance.mark('lc:load');
    let data: MapData;
    try {
      data = await dataPromise;
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'client_error';
      const message = error instanceof Error ? error.message : String(error);
      store.update({ load: { kind: 'error', code, message } });
      throw error;
    }
    showData(data);
    bindStateToMap(map, store, { cityLat: () => cityLat, ready: thematicSettled });
    bindThematic(map, store, api, { opacity: overBasemap ? 0.7 : 0.9 });
    bindGaps(map, store, api);
    bindReachAreas(map, store, api);
    interactions = bindInteractions(map, store, { api, streetName: (code) => streetNames.get(code) ?? null });
    // Click anywhere (but on a facility, which opens its popup): what is near that point.
    map.on('click', (event) => {
      if (store.get().tool !== 'none') return;
      const { x, y } = event.point;
      const layers = [LAYER_IDS.facilitiesCircle, LAYER_IDS.scenarioCircle].filter((id) => map.getLayer(id) !== undefined);
      if (layers.length > 0 && map.queryRenderedFeatures([[x - 6, y - 6], [x + 6, y + 6]], { layers }).some(isShown)) return;
      nearby.ask(event.lngLat.lng, event.lngLat.lat);
    });
    // The community and facility lists (search, community labels) follow in the background: the
    // counts came with the summary, and idle() does not wait for lists the current view does not draw (#16).
    const lists = createApiClient({ baseUrl: apiBase, token: () => store.get().auth?.token ?? null, headers: { [BACKGROUND_HEADER]: '1' } });
    void Promise.all([
      loadCommunities(lists),
      lists.getAllFeatures<Point, { code: string; name: string; type: string }>('facilities', { limit: '10000' }),
    ]).then(
      ([communities, facilities]) => {
        places = [...places, ...placesOf('community', communities), ...facilityPlaces(facilities)];
        communityShapes = communities as unknown as Shapes;
        // Community names: one label point per community (tiles would label each tile piece).
        shown.labels = labelPoints([{ kind: 'district', collection: data.districts }, { kind: 'street', collection: data.streets }, { kind: 'community', collection: communities }]);
        map.getSource<GeoJSONSource>(SOURCE_IDS.labels)?.setData(shown.labels);
        placesLoading = false;
        search.refresh();
      },
      (error: unknown) => {
        placesLoading = false;
        console.warn('[lifecircle] could not load the community list:', error);
      },
    );
    await whenSettled(map);
    performance.mark('lc:ready');
  })();
  ready.catch((error: unknown) => console.error('[lifecircle] could not load the map data:', error));

  window.__lifecircle = { map, ready, state: () => store.get(), store };
}

void start();
