// What the planner panel's buttons and forms do: sign in, list and create scenarios, run siting
// and accept its proposals (all or one by one). Each changes the store or the panel state and
// redraws; errors end up in the panel (the status line, the sign-in or siting message).
import type { GeoJSONSource } from 'maplibre-gl';
import { ApiError } from '../api/client.ts';
import { errorText } from '../api/error-messages.ts';
import { login } from '../api/endpoints.ts';
import { formatDate, t, type Lang } from '../i18n.ts';
import { SOURCE_IDS } from '../map/ids.ts';
import type { ScenarioChange } from '../state.ts';
import type { PlannerContext } from './planner-context.ts';
import { addFacility } from './scenario-edits.ts';
import type { SessionStatus } from './session.ts';
import { acceptProposals, runSiting } from './siting.ts';
import { proposalName } from './siting-view.ts';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The status line for a save state of the session (null: none). */
export function sessionMessage(status: SessionStatus, lang: Lang): string | null {
  return status.kind === 'saving' ? t(lang, 'scenario.saving')
    : status.kind === 'saved' ? t(lang, 'scenario.saved')
    : status.kind === 'conflict' ? t(lang, 'scenario.conflict')
    : status.kind === 'error' ? t(lang, 'scenario.error', { message: status.message })
    : null;
}

export async function refreshList(ctx: PlannerContext): Promise<void> {
  try {
    ctx.panel.scenarios = await ctx.session.list();
  } catch (error) {
    // An expired token: sign out so the form shows again.
    if (error instanceof ApiError && error.status === 401) ctx.options.store.update({ auth: null, scenario: null, tool: 'none' });
    ctx.panel.scenarios = [];
  }
  ctx.render();
}

export async function signIn(ctx: PlannerContext, form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const name = String(data.get('name') ?? '').trim();
  const password = String(data.get('password') ?? '');
  ctx.panel.form.name = name;
  try {
    const result = await login(ctx.options.api, name, password);
    ctx.panel.loginError = null;
    ctx.options.store.update({ auth: { token: result.token, name: result.user.name, role: result.user.role, expiresAt: result.expires_at ?? null } });
  } catch (error) {
    ctx.panel.loginError = errorText(ctx.options.store.get().lang, error);
    ctx.render();
  }
}

export async function createScenario(ctx: PlannerContext): Promise<void> {
  const { lang } = ctx.options.store.get();
  const name = ctx.panel.form.scenarioName.trim() || t(lang, 'scenario.defaultName', { date: formatDate(lang, new Date().toISOString().slice(0, 10)) });
  try {
    await ctx.session.create(name);
    ctx.panel.form.scenarioName = '';
    await refreshList(ctx);
  } catch {
    // The status line says why.
  }
}

export async function startSiting(ctx: PlannerContext): Promise<void> {
  const { panel, options } = ctx;
  const state = options.store.get();
  if (state.selectedType === null) {
    panel.message = t(state.lang, 'tool.needType');
    ctx.render();
    return;
  }
  panel.sitingController?.abort();
  const controller = new AbortController();
  panel.sitingController = controller;
  panel.siting = { status: 'running', fraction: null };
  ctx.render();
  const type = state.selectedType;
  const request = {
    model: panel.form.model,
    type,
    ...(panel.form.model === 'lscp' ? { target_rate: Number(panel.form.target) / 100 } : { p: Number(panel.form.p) }),
    candidates: { generate: panel.form.candidates },
    ...(state.scenario ? { scenario: state.scenario.id } : {}),
  };
  try {
    const result = await runSiting(options.api, request, (fraction) => {
      panel.siting = { status: 'running', fraction };
      ctx.render();
    }, controller.signal);
    if (controller.signal.aborted) return;
    panel.siting = { status: 'ready', result, type };
    panel.proposalNames.clear();
    panel.acceptedRanks.clear();
    options.map.getSource<GeoJSONSource>(SOURCE_IDS.proposals)?.setData(result.proposals);
    options.store.update({ sitingCurve: result.curve });
  } catch (error) {
    if (controller.signal.aborted) return;
    panel.siting = { status: 'error', message: errorText(options.store.get().lang, error) };
  }
  ctx.render();
}

export async function acceptAll(ctx: PlannerContext): Promise<void> {
  const { panel, options } = ctx;
  const scenario = options.store.get().scenario;
  const siting = panel.siting;
  if (siting.status !== 'ready' || !scenario) return;
  const { type } = siting;
  // Those accepted one by one are in the scenario already: accept the rest.
  const rest = siting.result.proposals.features.filter((f) => !panel.acceptedRanks.has(f.properties.rank));
  if (rest.length === 0) return;
  const result = panel.acceptedRanks.size === 0 ? siting.result
    : { ...siting.result, job: null, proposals: { ...siting.result.proposals, features: rest } };
  try {
    const stored = await acceptProposals(options.api, scenario, result, type);
    ctx.session.show(stored);
    panel.siting = { status: 'accepted', count: result.proposals.features.length };
    options.map.getSource<GeoJSONSource>(SOURCE_IDS.proposals)?.setData(EMPTY);
  } catch (error) {
    panel.siting = { status: 'error', message: errorText(options.store.get().lang, error) };
  }
  ctx.render();
}

/** Accepts one proposal into the scenario as an add with its name and its siting source. */
export async function acceptOne(ctx: PlannerContext, rank: number): Promise<void> {
  const { panel, options } = ctx;
  const state = options.store.get();
  const siting = panel.siting;
  if (siting.status !== 'ready' || !state.scenario) return;
  const feature = siting.result.proposals.features.find((f) => f.properties.rank === rank);
  if (!feature) return;
  const [lon, lat] = feature.geometry.coordinates as [number, number];
  const name = (panel.proposalNames.get(rank) ?? '').trim() || proposalName(rank, lon, lat, state.lang, options.placeAt);
  const type = feature.properties.type ?? siting.type;
  const next = addFacility(state.scenario.changes, type, lon, lat, name);
  const added = next[next.length - 1] as Extract<ScenarioChange, { op: 'add' }>;
  const model = panel.form.model;
  const source = { siting: { model: String(model).slice(0, 20), rank, ...(feature.properties.candidate_id ? { candidate_id: String(feature.properties.candidate_id).slice(0, 200) } : {}) } };
  try {
    await ctx.session.commit([...next.slice(0, -1), { ...added, source }]);
    panel.acceptedRanks.add(rank);
  } catch {
    // The status line says why.
  }
  ctx.render();
}
