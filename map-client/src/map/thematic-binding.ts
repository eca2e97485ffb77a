// Fetches the thematic figures the state calls for and paints them: one feature-state `value`
// and palette index `cls` per community (the tiles promote `code` to the feature id); the fill
// expression is fixed (communities.layer.ts). A newer request aborts an older one, so a slow answer never overwrites a newer.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, type ApiClient } from '../api/client.ts';
import { fetchAccessibility, reachPath } from '../api/endpoints.ts';
import { compactCoveragePath, fetchCoverageCompact } from '../api/compact.ts';
import { BACKGROUND_HEADER } from '../background.ts';
import type { Store, Thematic } from '../state.ts';
import { accessFigures, coverageFigures, reachList, scaleFor, thematicRequest, type ThematicRequest } from '../thematic.ts';
import { SOURCE_IDS } from './ids.ts';
import { CLASS_STATE, paletteIndexOf, VALUE_STATE } from './scales.ts';

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

/** What paintThematic last set per community: its feature-state `value` and palette index `cls`. */
export interface PaintedUnit {
  value: number | null;
  cls: number | null;
}
export type PaintedValues = ReadonlyMap<string, PaintedUnit>;

/**
 * Sets each community's feature-states `value` and `cls` (its THEMED_PALETTE index under the
 * theme's scale; both null for codes no longer in the answer, or when the theme goes off). The
 * fill expression is fixed at style build (communities.layer.ts) and never replaced (#16: a
 * data-driven paint swap re-parses every community tile). Only the units that differ from what was
 * painted are set (each setFeatureState re-fills that feature's paint buffers); while an answer is
 * loading nothing changes, so the old colours stay. Returns what is painted now.
 */
export function paintThematic(map: MapLibreMap, thematic: Thematic, previouslyPainted: PaintedValues, _opacity = 0.9): Map<string, PaintedUnit> {
  // While loading, keep the old colours; everything moves when the answer is in.
  if (thematic.status === 'loading') return new Map(previouslyPainted);
  const painted = new Map<string, PaintedUnit>();
  const target = { source: SOURCE_IDS.communities, sourceLayer: SOURCE_IDS.communities };
  if (thematic.status === 'ready') {
    const scale = scaleFor(thematic);
    for (const [code, unit] of thematic.units) {
      const value = unit.value;
      const cls = scale ? paletteIndexOf(scale, value) : null;
      const before = previouslyPainted.get(code);
      if (!before || before.value !== value || before.cls !== cls) map.setFeatureState({ ...target, id: code }, { [VALUE_STATE]: value, [CLASS_STATE]: cls });
      painted.set(code, { value, cls });
    }
  }
  for (const [code, before] of previouslyPainted) {
    if (!painted.has(code) && (before.value !== null || before.cls !== null)) map.setFeatureState({ ...target, id: code }, { [VALUE_STATE]: null, [CLASS_STATE]: null });
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
