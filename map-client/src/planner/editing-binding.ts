// Map editing in planner mode. Tools: add (click the map: a facility of the selected type),
// move (press on a facility and drag it; a marker shows where it goes), close (click a facility:
// a baseline one is closed, one the scenario added is removed). Each edit is saved at once.
import * as maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature, MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { LAYER_IDS } from '../map/ids.ts';
import { isShown } from '../map/layers/facilities.layer.ts';
import { facilityTypeColor } from '../map/palette.ts';
import type { AppState, Store } from '../state.ts';
import { addFacility, closeFacility, moveFacility, type AddDraft } from './scenario-edits.ts';
import type { ScenarioSession } from './session.ts';

const HIT_PX = 8;

function facilityAt(map: MapLibreMap, point: maplibregl.Point): MapGeoJSONFeature | undefined {
  const layers = [LAYER_IDS.scenarioCircle, LAYER_IDS.facilitiesCircle].filter((id) => map.getLayer(id) !== undefined);
  return map.queryRenderedFeatures([[point.x - HIT_PX, point.y - HIT_PX], [point.x + HIT_PX, point.y + HIT_PX]], { layers })
    .filter((feature) => isShown(feature) && feature.properties.status !== 'closed')[0];
}

function pointOf(feature: MapGeoJSONFeature): [number, number] | null {
  if (feature.geometry.type !== 'Point') return null;
  const [lon, lat] = feature.geometry.coordinates;
  return typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : null;
}

export function bindEditing(
  map: MapLibreMap,
  store: Store,
  session: ScenarioSession,
  onError: (message: string) => void,
  /** The add form's name and capacity for the next facility; `onAdded` clears what should not repeat. */
  draft: { get: () => AddDraft | null; onAdded: () => void } = { get: () => null, onAdded: () => undefined },
): () => void {
  let drag: { code: string; marker: maplibregl.Marker } | null = null;

  const remember = (feature: MapGeoJSONFeature) => {
    const at = pointOf(feature);
    const code = String(feature.properties.code ?? feature.id ?? '');
    if (!at || code === '' || feature.layer.id !== LAYER_IDS.facilitiesCircle) return;
    session.remember({ code, name: String(feature.properties.name ?? code), type: String(feature.properties.type ?? ''), status: String(feature.properties.status ?? 'open'), lon: at[0], lat: at[1] });
  };

  const changes = () => [...(store.get().scenario?.changes ?? [])];
  const commit = (next: ReturnType<typeof changes>) => session.commit(next).catch(() => undefined);

  const onClick = (event: MapMouseEvent) => {
    const state = store.get();
    if (!state.scenario || state.tool === 'none' || state.tool === 'move') return;
    if (state.tool === 'add') {
      if (state.selectedType === null) return onError('needType');
      const form = draft.get();
      if (form === null) return onError('invalidFields');
      void commit(addFacility(changes(), state.selectedType, round(event.lngLat.lng), round(event.lngLat.lat), form.name, form.fields));
      draft.onAdded();
      return;
    }
    const facility = facilityAt(map, event.point);
    if (!facility) return;
    remember(facility);
    void commit(closeFacility(changes(), String(facility.properties.code ?? facility.id)));
  };

  const onMouseDown = (event: MapMouseEvent) => {
    const state = store.get();
    if (!state.scenario || state.tool !== 'move') return;
    const facility = facilityAt(map, event.point);
    if (!facility) return;
    event.preventDefault();
    remember(facility);
    const element = document.createElement('div');
    element.className = 'lc-drag-marker';
    element.style.backgroundColor = facilityTypeColor(String(facility.properties.type ?? ''));
    const marker = new maplibregl.Marker({ element }).setLngLat(event.lngLat).addTo(map);
    drag = { code: String(facility.properties.code ?? facility.id), marker };
    map.dragPan.disable();
  };

  const onMouseMove = (event: MapMouseEvent) => {
    if (drag) drag.marker.setLngLat(event.lngLat);
  };

  const onMouseUp = (event: MapMouseEvent) => {
    if (!drag) return;
    const { code, marker } = drag;
    drag = null;
    marker.remove();
    map.dragPan.enable();
    void commit(moveFacility(changes(), code, round(event.lngLat.lng), round(event.lngLat.lat)));
  };

  const onState = (state: AppState, previous: AppState) => {
    if (state.tool === previous.tool && state.scenario === previous.scenario) return;
    const canvas = map.getCanvas();
    canvas.style.cursor = !state.scenario ? '' : state.tool === 'add' ? 'crosshair' : state.tool === 'move' ? 'grab' : state.tool === 'close' ? 'not-allowed' : '';
    canvas.dataset.tool = state.tool;
  };

  map.on('click', onClick);
  map.on('mousedown', onMouseDown);
  map.on('mousemove', onMouseMove);
  map.on('mouseup', onMouseUp);
  const unsubscribe = store.subscribe(onState);
  return () => {
    unsubscribe();
    map.off('click', onClick);
    map.off('mousedown', onMouseDown);
    map.off('mousemove', onMouseMove);
    map.off('mouseup', onMouseUp);
    drag?.marker.remove();
  };
}

/** 7 decimals: ~1 cm, all the precision a facility point needs. */
function round(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
