// Runs before main.ts (its own module script, first in index.html): takes the map's handle when
// main.ts publishes it, applies the shared state of the URL (`url-state.ts`) before the first
// answer is asked for, keeps the address in step afterwards, and exposes
// `window.lifecircle.idle()`: a promise that resolves once the map has drawn everything the current
// state asks for (answers in, tiles loaded, nothing moving), for tests and benches.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { createApiClient } from './api/client.ts';
import { getScenario } from './api/endpoints.ts';
import type { AppState, Store } from './state.ts';
import { formatUrlState, parseUrlState } from './url-state.ts';
import { BACKGROUND_HEADER } from './background.ts';

interface Handle {
  map: MapLibreMap;
  ready: Promise<void>;
  state: () => AppState;
  store: Store;
}

declare global {
  interface Window {
    lifecircle?: { idle(): Promise<void>; ready: Promise<void> };
  }
}

let inFlight = 0;
const nativeFetch = window.fetch.bind(window);
// A response counts as in flight until its body is read too (#16: fetch resolves at the headers, and
// a large list still downloading and parsing is work the page asked for); background ones never count.
const backgroundResponses = new WeakSet<Response>();
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const background = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).has(BACKGROUND_HEADER);
  if (background) return nativeFetch(input, init).then((response) => (backgroundResponses.add(response), response));
  inFlight += 1;
  return nativeFetch(input, init).finally(() => {
    inFlight -= 1;
  });
};
for (const method of ['json', 'text', 'arrayBuffer', 'blob'] as const) {
  const read = Response.prototype[method] as (this: Response) => Promise<unknown>;
  Object.defineProperty(Response.prototype, method, {
    configurable: true,
    writable: true,
    value: function (this: Response) {
      if (backgroundResponses.has(this)) return read.call(this);
      inFlight += 1;
      return read.call(this).finally(() => {
        inFlight -= 1;
      });
    },
  });
}

const shared = parseUrlState(location.search);
let publish: (handle: Handle) => void = () => undefined;
const handle = new Promise<Handle>((resolve) => (publish = resolve));
let current: Handle | undefined;
Object.defineProperty(window, '__lifecircle', {
  configurable: true,
  enumerable: true,
  get: () => current,
  set: (value: Handle) => {
    current = value;
    applyEarly(value);
    publish(value);
  },
});

let scenarioPending: Promise<void> = Promise.resolve();

/** Mode, theme and scenario go into the store before the map asks for its first answer (the type: main.ts reads it). */
function applyEarly(h: Handle): void {
  const patch: Partial<AppState> = {};
  if (shared.mode) patch.mode = shared.mode;
  if (shared.theme) patch.theme = shared.theme;
  if (Object.keys(patch).length > 0) h.store.update(patch);
  if (shared.scenario) {
    const api = createApiClient({ baseUrl: new URL('/api/', location.href).href, token: () => h.store.get().auth?.token ?? null });
    scenarioPending = getScenario(api, shared.scenario).then(
      (stored) => h.store.update({ scenario: { id: stored.id, name: stored.name, etag: stored.etag, changes: stored.changes, revision: 1 } }),
      (error: unknown) => console.warn(`[lifecircle] scenario ${shared.scenario} of the link not opened:`, error),
    );
  }
}

const settled = handle.then(async (h) => {
  await h.ready;
  await scenarioPending;
  if (shared.view) h.map.jumpTo({ center: [shared.view.lon, shared.view.lat], zoom: shared.view.zoom });
  // From now on the address follows the map.
  const write = () => {
    const c = h.map.getCenter();
    const next = formatUrlState(location.search, h.state(), { lon: c.lng, lat: c.lat, zoom: h.map.getZoom() });
    if (next !== location.search) history.replaceState(history.state, '', `${location.pathname}${next}${location.hash}`);
  };
  h.store.subscribe((state, previous) => {
    if (state.selectedType !== previous.selectedType || state.mode !== previous.mode || state.theme !== previous.theme || state.scenario?.id !== previous.scenario?.id) write();
  });
  h.map.on('moveend', write);
  write();
});
settled.catch(() => undefined);

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function quiet(h: Handle): boolean {
  const s = h.state();
  return inFlight === 0 && s.thematic.status !== 'loading' && s.gaps.status !== 'loading' && s.load.kind !== 'loading'
    && h.map.loaded() && h.map.areTilesLoaded() && !h.map.isMoving();
}

/** Resolves when the map has drawn everything the current state asks for. */
async function idle(): Promise<void> {
  const h = await handle;
  await h.ready;
  await settled;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (quiet(h)) {
      // One frame later, still nothing asked for: done. MapLibre's repaint for the state just applied was
      // asked for before this frame callback, so it has drawn in this frame; a render that asks for
      // tiles (MapLibre requests them while it renders) leaves quiet() false and the loop goes on.
      await frame();
      if (quiet(h)) {
        performance.mark('lc:idle');
        return;
      }
    }
    await Promise.race([h.map.once('idle'), sleep(50)]);
  }
  throw new Error('lifecircle.idle: the map did not settle within 30 s');
}

window.lifecircle = { idle, ready: handle.then((h) => h.ready) };
