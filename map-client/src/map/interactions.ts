// Pointer interactions: community hover highlight (feature-state), pointer cursor, and popups
// for a clicked facility (preferred: it sits on top) or community. An open popup follows
// language switches.
import * as maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature, MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { communityPopupContent, facilityPopupContent, type PopupContent } from '../popups/popup-content.ts';
import { renderPopup } from '../popups/render-popup.ts';
import type { AppState, Store } from '../state.ts';
import { LAYER_IDS, SOURCE_IDS } from './ids.ts';
import { facilityTypeColor } from './palette.ts';

/** Pixels around a click in which a facility circle counts as hit (small circles on phones). */
const FACILITY_HIT_PX = 6;

type Selection = { kind: 'community' | 'facility'; properties: Record<string, unknown>; id: string | number | undefined };

export function bindInteractions(map: MapLibreMap, store: Store): () => void {
  let hoveredId: string | number | undefined;
  let selected: Selection | null = null;
  const popup = new maplibregl.Popup({ closeButton: true, closeOnClick: false, maxWidth: '320px', className: 'lc-popup-wrapper' });

  const setCommunityState = (id: string | number | undefined, state: { hover?: boolean; selected?: boolean }) => {
    if (id === undefined) return;
    map.setFeatureState({ source: SOURCE_IDS.communities, id }, state);
  };

  const contentFor = (selection: Selection, state: AppState): PopupContent => {
    if (selection.kind === 'community') return communityPopupContent(selection.properties, state.lang);
    const type = typeof selection.properties.type === 'string' ? selection.properties.type : '';
    return facilityPopupContent(selection.properties, state.lang, state.facilityTypes, facilityTypeColor(type));
  };

  const setHovered = (id: string | number | undefined) => {
    if (id === hoveredId) return;
    setCommunityState(hoveredId, { hover: false });
    hoveredId = id;
    setCommunityState(hoveredId, { hover: true });
  };
  const interactiveLayers = () =>
    [LAYER_IDS.facilitiesCircle, LAYER_IDS.communitiesFill].filter((id) => map.getLayer(id) !== undefined);

  const onMouseMove = (event: MapMouseEvent) => {
    const features = map.queryRenderedFeatures(event.point, { layers: interactiveLayers() });
    map.getCanvas().style.cursor = features.length > 0 ? 'pointer' : '';
    setHovered(features.find((feature) => feature.layer.id === LAYER_IDS.communitiesFill)?.id);
  };
  const onMouseOut = () => {
    map.getCanvas().style.cursor = '';
    setHovered(undefined);
  };

  const hitFacility = (event: MapMouseEvent): MapGeoJSONFeature | undefined => {
    if (!map.getLayer(LAYER_IDS.facilitiesCircle)) return undefined;
    const { x, y } = event.point;
    return map.queryRenderedFeatures(
      [[x - FACILITY_HIT_PX, y - FACILITY_HIT_PX], [x + FACILITY_HIT_PX, y + FACILITY_HIT_PX]],
      { layers: [LAYER_IDS.facilitiesCircle] },
    )[0];
  };

  const clearSelection = () => {
    if (selected?.kind === 'community') setCommunityState(selected.id, { selected: false });
    selected = null;
  };

  const onClick = (event: MapMouseEvent) => {
    const facility = hitFacility(event);
    const community = facility
      ? undefined
      : map.queryRenderedFeatures(event.point, { layers: [LAYER_IDS.communitiesFill] })[0];
    const feature = facility ?? community;
    clearSelection();
    if (!feature) {
      popup.remove();
      return;
    }
    selected = { kind: facility ? 'facility' : 'community', properties: { ...feature.properties }, id: feature.id };
    if (selected.kind === 'community') setCommunityState(selected.id, { selected: true });
    const lngLat =
      facility && feature.geometry.type === 'Point'
        ? new maplibregl.LngLat(feature.geometry.coordinates[0] ?? event.lngLat.lng, feature.geometry.coordinates[1] ?? event.lngLat.lat)
        : event.lngLat;
    popup.setLngLat(lngLat).setDOMContent(renderPopup(contentFor(selected, store.get())));
    if (!popup.isOpen()) popup.addTo(map);
  };

  const onPopupClose = () => clearSelection();
  const onState = (state: AppState, previous: AppState) => {
    if (selected && popup.isOpen() && state.lang !== previous.lang) {
      popup.setDOMContent(renderPopup(contentFor(selected, state)));
    }
  };

  map.on('mousemove', onMouseMove);
  map.on('mouseout', onMouseOut);
  map.on('click', onClick);
  popup.on('close', onPopupClose);
  const unsubscribe = store.subscribe(onState);

  return () => {
    unsubscribe();
    popup.off('close', onPopupClose);
    map.off('click', onClick);
    map.off('mouseout', onMouseOut);
    map.off('mousemove', onMouseMove);
    popup.remove();
  };
}
