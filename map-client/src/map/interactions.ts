// Pointer interactions: community hover highlight (feature-state), pointer cursor, and popups
// for a clicked facility (preferred: it sits on top) or community. A community popup shows the
// thematic figures and its gaps (the clicked community's street becomes the focus, whose gaps
// the gaps layer shows); a facility popup fills in from its full record. An open popup follows
// language, thematic and gap changes. Planner tools take clicks over (no popups then).
import * as maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature, MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import type { ApiClient } from '../api/client.ts';
import { gapsPath } from '../api/endpoints.ts';
import { t } from '../i18n.ts';
import { summarizeGaps } from '../popups/gap-summary.ts';
import { communityPopupContent, facilityPopupContent, type CommunityExtras, type PopupContent, type PopupLink } from '../popups/popup-content.ts';
import { renderPopup } from '../popups/render-popup.ts';
import type { AppState, Store } from '../state.ts';
import { LAYER_IDS, SOURCE_IDS } from './ids.ts';
import { isShown } from './layers/facilities.layer.ts';
import { facilityTypeColor } from './palette.ts';

/** Pixels around a click in which a facility circle counts as hit (small circles on phones). */
const FACILITY_HIT_PX = 6;

type Selection =
  | { kind: 'community'; code: string; properties: Record<string, unknown> }
  | { kind: 'facility'; code: string; properties: Record<string, unknown> };

const COMMUNITY_TARGET = { source: SOURCE_IDS.communities, sourceLayer: SOURCE_IDS.communities } as const;

export interface InteractionOptions {
  api: ApiClient;
  /** The street's name for a code (for the focus label); null when unknown. */
  streetName?: (code: string) => string | null;
}

