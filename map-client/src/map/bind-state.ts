// Applies store changes to the map: layer-group visibility and the facility type filter.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AppState, Store } from '../state.ts';
import { LAYER_GROUP_LAYERS, LAYER_GROUPS, LAYER_IDS } from './ids.ts';
import { facilityTypeFilter } from './layers/facilities.layer.ts';

/** Keeps the map in step with the store; returns the unbind function. */
export function bindStateToMap(map: MapLibreMap, store: Store): () => void {
  const apply = (state: AppState, previous: AppState | null): void => {
    for (const group of LAYER_GROUPS) {
      if (previous && state.visible[group] === previous.visible[group]) continue;
      for (const layerId of LAYER_GROUP_LAYERS[group]) {
        if (map.getLayer(layerId)) map.setLayoutProperty(layerId, 'visibility', state.visible[group] ? 'visible' : 'none');
      }
    }
    if (!previous || state.selectedType !== previous.selectedType) {
      map.setFilter(LAYER_IDS.facilitiesCircle, facilityTypeFilter(state.selectedType));
    }
  };
  apply(store.get(), null);
  return store.subscribe(apply);
}
