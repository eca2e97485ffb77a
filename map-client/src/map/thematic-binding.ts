// Fetches the thematic figures the state calls for and paints them: one feature-state `value`
// per community (the tiles promote `code` to the feature id), and the fill expression of the
// matching scale. A newer request aborts an older one, so a slow answer never overwrites a newer.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, type ApiClient } from '../api/client.ts';
import { fetchAccessibility, reachPath } from '../api/endpoints.ts';
import { compactCoveragePath, fetchCoverageCompact } from '../api/compact.ts';
import { BACKGROUND_HEADER } from '../background.ts';
import type { Store, Thematic } from '../state.ts';
import { accessFigures, coverageFigures, reachList, scaleFor, thematicRequest, type ThematicRequest } from '../thematic.ts';
import { LAYER_IDS, SOURCE_IDS } from './ids.ts';
import { communityFillColor, communityFillOpacity } from './layers/communities.layer.ts';
import { VALUE_STATE } from './scales.ts';

/** Loads the figures for a request (coverage or accessibility) as a ready Thematic. */
export async function loadThematic(api: ApiClient, request: ThematicRequest, signal?: AbortSignal): Promise<Thematic> {
  if (request.theme === 'access') {
    const report = await fetchAccessibility(api, request.profile, { scenario: request.scenario, mode: request.mode }, signal);
    const units = accessFigures(report, request.profile.per);
    const ratio = report.totals.ratio;
    return {
      status: 'ready',
      key: request.key,
      theme: 'access',
      mode: request.mode,
      types: request.profile.types,
      asOf: report.as_of,
      reachM: reachList(report.reach_m),
      per: request.profile.per,
      target: request.profile.target,
      units,
      total: typeof ratio === 'number' ? ratio * request.profile.per : null,
    };
  }
  const report = await fetchCoverageCompact(api, { type: request.type, scenario: request.scenario, mode: request.mode }, signal);
  return {
    status: 'ready',
    key: request.key,
    theme: 'coverage',
    mode: request.mode,
    types: [request.type],
    asOf: report.as_of,
    reachM: reachList(report.reach_m),
    units: coverageFigures(report),
    total: report.totals.rate,
  };
}

/** What paintThematic last set: community code → the feature-state value it holds. */
export type PaintedValues = ReadonlyMap<string, number | null>;

/**
 * Sets each community's feature-state `value` (null for codes no longer in the answer) and the
 * fill paint. Only the values that differ from what was painted before are set (#16: a scenario
 * edit moves a few communities, and each setFeatureState re-fills that feature's paint buffers);
 * while an answer is loading nothing changes, so the old colours stay. Returns what is painted now.
 */
export function paintThematic(map: MapLibreMap, thematic: Thematic, previouslyPainted: PaintedValues, opacity = 0.9): Map<string, number | null> {
  // While loading, keep the old colours (and the paint); everything moves when the answer is in.
  if (thematic.status === 'loading') return new Map(previouslyPainted);
  const painted = new Map<string, number | null>();
  const target = { source: SOURCE_IDS.communities, sourceLayer: SOURCE_IDS.communities };
  if (thematic.status === 'ready') {
    for (const [code, unit] of thematic.units) {
      const value = unit.value;
      if (!previouslyPainted.has(code) || previouslyPainted.get(code) !== value) map.setFeatureState({ ...target, id: code }, { [VALUE_STATE]: value });
      painted.set(code, value);
    }
  }
  for (const [code, value] of previouslyPainted) {
    if (!painted.has(code) && value !== null) map.setFeatureState({ ...target, id: code }, { [VALUE_STATE]: null });
  }
  if (thematic.status === 'ready' || thematic.status === 'off') {
    const scale = scaleFor(thematic);
    if (map.getLayer(LAYER_IDS.communitiesFill)) {
      // setPaintProperty ignores a value equal to the current one, so an unchanged scale costs nothing.
      map.setPaintProperty(LAYER_IDS.communitiesFill, 'fill-color', communityFillColor(scale));
      map.setPaintProperty(LAYER_IDS.communitiesFill, 'fill-opacity', communityFillOpacity(scale, opacity));
    }
  }
  return painted;
}

/** Keeps the community colours in step with the store; returns the unbind function. */
export function bindThematic(map: MapLibreMap, store: Store, api: ApiClient, options: { opacity?: number } = {}): () => void {
  let controller: AbortController | null = null;
  let requestedKey: string | null = null;
  let painted: PaintedValues = new Map();
  // Once the first colours are in, the walking answer of the type is asked for in the background,
  // so the server builds its walking engine ahead of the first switch to walking distance.
  const prefetched = new Set<string>();
  // With the reach layer on, the walking reach areas too (the slowest part of that switch; the
  // server keeps them, and the browser revalidates them by ETag when the switch asks).
  const prefetchWalk = (type: string, reach: boolean) => {
    if (prefetched.has(type)) return;
    prefetched.add(type);
    const background = (path: string) =>
      fetch(api.url(path), { headers: { [BACKGROUND_HEADER]: '1' } }).then((r) => r.arrayBuffer(), () => undefined).catch(() => undefined);
    setTimeout(() => {
      void background(compactCoveragePath({ type, mode: 'walk' })).then(() => (reach ? background(reachPath({ type, mode: 'walk' })) : undefined));
    }, 0);
  };

  const request = () => {
    const next = thematicRequest(store.get());
    const key = next?.key ?? null;
    if (key === requestedKey) return;
    requestedKey = key;
    controller?.abort();
    controller = null;
    if (!next) {
      store.update({ thematic: { status: 'off' } });
      return;
    }
    const own = new AbortController();
    controller = own;
    store.update({ thematic: { status: 'loading', key: next.key } });
    loadThematic(api, next, own.signal).then(
      (thematic) => {
        if (!own.signal.aborted) store.update({ thematic });
      },
      (error: unknown) => {
        if (own.signal.aborted) return;
        const code = error instanceof ApiError ? error.code : 'client_error';
        const message = error instanceof Error ? error.message : String(error);
        store.update({ thematic: { status: 'error', key: next.key, code, message } });
      },
    );
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.selectedType !== previous.selectedType || state.theme !== previous.theme || state.scenario !== previous.scenario || state.mode !== previous.mode) request();
    if (state.thematic !== previous.thematic) painted = paintThematic(map, state.thematic, painted, options.opacity);
    if (state.thematic !== previous.thematic && state.thematic.status === 'ready' && state.thematic.theme === 'coverage' && state.mode === 'straight' && !state.scenario) {
      const type = state.thematic.types[0];
      if (type) prefetchWalk(type, state.visible.reach);
    }
  });
  request();
  return () => {
    unsubscribe();
    controller?.abort();
  };
}
