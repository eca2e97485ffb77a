// Applies store changes to the map: layer-group visibility, the facility type filter (and the
// facilities a scenario moves or closes), and the reach discs or walking areas of the selected type.
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { AppState, ScenarioChange, Store } from '../state.ts';
import { LAYER_GROUP_LAYERS, LAYER_GROUPS, LAYER_IDS } from './ids.ts';
import { facilityFilter } from './layers/facilities.layer.ts';
import { basemapNameExpression, OFFLINE_BASEMAP_LABEL_LAYERS } from './layers/offline-basemap.layer.ts';
import { reachLayers } from './layers/reach.layer.ts';

/** Codes of baseline facilities a scenario's changes move or close. */
export function hiddenCodesOf(changes: readonly ScenarioChange[] | undefined): string[] {
  const codes = new Set<string>();
  for (const change of changes ?? []) if (change.op === 'move' || change.op === 'close') codes.add(change.code);
  return [...codes].sort();
}

export interface BindStateOptions {
  /** The latitude the city sits at (Mercator scale of the reach discs). */
  cityLat: () => number;
}

/** Keeps the map in step with the store; returns the unbind function. */
export function bindStateToMap(map: MapLibreMap, store: Store, options: BindStateOptions): () => void {
  const apply = (state: AppState, previous: AppState | null): void => {
    for (const group of LAYER_GROUPS) {
      // Reach layers are shown by the reach block below (they depend on type and mode too).
      if (group === 'reach' || (previous && state.visible[group] === previous.visible[group])) continue;
      for (const layerId of LAYER_GROUP_LAYERS[group]) {
        if (map.getLayer(layerId)) map.setLayoutProperty(layerId, 'visibility', state.visible[group] ? 'visible' : 'none');
      }
    }
    if (!previous || state.lang !== previous.lang) {
      for (const id of OFFLINE_BASEMAP_LABEL_LAYERS) if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', basemapNameExpression(state.lang));
    }
    const typeChanged = !previous || state.selectedType !== previous.selectedType || state.facilityTypes !== previous.facilityTypes;
    const scenarioChanged = !previous || state.scenario?.changes !== previous.scenario?.changes;
    const reachChanged = !previous || state.visible.reach !== previous.visible.reach || state.mode !== previous.mode;
    const hidden = hiddenCodesOf(state.scenario?.changes);
    if (typeChanged || scenarioChanged) {
      map.setFilter(LAYER_IDS.facilitiesCircle, facilityFilter(state.selectedType, hidden) as FilterSpecification | null);
      map.setFilter(LAYER_IDS.scenarioCircle, facilityFilter(state.selectedType) as FilterSpecification | null);
    }
    if (typeChanged || scenarioChanged || reachChanged) {
      const type = state.facilityTypes.find((candidate) => candidate.code === state.selectedType) ?? null;
      const layers = reachLayers({
        type: type?.code ?? null,
        reachM: type?.reach_m ?? 0,
        lat: options.cityLat(),
        hiddenCodes: hidden,
        visible: state.visible.reach,
        mode: state.mode,
      });
      for (const layer of layers) {
        if (!map.getLayer(layer.id)) continue;
        if (layer.type === 'circle') {
          map.setFilter(layer.id, (layer.filter ?? null) as FilterSpecification | null);
          map.setPaintProperty(layer.id, 'circle-radius', layer.paint?.['circle-radius']);
        }
        // The builder decides: no type, no reach; discs when straight, areas when walking.
        map.setLayoutProperty(layer.id, 'visibility', layer.layout?.visibility ?? 'visible');
      }
    }
  };
  apply(store.get(), null);
  return store.subscribe(apply);
}
