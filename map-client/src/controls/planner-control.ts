// Planner mode: sign in, create or open a scenario, edit it on the map (add / move / close
// facilities; each edit saved at once), run siting and accept its proposals, and compare the
// scenario with the baseline by swiping. Coverage recolours for the scenario as it changes.
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, IControl, Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, type ApiClient } from '../api/client.ts';
import { errorText } from '../api/error-messages.ts';
import { login, type SitingResult, type StoredScenario } from '../api/endpoints.ts';
import { facilityTypeName, formatDate, formatNumber, formatPercent, t, type Lang } from '../i18n.ts';
import { describeChanges, type ChangeRow, type KnownFacility } from '../planner/change-places.ts';
import { ComparePanel } from '../planner/compare-panel.ts';
import { SOURCE_IDS } from '../map/ids.ts';
import type { MapStyleOptions } from '../map/style.ts';
import { saveAuth } from '../planner/auth.ts';
import { SwipeCompare } from '../planner/compare.ts';
import { bindEditing } from '../planner/editing-binding.ts';
import { addFacility, parseAddedFields, undoChange, type AddDraft } from '../planner/scenario-edits.ts';
import { ScenarioSession, type SessionStatus } from '../planner/session.ts';
import { acceptProposals, runSiting } from '../planner/siting.ts';
import type { AppState, PlannerTool, ScenarioChange, Store } from '../state.ts';
import { el, uniqueId } from './dom.ts';

export interface PlannerControlOptions {
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

const TOOLS: readonly PlannerTool[] = ['none', 'add', 'move', 'close'];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

type SitingState =
  | { status: 'idle' }
  | { status: 'running'; fraction: number | null }
  | { status: 'ready'; result: SitingResult; type: string }
  | { status: 'accepted'; count: number }
  | { status: 'error'; message: string };

function messageOf(error: unknown, lang: Lang): string {
  return errorText(lang, error);
}

function field(label: HTMLElement, input: HTMLElement, className = 'lc-field'): HTMLElement {
  return el('div', { className }, [label, input]);
}

export class PlannerControl implements IControl {
  private readonly options: PlannerControlOptions;
  private readonly session: ScenarioSession;
  private readonly compare: SwipeCompare;
  private container: HTMLElement | null = null;
  private scenarios: StoredScenario[] = [];
  private loginError: string | null = null;
  private message: string | null = null;
  private siting: SitingState = { status: 'idle' };
  private sitingController: AbortController | null = null;
  private unbindEditing: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Form values kept across re-renders. */
  private form = { name: '', scenarioName: '', model: 'mclp', p: '3', target: '90', candidates: 'centroids', addName: '', beds: '', gp_count: '', floor_area_m2: '' };
  /** Names typed for siting proposals (by rank), and the ranks accepted one by one. */
  private proposalNames = new Map<number, string>();
  private acceptedRanks = new Set<number>();
  private readonly beforeAfter: ComparePanel;

  constructor(options: PlannerControlOptions) {
    this.options = options;
    this.session = new ScenarioSession({ store: options.store, api: options.api, map: options.map });
    this.session.onStatus = (status) => this.onSessionStatus(status);
    this.compare = new SwipeCompare({ map: options.map, store: options.store, api: options.api, styleOptions: options.styleOptions, geojson: options.geojson });
    this.beforeAfter = new ComparePanel({ store: options.store, api: options.api, onUnit: (level, code) => options.onUnit?.(level, code) });
  }