export interface Interactions {
  /** Opens a community's popup at a point (search results, failing units). */
  openCommunity(code: string, properties: Record<string, unknown>, at: [number, number]): void;
  close(): void;
  unbind(): void;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function bindInteractions(map: MapLibreMap, store: Store, options: InteractionOptions): Interactions {
  const { api } = options;
  let hoveredId: string | number | undefined;
  let selected: Selection | null = null;
  let facilityRequest: AbortController | null = null;
  const popup = new maplibregl.Popup({ closeButton: true, closeOnClick: false, maxWidth: '340px', className: 'lc-popup-wrapper' });

  const setCommunityState = (id: string | number | undefined, state: { hover?: boolean; selected?: boolean }) => {
    if (id === undefined) return;
    map.setFeatureState({ ...COMMUNITY_TARGET, id }, state);
  };

  // Raw API answers are for people who work with the data (signed in), not for the public.
  const communityLinks = (code: string, state: AppState): PopupLink[] => {
    if (!state.auth) return [];
    const links: PopupLink[] = [{ label: t(state.lang, 'popup.linkRecord'), href: api.url(`collections/communities/items/${encodeURIComponent(code)}`) }];
    if (state.selectedType !== null) {
      const scenario = state.scenario ? `&scenario=${encodeURIComponent(state.scenario.id)}` : '';
      const mode = state.mode === 'walk' ? '&mode=walk' : '';
      const type = encodeURIComponent(state.selectedType);
      links.push({ label: t(state.lang, 'popup.linkCoverage'), href: api.url(`coverage?type=${type}&level=community${mode}${scenario}`) });
      links.push({ label: t(state.lang, 'popup.linkGaps'), href: api.url(gapsPath({ type: state.selectedType, unit: code, scenario: state.scenario?.id ?? null, mode: state.mode })) });
    }
    return links;
  };

  const communityExtras = (selection: Selection, state: AppState): CommunityExtras => {
    const street = text(selection.properties.street_code);
    let gaps: CommunityExtras['gaps'] = null;
    if (state.gaps.status !== 'off' && street !== null && state.gaps.unit === street) {
      if (state.gaps.status === 'ready') gaps = summarizeGaps(state.gaps.collection, selection.code);
      else gaps = state.gaps.status;
    }
    return { thematic: state.thematic, types: state.facilityTypes, gaps, links: communityLinks(selection.code, state) };
  };

  const contentFor = (selection: Selection, state: AppState): PopupContent => {
    if (selection.kind === 'community') return communityPopupContent(selection.properties, state.lang, communityExtras(selection, state));
    const type = text(selection.properties.type) ?? '';
    const content = facilityPopupContent(selection.properties, state.lang, state.facilityTypes, facilityTypeColor(type));
    if (state.auth) content.links = [{ label: t(state.lang, 'popup.linkRecord'), href: api.url(`collections/facilities/items/${encodeURIComponent(selection.code)}`) }];
    return content;
  };

  const render = () => {
    if (selected) popup.setDOMContent(renderPopup(contentFor(selected, store.get())));
  };

  const setHovered = (id: string | number | undefined) => {
    if (id === hoveredId) return;
    setCommunityState(hoveredId, { hover: false });
    hoveredId = id;
    setCommunityState(hoveredId, { hover: true });
  };
  const interactiveLayers = () =>
    [LAYER_IDS.facilitiesCircle, LAYER_IDS.scenarioCircle, LAYER_IDS.communitiesFill].filter((id) => map.getLayer(id) !== undefined);

  const onMouseMove = (event: MapMouseEvent) => {
    const features = map.queryRenderedFeatures(event.point, { layers: interactiveLayers() }).filter(isShown);
    if (store.get().tool === 'none') map.getCanvas().style.cursor = features.length > 0 ? 'pointer' : '';
    setHovered(features.find((feature) => feature.layer.id === LAYER_IDS.communitiesFill)?.id);
  };
  const onMouseOut = () => {
    if (store.get().tool === 'none') map.getCanvas().style.cursor = '';
    setHovered(undefined);
  };

  const hitFacility = (event: MapMouseEvent): MapGeoJSONFeature | undefined => {
    const layers = [LAYER_IDS.scenarioCircle, LAYER_IDS.facilitiesCircle].filter((id) => map.getLayer(id) !== undefined);
    if (layers.length === 0) return undefined;
    const { x, y } = event.point;
    return map.queryRenderedFeatures(
      [[x - FACILITY_HIT_PX, y - FACILITY_HIT_PX], [x + FACILITY_HIT_PX, y + FACILITY_HIT_PX]],
      { layers },
    ).find(isShown);
  };

  const clearSelection = () => {
    if (selected?.kind === 'community') setCommunityState(selected.code, { selected: false });
    facilityRequest?.abort();
    facilityRequest = null;
    selected = null;
  };

  const showCommunity = (code: string, properties: Record<string, unknown>, lngLat: maplibregl.LngLatLike) => {
    clearSelection();
    selected = { kind: 'community', code, properties };
    setCommunityState(code, { selected: true });
    const street = text(properties.street_code);
    const state = store.get();
    if (street !== null && state.selectedType !== null && (state.focus?.code !== street)) {
      store.update({ focus: { level: 'street', code: street, name: options.streetName?.(street) ?? street } });
    }
    popup.setLngLat(lngLat);
    render();
    if (!popup.isOpen()) popup.addTo(map);
  };

  const showFacility = (feature: MapGeoJSONFeature) => {
    clearSelection();
    const code = String(feature.id ?? feature.properties.code ?? '');
    selected = { kind: 'facility', code, properties: { ...feature.properties } };
    const [lng, lat] = feature.geometry.type === 'Point' ? feature.geometry.coordinates : [0, 0];
    popup.setLngLat([lng ?? 0, lat ?? 0]);
    render();
    if (!popup.isOpen()) popup.addTo(map);
    if (feature.layer.id !== LAYER_IDS.facilitiesCircle) return;
    // Tiles carry code, name, type and status; the record has dates and sizes.
    const request = new AbortController();
    facilityRequest = request;
    api.getJson(`collections/facilities/items/${encodeURIComponent(code)}`, request.signal).then(
      (record) => {
        const properties = (record as { properties?: Record<string, unknown> } | null)?.properties;
        if (request.signal.aborted || selected?.kind !== 'facility' || selected.code !== code || !properties) return;
        selected = { kind: 'facility', code, properties: { ...selected.properties, ...properties } };
        render();
      },
      () => undefined, // The tile's fields stay on show.
    );
  };

  const onClick = (event: MapMouseEvent) => {
    if (store.get().tool !== 'none') return;
    const facility = hitFacility(event);
    if (facility) return showFacility(facility);
    const community = map.queryRenderedFeatures(event.point, { layers: [LAYER_IDS.communitiesFill] })[0];
    if (!community || community.id === undefined) {
      clearSelection();
      popup.remove();
      return;
    }
    showCommunity(String(community.id), { ...community.properties }, event.lngLat);
  };

  const onPopupClose = () => clearSelection();
  const onState = (state: AppState, previous: AppState) => {
    if (!selected || !popup.isOpen()) return;
    if (state.lang !== previous.lang || state.thematic !== previous.thematic || state.gaps !== previous.gaps || state.selectedType !== previous.selectedType) render();
  };

  map.on('mousemove', onMouseMove);
  map.on('mouseout', onMouseOut);
  map.on('click', onClick);
  popup.on('close', onPopupClose);
  const unsubscribe = store.subscribe(onState);

  return {
    openCommunity: (code, properties, at) => showCommunity(code, properties, at),
    close: () => {
      clearSelection();
      popup.remove();
    },
    unbind: () => {
      unsubscribe();
      popup.off('close', onPopupClose);
      map.off('click', onClick);
      map.off('mouseout', onMouseOut);
      map.off('mousemove', onMouseMove);
      popup.remove();
    },
  };
}
