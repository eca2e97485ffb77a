// The app's small shared state. Controls read it and call `update`; subscribers re-render.
import { DEFAULT_LANG, type Lang } from './i18n.ts';
import { LAYER_GROUPS, type LayerGroup } from './map/ids.ts';
import type { FacilityTypeProperties } from './types.ts';

export type LoadStatus =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'empty' }
  | { kind: 'error'; code: string; message: string };

export interface DataSummary {
  communities: number;
  facilities: number;
  population: number;
}

export interface AppState {
  lang: Lang;
  /** Facility type shown by the type picker; null = all. */
  selectedType: string | null;
  visible: Readonly<Record<LayerGroup, boolean>>;
  facilityTypes: readonly FacilityTypeProperties[];
  /** Facilities per type code. */
  facilityCounts: Readonly<Record<string, number>>;
  summary: DataSummary | null;
  load: LoadStatus;
}

export type Listener = (state: AppState, previous: AppState) => void;

export interface Store {
  get(): AppState;
  update(patch: Partial<AppState>): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
}

export function initialState(lang: Lang = DEFAULT_LANG): AppState {
  return {
    lang,
    selectedType: null,
    visible: Object.fromEntries(LAYER_GROUPS.map((group) => [group, true])) as Record<LayerGroup, boolean>,
    facilityTypes: [],
    facilityCounts: {},
    summary: null,
    load: { kind: 'loading' },
  };
}

export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    update(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
