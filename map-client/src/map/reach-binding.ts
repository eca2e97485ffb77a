// Walking reach areas: in walking mode, with a type picked and the reach layer on, fetch the
// areas along the streets (GET /api/coverage/reach?mode=walk, for the scenario if any) into the
// `reach` source. Straight-line discs need no request (reach.layer.ts draws them from the tiles).
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { ApiClient } from '../api/client.ts';
import { reachPath } from '../api/endpoints.ts';
import type { AppState, Store } from '../state.ts';
import { SOURCE_IDS } from './ids.ts';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The request the state calls for, or null (nothing to show). */
export function reachRequest(state: Pick<AppState, 'mode' | 'selectedType' | 'visible' | 'scenario'>): string | null {
  if (state.mode !== 'walk' || state.selectedType === null || !state.visible.reach) return null;
  return reachPath({ type: state.selectedType, mode: 'walk', scenario: state.scenario?.id ?? null }) + `#${state.scenario?.revision ?? 0}`;
}

export function bindReachAreas(map: MapLibreMap, store: Store, api: ApiClient): () => void {
  let requested: string | null = null;
  let controller: AbortController | null = null;
  const refresh = (state: AppState) => {
    const next = reachRequest(state);
    if (next === requested) return;
    requested = next;
    controller?.abort();
    const source = () => map.getSource<GeoJSONSource>(SOURCE_IDS.reach);
    if (next === null) {
      source()?.setData(EMPTY);
      return;
    }
    const own = new AbortController();
    controller = own;
    api.getJson(next.slice(0, next.lastIndexOf('#')), own.signal).then(
      (areas) => {
        if (!own.signal.aborted) source()?.setData(areas as GeoJSON.FeatureCollection);
      },
      (error: unknown) => {
        if (!own.signal.aborted) console.warn('[lifecircle] could not load the walking reach areas:', error);
      },
    );
  };
  const unsubscribe = store.subscribe((state) => refresh(state));
  refresh(store.get());
  return () => {
    unsubscribe();
    controller?.abort();
  };
}
