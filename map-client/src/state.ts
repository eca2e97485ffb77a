// The app's small shared state. Controls read it and call `update`; subscribers re-render.
import { DEFAULT_LANG, type Lang } from './i18n.ts';
import { HIDDEN_BY_DEFAULT, LAYER_GROUPS, type LayerGroup } from './map/ids.ts';
import type { GapCollection } from './api/endpoints.ts';
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

/** What colours the communities when a type is selected. */
export type Theme = 'coverage' | 'access';

/** How distance to a facility is measured: straight line (geodesic) or walking along streets. */
export type DistanceMode = 'straight' | 'walk';

/** A community's figures behind the thematic colour (from /api/coverage or /api/accessibility). */
export interface UnitFigures {
  code: string;
  name: string;
  /** The value the colour shows: coverage rate 0–1, or supply per `per` demand. Null: no data. */
  value: number | null;
  households?: number;
  households_covered?: number;
  rate?: number | null;
  demand?: number;
  supply_reachable?: number;
  ratio_per?: number | null;
}

export type Thematic =
  | { status: 'off' }
  | { status: 'loading'; key: string }
  | { status: 'error'; key: string; code: string; message: string }
  | {
      status: 'ready';
      key: string;
      theme: Theme;
      /** Distance used (accessibility is straight-line only). */
      mode: DistanceMode;
      /** Types measured (the accessibility profile pools several). */
      types: readonly string[];
      asOf: string;
      /** Coverage: the reach used, in metres (one per type). */
      reachM: readonly number[];
      /** Accessibility: the "per" base and target. */
      per?: number;
      target?: number;
      units: ReadonlyMap<string, UnitFigures>;
      /** City total of the value (rate or ratio per `per`). */
      total: number | null;
    };

export interface Auth {
  token: string;
  name: string;
  role: 'planner' | 'admin';
  expiresAt: string | null;
}

/** A facility change in a scenario (as stored by the API). */
export type ScenarioChange =
  | { op: 'add'; code?: string; type: string; name?: string; lon: number; lat: number; source?: unknown; fields?: unknown }
  | { op: 'move'; code: string; lon: number; lat: number }
  | { op: 'close'; code: string };

export interface ScenarioState {
  id: string;
  name: string;
  /** The ETag of the stored version, sent as If-Match with the next PATCH. */
  etag: string | null;
  changes: readonly ScenarioChange[];
  /** Bumped on every stored change so the map refetches what depends on it. */
  revision: number;
}

export type PlannerTool = 'none' | 'add' | 'move' | 'close';
export type Tab = 'map' | 'indicators' | 'planner';

/** The unit whose gaps are shown (clicked community's street, or a zoomed-to street/district). */
export interface Focus {
  level: 'community' | 'street' | 'district';
  code: string;
  name: string;
}

/** The gaps of the focused unit (GET /api/coverage/gaps), shown on the map and in popups. */
export type GapsState =
  | { status: 'off' }
  | { status: 'loading'; key: string; unit: string }
  | { status: 'error'; key: string; unit: string; message: string }
  | { status: 'ready'; key: string; unit: string; collection: GapCollection };

export interface AppState {
  lang: Lang;
  /** Facility type shown by the type picker; null = all (and no thematic colour). */
  selectedType: string | null;
  theme: Theme;
  mode: DistanceMode;
  visible: Readonly<Record<LayerGroup, boolean>>;
  facilityTypes: readonly FacilityTypeProperties[];
  /** Facilities per type code. */
  facilityCounts: Readonly<Record<string, number>>;
  summary: DataSummary | null;
  load: LoadStatus;
  thematic: Thematic;
  focus: Focus | null;
  gaps: GapsState;
  tab: Tab;
  auth: Auth | null;
  scenario: ScenarioState | null;
  tool: PlannerTool;
  /** The last siting run's coverage curve (facilities → share covered), for the chart. */
  sitingCurve: readonly { k: number; value: number }[] | null;
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
    theme: 'coverage',
    mode: 'straight',
    visible: Object.fromEntries(LAYER_GROUPS.map((group) => [group, !HIDDEN_BY_DEFAULT.includes(group)])) as Record<LayerGroup, boolean>,
    facilityTypes: [],
    facilityCounts: {},
    summary: null,
    load: { kind: 'loading' },
    thematic: { status: 'off' },
    focus: null,
    gaps: { status: 'off' },
    tab: 'map',
    auth: null,
    scenario: null,
    tool: 'none',
    sitingCurve: null,
  };
}

/**
 * The store. An update made by a listener is applied at once but announced after the current
 * announcement has reached every listener, so each listener sees the states in order.
 */
export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  const pending: [AppState, AppState][] = [];
  let announcing = false;
  return {
    get: () => state,
    update(patch) {
      const previous = state;
      state = { ...state, ...patch };
      pending.push([state, previous]);
      if (announcing) return;
      announcing = true;
      try {
        while (pending.length > 0) {
          const [next, before] = pending.shift()!;
          for (const listener of [...listeners]) listener(next, before);
        }
      } finally {
        announcing = false;
        pending.length = 0;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
