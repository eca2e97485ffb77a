// The map's state in its URL, so a link opens the same map: type, mode, theme, scenario and view
// (`?type=health_station&mode=walk&theme=access&scenario=3&view=118.05,36.8,13.5`). Pure functions
// here; `page-hooks.ts` applies them at start and keeps the address in step.
import type { AppState, DistanceMode, Theme } from './state.ts';

export interface UrlState {
  type?: string;
  mode?: DistanceMode;
  theme?: Theme;
  scenario?: string;
  /** Centre and zoom. */
  view?: { lon: number; lat: number; zoom: number };
}

const SHARED = ['type', 'mode', 'theme', 'scenario', 'view'] as const;

/** Reads the shared members of a query string; anything malformed is left out (never thrown). */
export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const out: UrlState = {};
  const type = q.get('type');
  if (type && /^[A-Za-z0-9_.-]{1,64}$/.test(type)) out.type = type;
  const mode = q.get('mode');
  if (mode === 'straight' || mode === 'walk') out.mode = mode;
  const theme = q.get('theme');
  if (theme === 'coverage' || theme === 'access') out.theme = theme;
  const scenario = q.get('scenario');
  if (scenario && /^[1-9]\d{0,9}$/.test(scenario)) out.scenario = scenario;
  const view = q.get('view')?.split(',').map(Number);
  if (view && view.length === 3 && view.every(Number.isFinite) && Math.abs(view[0]!) <= 180 && Math.abs(view[1]!) <= 85 && view[2]! >= 0 && view[2]! <= 22) {
    out.view = { lon: view[0]!, lat: view[1]!, zoom: view[2]! };
  }
  return out;
}

/** The query string for a state and view, keeping parameters that are not ours (e.g. `lang`). */
export function formatUrlState(search: string, state: Pick<AppState, 'selectedType' | 'mode' | 'theme' | 'scenario'>, view: UrlState['view'] | null): string {
  const q = new URLSearchParams(search);
  for (const key of SHARED) q.delete(key);
  if (state.selectedType) q.set('type', state.selectedType);
  if (state.mode !== 'straight') q.set('mode', state.mode);
  if (state.theme !== 'coverage') q.set('theme', state.theme);
  if (state.scenario) q.set('scenario', state.scenario.id);
  if (view) q.set('view', `${view.lon.toFixed(5)},${view.lat.toFixed(5)},${view.zoom.toFixed(2)}`);
  const text = q.toString();
  return text ? `?${text.replace(/%2C/g, ',')}` : '';
}