  /** The add form's name and capacity, or null when a capacity field is not a valid number. */
  private draft(): AddDraft | null {
    const { fields, invalid } = parseAddedFields(this.form);
    return invalid.length > 0 ? null : { name: this.form.addName, fields };
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    this.container = el('section', { className: 'lc-section lc-planner', testId: 'planner' });
    this.container.addEventListener('submit', this.onSubmit);
    this.container.addEventListener('click', this.onClick);
    this.container.addEventListener('change', this.onChange);
    this.container.addEventListener('input', this.onInput);
    this.unbindEditing = bindEditing(this.options.map, this.options.store, this.session, (key) => {
      const { lang } = this.options.store.get();
      this.message = key === 'needType' ? t(lang, 'tool.needType') : key === 'invalidFields' ? t(lang, 'add.invalid') : key;
      this.render();
    }, {
      get: () => this.draft(),
      // A name belongs to one facility: the next click starts without it.
      onAdded: () => {
        this.form.addName = '';
        this.render();
      },
    });
    this.unsubscribe = this.options.store.subscribe(this.onState);
    if (this.options.store.get().auth) void this.refreshList();
    this.render();
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unbindEditing?.();
    this.compare.disable();
    this.sitingController?.abort();
    this.container?.removeEventListener('submit', this.onSubmit);
    this.container?.removeEventListener('click', this.onClick);
    this.container?.removeEventListener('change', this.onChange);
    this.container?.removeEventListener('input', this.onInput);
    this.container?.remove();
    this.container = null;
  }

  private readonly onState = (state: AppState, previous: AppState): void => {
    this.beforeAfter.update(state, previous);
    if (state.auth !== previous.auth) {
      saveAuth(state.auth);
      if (state.auth) void this.refreshList();
    }
    if (
      state.lang !== previous.lang || state.auth !== previous.auth || state.scenario !== previous.scenario ||
      state.tool !== previous.tool || state.selectedType !== previous.selectedType || state.facilityTypes !== previous.facilityTypes ||
      state.summary !== previous.summary
    ) {
      this.render();
    }
  };

  private onSessionStatus(status: SessionStatus): void {
    const { lang } = this.options.store.get();
    this.message = status.kind === 'saving' ? t(lang, 'scenario.saving')
      : status.kind === 'saved' ? t(lang, 'scenario.saved')
      : status.kind === 'conflict' ? t(lang, 'scenario.conflict')
      : status.kind === 'error' ? t(lang, 'scenario.error', { message: status.message })
      : null;
    this.render();
  }

  private async refreshList(): Promise<void> {
    try {
      this.scenarios = await this.session.list();
    } catch (error) {
      // An expired token: sign out so the form shows again.
      if (error instanceof ApiError && error.status === 401) this.options.store.update({ auth: null, scenario: null, tool: 'none' });
      this.scenarios = [];
    }
    this.render();
  }

