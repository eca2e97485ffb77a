// Applies store changes to the map: layer-group visibility, the facility type filter, the facilities
// a scenario moves or closes (feature-state), and the reach discs or walking areas of the selected
// type. Only the type touches filters: MapLibre re-parses every tile of a source on a filter or
// `visibility` change, so a mode switch or a scenario edit sets states and constant opacities (#16).
// A type or mode switch is held until its colours are in (`ready`), so the map changes in one go.
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { AppState, ScenarioChange, Store } from '../state.ts';
import { LAYER_GROUP_LAYERS, LAYER_GROUPS, LAYER_IDS, SOURCE_IDS } from './ids.ts';
import { facilityFilter, HIDDEN_STATE } from './layers/facilities.layer.ts';
import { basemapNameExpression, OFFLINE_BASEMAP_LABEL_LAYERS } from './layers/offline-basemap.layer.ts';
import { reachLayers, reachOpacities } from './layers/reach.layer.ts';

/** Codes of baseline facilities a scenario's changes move or close. */
export function hiddenCodesOf(changes: readonly ScenarioChange[] | undefined): string[] {
  const codes = new Set<string>();
  for (const change of changes ?? []) if (change.op === 'move' || change.op === 'close') codes.add(change.code);
  return [...codes].sort();
}

/** The HIDDEN_STATE values that take the map from hiding `before` to hiding `after`. */
export function hiddenStateChanges(before: ReadonlySet<string>, after: ReadonlySet<string>): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  for (const code of before) if (!after.has(code)) out.push([code, false]);
  for (const code of after) if (!before.has(code)) out.push([code, true]);
  return out;
}

export interface BindStateOptions {
  /** The latitude the city sits at (Mercator scale of the reach discs). */
  cityLat: () => number;
  /**
   * Whether what else the state asks for (the colours) is in: a type or mode switch waits for it, at
   * most `holdMs`, so the map changes once, in one frame, not once per part (#16: each frame of a
   * 1440×900 map costs 130–190 ms in software WebGL here). Without it, switches apply at once.
   */
  ready?: (state: AppState) => boolean;
  /** The longest a switch waits for `ready`. Default 1 500 ms. */
  holdMs?: number;
}

/** The type and mode the map draws (its filters, reach discs or areas). */
interface Drawn {
  type: string | null;
  facilityTypes: AppState['facilityTypes'];
  mode: AppState['mode'];
  reach: boolean;
}

/** Keeps the map in step with the store; returns the unbind function. */
export function bindStateToMap(map: MapLibreMap, store: Store, options: BindStateOptions): () => void {
  let hiddenNow = new Set<string>();
  let drawn: Drawn | null = null;
  let hold: ReturnType<typeof setTimeout> | null = null;
  const drawType = (state: AppState, force: boolean): void => {
    const typeChanged = !drawn || state.selectedType !== drawn.type || state.facilityTypes !== drawn.facilityTypes;
    const reachChanged = typeChanged || state.visible.reach !== drawn!.reach || state.mode !== drawn!.mode;
    if (!reachChanged) return;
    if (drawn && !force && options.ready && !options.ready(state)) {
      hold ??= setTimeout(() => {
        hold = null;
        drawType(store.get(), true);
      }, options.holdMs ?? 1500);
      return;
    }
    if (hold) clearTimeout(hold);
    hold = null;
    drawn = { type: state.selectedType, facilityTypes: state.facilityTypes, mode: state.mode, reach: state.visible.reach };
    const type = state.facilityTypes.find((candidate) => candidate.code === state.selectedType) ?? null;
    if (typeChanged) {
      map.setFilter(LAYER_IDS.facilitiesCircle, facilityFilter(state.selectedType) as FilterSpecification | null);
      map.setFilter(LAYER_IDS.scenarioCircle, facilityFilter(state.selectedType) as FilterSpecification | null);
      const layers = reachLayers({ type: type?.code ?? null, reachM: type?.reach_m ?? 0, lat: options.cityLat() });
      for (const layer of layers) {
        if (layer.type !== 'circle' || !map.getLayer(layer.id)) continue;
        map.setFilter(layer.id, (layer.filter ?? null) as FilterSpecification | null);
        map.setPaintProperty(layer.id, 'circle-radius', layer.paint?.['circle-radius']);
      }
    }
    // The builder decides: no type, no reach; discs when straight, areas when walking.
    for (const [id, property, value] of reachOpacities({ type: type?.code ?? null, visible: state.visible.reach, mode: state.mode })) {
      if (map.getLayer(id)) map.setPaintProperty(id, property, value);
    }
  };
  const apply = (state: AppState, previous: AppState | null): void => {
    for (const group of LAYER_GROUPS) {
      // Reach layers are shown by drawType (they depend on type and mode too).
      if (group === 'reach' || (previous && state.visible[group] === previous.visible[group])) continue;
      for (const layerId of LAYER_GROUP_LAYERS[group]) {
        if (map.getLayer(layerId)) map.setLayoutProperty(layerId, 'visibility', state.visible[group] ? 'visible' : 'none');
      }
    }
    if (!previous || state.lang !== previous.lang) {
      for (const id of OFFLINE_BASEMAP_LABEL_LAYERS) if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', basemapNameExpression(state.lang));
    }
    const scenarioChanged = !previous || state.scenario?.changes !== previous.scenario?.changes;
    if (scenarioChanged && map.getSource(SOURCE_IDS.facilities)) {
      const hidden = new Set(hiddenCodesOf(state.scenario?.changes));
      for (const [code, value] of hiddenStateChanges(hiddenNow, hidden)) {
        map.setFeatureState({ source: SOURCE_IDS.facilities, sourceLayer: SOURCE_IDS.facilities, id: code }, { [HIDDEN_STATE]: value });
      }
      hiddenNow = hidden;
    }
    drawType(state, false);
  };
  apply(store.get(), null);
  const unsubscribe = store.subscribe(apply);
  return () => {
    unsubscribe();
    if (hold) clearTimeout(hold);
  };
}
