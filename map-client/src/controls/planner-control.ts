// Planner mode: sign in, create or open a scenario, edit it on the map (add / move / close
// facilities; each edit saved at once), run siting and accept its proposals, and compare the
// scenario with the baseline by swiping. Coverage recolours for the scenario as it changes.
// This control only assembles and mounts the parts in ../planner/: the panel's state
// (panel-state), its views (panel-view and the *-view modules), its actions (panel-actions),
// its event wiring (panel-events) and the map editing (editing-binding).
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { t } from '../i18n.ts';
import { saveAuth } from '../planner/auth.ts';
import { ComparePanel } from '../planner/compare-panel.ts';
import { SwipeCompare } from '../planner/compare.ts';
import { bindEditing } from '../planner/editing-binding.ts';
import { refreshList, sessionMessage } from '../planner/panel-actions.ts';
import { bindPanelEvents } from '../planner/panel-events.ts';
import { createPanelState } from '../planner/panel-state.ts';
import { renderPanel } from '../planner/panel-view.ts';
import type { PlannerContext, PlannerOptions } from '../planner/planner-context.ts';
import { parseAddedFields, type AddDraft } from '../planner/scenario-edits.ts';
import { ScenarioSession } from '../planner/session.ts';
import type { AppState } from '../state.ts';
import { el } from './dom.ts';

export type PlannerControlOptions = PlannerOptions;

export class PlannerControl implements IControl {
  private readonly ctx: PlannerContext;
  private container: HTMLElement | null = null;
  private unbind: Array<() => void> = [];

  constructor(options: PlannerControlOptions) {
    const session = new ScenarioSession({ store: options.store, api: options.api, map: options.map });
    this.ctx = {
      options,
      session,
      compare: new SwipeCompare({ map: options.map, store: options.store, api: options.api, styleOptions: options.styleOptions, geojson: options.geojson }),
      beforeAfter: new ComparePanel({ store: options.store, api: options.api, onUnit: (level, code) => options.onUnit?.(level, code) }),
      panel: createPanelState(),
      render: () => this.render(),
    };
    session.onStatus = (status) => {
      this.ctx.panel.message = sessionMessage(status, options.store.get().lang);
      this.render();
    };
  }

  /** The add form's name and capacity, or null when a capacity field is not a valid number. */
  private draft(): AddDraft | null {
    const { form } = this.ctx.panel;
    const { fields, invalid } = parseAddedFields(form);
    return invalid.length > 0 ? null : { name: form.addName, fields };
  }

  onAdd(_map: MapLibreMap): HTMLElement {
    const { options, session, panel } = this.ctx;
    this.container = el('section', { className: 'lc-section lc-planner', testId: 'planner' });
    this.unbind = [
      bindPanelEvents(this.container, this.ctx),
      bindEditing(options.map, options.store, session, (key) => {
        const { lang } = options.store.get();
        panel.message = key === 'needType' ? t(lang, 'tool.needType') : key === 'invalidFields' ? t(lang, 'add.invalid') : key;
        this.render();
      }, {
        get: () => this.draft(),
        // A name belongs to one facility: the next click starts without it.
        onAdded: () => {
          panel.form.addName = '';
          this.render();
        },
      }),
      options.store.subscribe(this.onState),
    ];
    if (options.store.get().auth) void refreshList(this.ctx);
    this.render();
    return this.container;
  }

  onRemove(): void {
    // Store subscription first, then the map editing, then the panel's own listeners.
    for (const stop of [...this.unbind].reverse()) stop();
    this.unbind = [];
    this.ctx.compare.disable();
    this.ctx.panel.sitingController?.abort();
    this.container?.remove();
    this.container = null;
  }

  private readonly onState = (state: AppState, previous: AppState): void => {
    this.ctx.beforeAfter.update(state, previous);
    if (state.auth !== previous.auth) {
      saveAuth(state.auth);
      if (state.auth) void refreshList(this.ctx);
    }
    if (
      state.lang !== previous.lang || state.auth !== previous.auth || state.scenario !== previous.scenario ||
      state.tool !== previous.tool || state.selectedType !== previous.selectedType || state.facilityTypes !== previous.facilityTypes ||
      state.summary !== previous.summary
    ) {
      this.render();
    }
  };

  private render(): void {
    if (this.container) renderPanel(this.container, this.ctx);
  }
}
