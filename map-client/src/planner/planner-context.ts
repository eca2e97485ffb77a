// What the planner panel's parts share: the page's options, the scenario session, the swipe
// comparison, the before/after panel, the panel's own state and a way to redraw it. The control
// builds one; views read it, actions and event handlers change it and call `render`.
import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ApiClient } from '../api/client.ts';
import type { MapStyleOptions } from '../map/style.ts';
import type { Store } from '../state.ts';
import type { KnownFacility } from './change-places.ts';
import type { ComparePanel } from './compare-panel.ts';
import type { SwipeCompare } from './compare.ts';
import type { PanelState } from './panel-state.ts';
import type { ScenarioSession } from './session.ts';

export interface PlannerOptions {
  store: Store;
  api: ApiClient;
  map: MapLibreMap;
  styleOptions: Pick<MapStyleOptions, 'apiBase' | 'basemap'>;
  /** The GeoJSON the main map shows (for the comparison map). */
  geojson: () => Partial<Record<'districts' | 'streets' | 'labels', FeatureCollection>>;
  /** "Street · community" at a point (null outside every street). */
  placeAt?: (lon: number, lat: number) => string | null;
  /** A baseline facility's name, type and point, when the page knows it. */
  facility?: (code: string) => KnownFacility | null;
  /** Flies the map to a unit of a level (the before/after panel's rows). */
  onUnit?: (level: string, code: string) => void;
}

export interface PlannerContext {
  options: PlannerOptions;
  session: ScenarioSession;
  compare: SwipeCompare;
  beforeAfter: ComparePanel;
  panel: PanelState;
  /** Redraws the panel from the store and `panel`. */
  render: () => void;
}
