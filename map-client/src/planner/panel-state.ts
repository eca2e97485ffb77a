// The planner panel's own state, outside the store because nothing else reads it: the scenario
// list, the sign-in error, the status line, the siting run, and form values kept across
// re-renders (each render replaces the inputs).
import type { SitingResult, StoredScenario } from '../api/endpoints.ts';

export type SitingState =
  | { status: 'idle' }
  | { status: 'running'; fraction: number | null }
  | { status: 'ready'; result: SitingResult; type: string }
  | { status: 'accepted'; count: number }
  | { status: 'error'; message: string };

/** Form values by their `data-form` key. */
export interface PanelForm {
  name: string;
  scenarioName: string;
  model: string;
  p: string;
  target: string;
  candidates: string;
  addName: string;
  beds: string;
  gp_count: string;
  floor_area_m2: string;
}

export interface PanelState {
  scenarios: StoredScenario[];
  loginError: string | null;
  message: string | null;
  siting: SitingState;
  sitingController: AbortController | null;
  form: PanelForm;
  /** Names typed for siting proposals (by rank), and the ranks accepted one by one. */
  proposalNames: Map<number, string>;
  acceptedRanks: Set<number>;
}

export function createPanelState(): PanelState {
  return {
    scenarios: [],
    loginError: null,
    message: null,
    siting: { status: 'idle' },
    sitingController: null,
    form: { name: '', scenarioName: '', model: 'mclp', p: '3', target: '90', candidates: 'centroids', addName: '', beds: '', gp_count: '', floor_area_m2: '' },
    proposalNames: new Map(),
    acceptedRanks: new Set(),
  };
}