  private readonly onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const key = input.dataset.form as keyof PlannerControl['form'] | undefined;
    if (key) this.form[key] = input.value;
    if (input.dataset.testid === 'proposal-name') this.proposalNames.set(Number(input.dataset.rank), input.value);
  };

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (form.dataset.form === 'login') void this.signIn(form);
    if (form.dataset.form === 'siting') void this.runSiting();
    if (form.dataset.form === 'create') void this.createScenario();
  };

  private readonly onChange = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const key = target.dataset.form as keyof PlannerControl['form'] | undefined;
    if (key) {
      this.form[key] = target.value;
      if (key === 'model') this.render();
    }
    if (target.dataset.testid === 'planner-type') {
      this.options.store.update({ selectedType: target.value === '' ? null : target.value });
      return;
    }
    if (target.dataset.testid === 'proposal-name') {
      this.proposalNames.set(Number(target.dataset.rank), target.value);
      return;
    }
    if (target.dataset.testid === 'scenario-select') {
      const id = target.value === '' ? null : target.value;
      if (this.compare.active && id === null) this.compare.disable();
      void this.session.open(id).catch(() => undefined);
    }
    if (target.dataset.testid === 'compare-toggle') {
      if ((target as HTMLInputElement).checked) this.compare.enable();
      else this.compare.disable();
    }
  };

  private readonly onClick = (event: MouseEvent): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button || button.type === 'submit') return;
    const { store } = this.options;
    if (button.dataset.tool) {
      store.update({ tool: button.dataset.tool as PlannerTool });
      this.message = null;
    } else if (button.dataset.action === 'logout') {
      this.compare.disable();
      store.update({ auth: null, scenario: null, tool: 'none' });
      this.session.redraw();
    } else if (button.dataset.undo !== undefined) {
      const changes = store.get().scenario?.changes ?? [];
      void this.session.commit(undoChange(changes, Number(button.dataset.undo))).catch(() => undefined);
    } else if (button.dataset.action === 'accept') {
      void this.accept();
    } else if (button.dataset.fly !== undefined) {
      const [lon, lat] = button.dataset.fly.split(',').map(Number);
      if (Number.isFinite(lon) && Number.isFinite(lat)) this.options.map.flyTo({ center: [lon!, lat!], zoom: Math.max(this.options.map.getZoom(), 15), duration: 600 });
    } else if (button.dataset.acceptRank !== undefined) {
      void this.acceptOne(Number(button.dataset.acceptRank));
    }
  };

  private async signIn(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const password = String(data.get('password') ?? '');
    this.form.name = name;
    try {
      const result = await login(this.options.api, name, password);
      this.loginError = null;
      this.options.store.update({ auth: { token: result.token, name: result.user.name, role: result.user.role, expiresAt: result.expires_at ?? null } });
    } catch (error) {
      this.loginError = messageOf(error, this.options.store.get().lang);
      this.render();
    }
  }

  private async createScenario(): Promise<void> {
    const { lang } = this.options.store.get();
    const name = this.form.scenarioName.trim() || t(lang, 'scenario.defaultName', { date: formatDate(lang, new Date().toISOString().slice(0, 10)) });
    try {
      await this.session.create(name);
      this.form.scenarioName = '';
      await this.refreshList();
    } catch {
      // The status line says why.
    }
  }

  private async runSiting(): Promise<void> {
    const state = this.options.store.get();
    if (state.selectedType === null) {
      this.message = t(state.lang, 'tool.needType');
      this.render();
      return;
    }
    this.sitingController?.abort();
    const controller = new AbortController();
    this.sitingController = controller;
    this.siting = { status: 'running', fraction: null };
    this.render();
    const type = state.selectedType;
    const request = {
      model: this.form.model,
      type,
      ...(this.form.model === 'lscp' ? { target_rate: Number(this.form.target) / 100 } : { p: Number(this.form.p) }),
      candidates: { generate: this.form.candidates },
      ...(state.scenario ? { scenario: state.scenario.id } : {}),
    };
    try {
      const result = await runSiting(this.options.api, request, (fraction) => {
        this.siting = { status: 'running', fraction };
        this.render();
      }, controller.signal);
      if (controller.signal.aborted) return;
      this.siting = { status: 'ready', result, type };
      this.proposalNames.clear();
      this.acceptedRanks.clear();
      this.options.map.getSource<GeoJSONSource>(SOURCE_IDS.proposals)?.setData(result.proposals);
      this.options.store.update({ sitingCurve: result.curve });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.siting = { status: 'error', message: messageOf(error, this.options.store.get().lang) };
    }
    this.render();
  }

  private async accept(): Promise<void> {
    const scenario = this.options.store.get().scenario;
    if (this.siting.status !== 'ready' || !scenario) return;
    const { type } = this.siting;
    // Those accepted one by one are in the scenario already: accept the rest.
    const rest = this.siting.result.proposals.features.filter((f) => !this.acceptedRanks.has(f.properties.rank));
    if (rest.length === 0) return;
    const result = this.acceptedRanks.size === 0 ? this.siting.result
      : { ...this.siting.result, job: null, proposals: { ...this.siting.result.proposals, features: rest } };
    try {
      const stored = await acceptProposals(this.options.api, scenario, result, type);
      this.session.show(stored);
      this.siting = { status: 'accepted', count: result.proposals.features.length };
      this.options.map.getSource<GeoJSONSource>(SOURCE_IDS.proposals)?.setData(EMPTY);
    } catch (error) {
      this.siting = { status: 'error', message: messageOf(error, this.options.store.get().lang) };
    }
    this.render();
  }

  /** Accepts one proposal into the scenario as an add with its name and its siting source. */
  private async acceptOne(rank: number): Promise<void> {
    const state = this.options.store.get();
    if (this.siting.status !== 'ready' || !state.scenario) return;
    const feature = this.siting.result.proposals.features.find((f) => f.properties.rank === rank);
    if (!feature) return;
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    const name = (this.proposalNames.get(rank) ?? '').trim() || this.proposalName(rank, lon, lat, state.lang);
    const type = feature.properties.type ?? this.siting.type;
    const next = addFacility(state.scenario.changes, type, lon, lat, name);
    const added = next[next.length - 1] as Extract<ScenarioChange, { op: 'add' }>;
    const model = this.form.model;
    const source = { siting: { model: String(model).slice(0, 20), rank, ...(feature.properties.candidate_id ? { candidate_id: String(feature.properties.candidate_id).slice(0, 200) } : {}) } };
    try {
      await this.session.commit([...next.slice(0, -1), { ...added, source }]);
      this.acceptedRanks.add(rank);
    } catch {
      // The status line says why.
    }
    this.render();
  }

  /** A proposal's default name: its rank and the street it lies in. */
  private proposalName(rank: number, lon: number, lat: number, lang: Lang): string {
    const place = this.options.placeAt?.(lon, lat);
    const base = t(lang, 'siting.defaultName', { rank: String(rank) });
    return place ? `${base} · ${place.split(' · ')[0]}` : base;
  }

  private render(): void {
    if (!this.container) return;
    const state = this.options.store.get();
    const { lang } = state;
    this.beforeAfter.render();
    const parts: HTMLElement[] = [];
    if (!state.auth) {
      parts.push(this.loginForm(lang));
    } else {
      parts.push(el('div', { className: 'lc-row lc-row--between' }, [
        el('p', { className: 'lc-hint', testId: 'signed-in', text: t(lang, 'auth.signedIn', { name: state.auth.name, role: t(lang, `auth.role.${state.auth.role}`) }) }),
        el('button', { className: 'lc-button lc-button--quiet', text: t(lang, 'auth.logout'), testId: 'logout', attrs: { type: 'button', 'data-action': 'logout' } }),
      ]));
      parts.push(this.scenarioSection(state));
      if (state.scenario) {
        parts.push(this.toolSection(state));
        parts.push(this.sitingSection(state));
        parts.push(this.compareSection(state));
      }
    }
    if (this.message) parts.push(el('p', { className: 'lc-hint', testId: 'planner-message', text: this.message, attrs: { role: 'status' } }));
    // Re-rendering replaces the inputs: keep the focused one focused.
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : undefined;
    this.container.replaceChildren(...parts);
    if (focused) this.container.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
  }

  private loginForm(lang: Lang): HTMLElement {
    const nameId = uniqueId('lc-login-name');
    const passwordId = uniqueId('lc-login-password');
    const form = el('form', { className: 'lc-form', testId: 'login-form', attrs: { 'data-form': 'login', 'aria-label': t(lang, 'auth.title') } }, [
      el('h2', { className: 'lc-section__title', text: t(lang, 'auth.title') }),
      field(el('label', { className: 'lc-field__label', text: t(lang, 'auth.name'), attrs: { for: nameId } }),
        el('input', { className: 'lc-input', testId: 'login-name', attrs: { id: nameId, name: 'name', autocomplete: 'username', required: '', value: this.form.name } })),
      field(el('label', { className: 'lc-field__label', text: t(lang, 'auth.password'), attrs: { for: passwordId } }),
        el('input', { className: 'lc-input', testId: 'login-password', attrs: { id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: '' } })),
      el('button', { className: 'lc-button', text: t(lang, 'auth.login'), testId: 'login-submit', attrs: { type: 'submit' } }),
    ]);
    if (this.loginError) form.append(el('p', { className: 'lc-hint lc-hint--error', testId: 'login-error', text: t(lang, 'auth.failed', { message: this.loginError }), attrs: { role: 'alert' } }));
    return form;
  }

  private scenarioSection(state: AppState): HTMLElement {
    const { lang } = state;
    const selectId = uniqueId('lc-scenario');
    const nameId = uniqueId('lc-scenario-name');
    const select = el('select', { className: 'lc-select', testId: 'scenario-select', attrs: { id: selectId } }, [
      el('option', { text: t(lang, 'scenario.baseline'), attrs: { value: '' } }),
      ...this.scenarios.map((scenario) => el('option', { text: scenario.name, attrs: { value: scenario.id } })),
    ]);
    if (state.scenario && !this.scenarios.some((scenario) => scenario.id === state.scenario!.id)) {
      select.append(el('option', { text: state.scenario.name, attrs: { value: state.scenario.id } }));
    }
    select.value = state.scenario?.id ?? '';
    return el('div', { className: 'lc-section' }, [
      field(el('label', { className: 'lc-field__label', text: t(lang, 'scenario.select'), attrs: { for: selectId } }), select),
      el('form', { className: 'lc-row', attrs: { 'data-form': 'create' } }, [
        field(el('label', { className: 'lc-field__label', text: t(lang, 'scenario.name'), attrs: { for: nameId } }),
          el('input', { className: 'lc-input', testId: 'scenario-name', attrs: { id: nameId, 'data-form': 'scenarioName', value: this.form.scenarioName, maxlength: '200' } }), 'lc-field lc-grow'),
        el('button', { className: 'lc-button', text: t(lang, 'scenario.create'), testId: 'scenario-create', attrs: { type: 'submit' } }),
      ]),
    ]);
  }

  private toolSection(state: AppState): HTMLElement {
    const { lang } = state;
    const scenario = state.scenario!;
    const buttons = TOOLS.map((tool) => el('button', {
      className: 'lc-segmented__button',
      text: t(lang, `tool.${tool}`),
      testId: `tool-${tool}`,
      attrs: { type: 'button', 'data-tool': tool, 'aria-pressed': String(state.tool === tool) },
    }));
    const typeName = state.selectedType ? facilityTypeName(lang, state.selectedType, state.facilityTypes) : '';
    const hint = state.tool === 'add' && state.selectedType === null ? t(lang, 'tool.needType') : t(lang, `tool.hint.${state.tool}`, { type: typeName });
    const rows = describeChanges(scenario.changes, {
      facility: (code) => this.session.known(code) ?? this.options.facility?.(code) ?? null,
      placeAt: (lon, lat) => this.options.placeAt?.(lon, lat) ?? null,
    });
    const changes = rows.map((row) => {
      const text = this.changeText(row, lang, state);
      return el('li', { className: 'lc-change', testId: 'scenario-change', attrs: { 'data-op': row.op, ...(row.code ? { 'data-code': row.code } : {}) } }, [
        row.point
          ? el('button', { className: 'lc-change__place', testId: 'change-fly', attrs: { type: 'button', 'data-fly': row.point.join(','), 'aria-label': t(lang, 'change.fly', { name: text.title }) } }, [
              el('strong', { className: 'lc-change__name', text: text.title }), el('span', { className: 'lc-change__detail', text: text.detail }),
            ])
          : el('span', { className: 'lc-change__place' }, [el('strong', { className: 'lc-change__name', text: text.title }), el('span', { className: 'lc-change__detail', text: text.detail })]),
        el('button', { className: 'lc-link-button', text: t(lang, 'change.undo'), attrs: { type: 'button', 'data-undo': String(row.index), 'aria-label': `${t(lang, 'change.undo')}: ${text.title}` } }),
      ]);
    });
    return el('div', { className: 'lc-section' }, [
      el('h2', { className: 'lc-section__title', text: t(lang, 'tool.label') }),
      this.typeField(state),
      el('div', { className: 'lc-segmented lc-tools', testId: 'tools', attrs: { role: 'group', 'aria-label': t(lang, 'tool.label') } }, buttons),
      el('p', { className: 'lc-hint', text: hint }),
      ...(state.tool === 'add' ? [this.addForm(lang)] : []),
      el('p', { className: 'lc-hint', testId: 'scenario-change-count', text: t(lang, 'scenario.changes', { count: formatNumber(lang, scenario.changes.length, 0) }) }),
      el('ol', { className: 'lc-changes', testId: 'scenario-changes' }, changes),
    ]);
  }

  /** The facility type to add or site, chosen here where the planner edits (the map's type picker shares it). */
  private typeField(state: AppState): HTMLElement {
    const { lang } = state;
    const id = uniqueId('lc-planner-type');
    const select = el('select', { className: 'lc-select', testId: 'planner-type', attrs: { id } }, [
      el('option', { text: t(lang, 'add.pickType'), attrs: { value: '' } }),
      ...state.facilityTypes.map((type) => el('option', { text: facilityTypeName(lang, type.code, state.facilityTypes), attrs: { value: type.code } })),
    ]);
    select.value = state.selectedType ?? '';
    return field(el('label', { className: 'lc-field__label', text: t(lang, 'add.type'), attrs: { for: id } }), select);
  }

  /** Name and capacity of the next facility the add tool places. */
  private addForm(lang: Lang): HTMLElement {
    const input = (key: 'addName' | 'beds' | 'gp_count' | 'floor_area_m2', label: string, attrs: Record<string, string>) => {
      const id = uniqueId(`lc-add-${key}`);
      return field(el('label', { className: 'lc-field__label', text: label, attrs: { for: id } }),
        el('input', { className: 'lc-input', testId: `add-${key}`, attrs: { id, 'data-form': key, value: this.form[key], ...attrs } }), 'lc-field lc-grow');
    };
    const count = { type: 'number', min: '0', step: '1', inputmode: 'numeric' };
    return el('fieldset', { className: 'lc-add-form', testId: 'add-form' }, [
      el('legend', { className: 'lc-field__label', text: t(lang, 'add.title') }),
      input('addName', t(lang, 'add.name'), { maxlength: '200' }),
      el('div', { className: 'lc-row' }, [
        input('beds', t(lang, 'add.beds'), count),
        input('gp_count', t(lang, 'add.gp'), count),
        input('floor_area_m2', t(lang, 'add.floor'), { type: 'number', min: '0', step: 'any', inputmode: 'decimal' }),
      ]),
      el('p', { className: 'lc-hint', text: t(lang, 'add.hint') }),
    ]);
  }

  private changeText(row: ChangeRow, lang: Lang, state: AppState): { title: string; detail: string } {
    const type = row.type ? facilityTypeName(lang, row.type, state.facilityTypes) : '';
    const title = row.name || type || row.code || '';
    const detail = [t(lang, `change.detail.${row.op}`, { type }), row.place ?? (row.point ? t(lang, 'change.nowhere') : null)]
      .filter((part): part is string => part !== null && part !== '').join(' · ');
    return { title, detail };
  }

  private sitingSection(state: AppState): HTMLElement {
    const { lang } = state;
    const ids = { model: uniqueId('lc-siting-model'), count: uniqueId('lc-siting-count'), candidates: uniqueId('lc-siting-candidates') };
    const model = el('select', { className: 'lc-select', testId: 'siting-model', attrs: { id: ids.model, 'data-form': 'model' } },
      (['mclp', 'lscp', 'pmedian', 'pcenter'] as const).map((value) => el('option', { text: t(lang, `siting.model.${value}`), attrs: { value } })));
    model.value = this.form.model;
    const lscp = this.form.model === 'lscp';
    const count = lscp
      ? el('input', { className: 'lc-input', testId: 'siting-target', attrs: { id: ids.count, type: 'number', min: '1', max: '100', step: '1', 'data-form': 'target', value: this.form.target } })
      : el('input', { className: 'lc-input', testId: 'siting-p', attrs: { id: ids.count, type: 'number', min: '1', max: '200', step: '1', 'data-form': 'p', value: this.form.p } });
    const candidates = el('select', { className: 'lc-select', testId: 'siting-candidates', attrs: { id: ids.candidates, 'data-form': 'candidates' } },
      (['centroids', 'grid'] as const).map((value) => el('option', { text: t(lang, `siting.candidates.${value}`), attrs: { value } })));
    candidates.value = this.form.candidates;
    const running = this.siting.status === 'running';
    const form = el('form', { className: 'lc-form', testId: 'siting-form', attrs: { 'data-form': 'siting' } }, [
      el('h2', { className: 'lc-section__title', text: t(lang, 'siting.title') }),
      field(el('label', { className: 'lc-field__label', text: t(lang, 'siting.model'), attrs: { for: ids.model } }), model),
      el('div', { className: 'lc-row' }, [
        field(el('label', { className: 'lc-field__label', text: t(lang, lscp ? 'siting.target' : 'siting.p'), attrs: { for: ids.count } }), count),
        field(el('label', { className: 'lc-field__label', text: t(lang, 'siting.candidates'), attrs: { for: ids.candidates } }), candidates, 'lc-field lc-grow'),
      ]),
      el('button', { className: 'lc-button', text: t(lang, running ? 'siting.running' : 'siting.run'), testId: 'siting-run', attrs: { type: 'submit', ...(running ? { disabled: '' } : {}) } }),
    ]);
    form.append(...this.sitingResult(lang));
    return form;
  }

  private sitingResult(lang: Lang): HTMLElement[] {
    const s = this.siting;
    if (s.status === 'running') {
      return [el('p', { className: 'lc-hint', testId: 'siting-status', attrs: { role: 'status' }, text: s.fraction === null ? t(lang, 'siting.running') : t(lang, 'siting.progress', { percent: formatPercent(lang, s.fraction, 0) }) })];
    }
    if (s.status === 'error') return [el('p', { className: 'lc-hint lc-hint--error', testId: 'siting-status', attrs: { role: 'alert' }, text: t(lang, 'siting.error', { message: s.message }) })];
    if (s.status === 'accepted') return [el('p', { className: 'lc-hint', testId: 'siting-status', text: t(lang, 'siting.accepted', { count: formatNumber(lang, s.count, 0) }) })];
    if (s.status !== 'ready') return [];
    const features = s.result.proposals.features;
    const households = s.result.households;
    const items = features.map((feature) => {
      const adds = feature.properties.adds?.households;
      const after = feature.properties.households_covered_after;
      const text = adds !== undefined && after !== undefined && households
        ? t(lang, 'siting.proposal', { adds: formatNumber(lang, adds, 0), rate: formatPercent(lang, after / households, 1) })
        : feature.properties.candidate_id ?? '';
      const rank = feature.properties.rank;
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      const state = this.options.store.get();
      const nameId = uniqueId('lc-proposal-name');
      const accepted = this.acceptedRanks.has(rank);
      const name = el('input', { className: 'lc-input', testId: 'proposal-name', attrs: {
        id: nameId, 'data-rank': String(rank), maxlength: '200', value: this.proposalNames.get(rank) ?? this.proposalName(rank, lon, lat, lang),
        ...(accepted ? { disabled: '' } : {}),
      } });
      const place = this.options.placeAt?.(lon, lat);
      return el('li', { className: 'lc-proposal', testId: 'proposal', attrs: { 'data-rank': String(rank) } }, [
        el('label', { className: 'lc-visually-hidden', text: `${t(lang, 'siting.name')} ${formatNumber(lang, rank, 0)}`, attrs: { for: nameId } }),
        name,
        el('span', { className: 'lc-hint', text: [text, place].filter(Boolean).join(' · ') }),
        el('div', { className: 'lc-row' }, [
          el('button', { className: 'lc-link-button', testId: 'proposal-fly', text: t(lang, 'siting.fly'), attrs: { type: 'button', 'data-fly': `${lon},${lat}` } }),
          accepted || !state.scenario
            ? el('span', { className: 'lc-hint', testId: 'proposal-accepted', text: accepted ? t(lang, 'siting.acceptedOne') : '' })
            : el('button', { className: 'lc-link-button', testId: 'proposal-accept', text: t(lang, 'siting.acceptOne'), attrs: { type: 'button', 'data-accept-rank': String(rank) } }),
        ]),
      ]);
    });
    return [
      el('p', { className: 'lc-hint', testId: 'siting-status', text: t(lang, 'siting.result', { count: formatNumber(lang, features.length, 0) }) }),
      el('ol', { className: 'lc-proposals', testId: 'siting-proposals' }, items),
      el('button', { className: 'lc-button', text: t(lang, 'siting.accept'), testId: 'siting-accept', attrs: { type: 'button', 'data-action': 'accept' } }),
    ];
  }

  private compareSection(state: AppState): HTMLElement {
    const { lang } = state;
    const input = el('input', { testId: 'compare-toggle', attrs: { type: 'checkbox' } });
    input.checked = this.compare.active;
    return el('div', { className: 'lc-section' }, [
      el('h2', { className: 'lc-section__title', text: t(lang, 'compare.title') }),
      el('label', { className: 'lc-check' }, [input, el('span', { text: t(lang, 'compare.swipe') })]),
      this.beforeAfter.element,
    ]);
  }
}
