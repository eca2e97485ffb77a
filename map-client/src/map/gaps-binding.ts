// The gaps layer: when a type is selected and a unit is focused (a clicked community's street, or
// a street/district zoomed to), fetch its gaps and show them. Newer requests abort older ones.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, type ApiClient } from '../api/client.ts';
import { fetchGaps } from '../api/endpoints.ts';
import type { AppState, DistanceMode, Store } from '../state.ts';
import { SOURCE_IDS } from './ids.ts';

/** The request key for the current state, or null when there is nothing to fetch. */
export function gapsKey(state: Pick<AppState, 'selectedType' | 'focus' | 'scenario' | 'mode'>): { key: string; type: string; unit: string; scenario: string | null; mode: DistanceMode } | null {
  if (state.selectedType === null || state.focus === null) return null;
  const scenario = state.scenario?.id ?? null;
  const unit = state.focus.code;
  return {
    key: `${state.selectedType}:${unit}:${state.mode}:${scenario ?? '-'}:${state.scenario?.revision ?? 0}`,
    type: state.selectedType,
    unit,
    scenario,
    mode: state.mode,
  };
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function bindGaps(map: MapLibreMap, store: Store, api: ApiClient): () => void {
  let controller: AbortController | null = null;
  let requested: string | null = null;

  const refresh = (state: AppState) => {
    const next = gapsKey(state);
    if ((next?.key ?? null) === requested) return;
    requested = next?.key ?? null;
    controller?.abort();
    if (!next) {
      map.getSource<GeoJSONSource>(SOURCE_IDS.gaps)?.setData(EMPTY);
      store.update({ gaps: { status: 'off' } });
      return;
    }
    const own = new AbortController();
    controller = own;
    store.update({ gaps: { status: 'loading', key: next.key, unit: next.unit } });
    fetchGaps(api, next, own.signal).then(
      (collection) => {
        if (own.signal.aborted) return;
        map.getSource<GeoJSONSource>(SOURCE_IDS.gaps)?.setData(collection);
        store.update({ gaps: { status: 'ready', key: next.key, unit: next.unit, collection } });
      },
      (error: unknown) => {
        if (own.signal.aborted) return;
        map.getSource<GeoJSONSource>(SOURCE_IDS.gaps)?.setData(EMPTY);
        const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
        store.update({ gaps: { status: 'error', key: next.key, unit: next.unit, message } });
      },
    );
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.selectedType !== previous.selectedType || state.focus !== previous.focus || state.scenario !== previous.scenario || state.mode !== previous.mode) refresh(state);
  });
  refresh(store.get());
  return () => {
    unsubscribe();
    controller?.abort();
  };
}
