// Tabs in the panel: Map, Plan targets, Scenarios. A WAI-ARIA tablist (arrow keys move between
// tabs); each tab hosts IControls, added and removed with this control.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { t, type MessageKey } from '../i18n.ts';
import type { AppState, Store, Tab } from '../state.ts';
import { el, uniqueId } from './dom.ts';
import { followStore } from './follow-store.ts';

export interface TabSpec {
  id: Tab;
  label: MessageKey;
  controls: IControl[];
}

export interface TabsControlOptions {
  store: Store;
  tabs: TabSpec[];
}

export class TabsControl implements IControl {
  private readonly options: TabsControlOptions;
  private container: HTMLElement | null = null;
  private list: HTMLElement | null = null;
  private buttons = new Map<Tab, HTMLButtonElement>();
  private panels = new Map<Tab, HTMLElement>();
  private map: MapLibreMap | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: TabsControlOptions) {
    this.options = options;
  }

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    this.list = el('div', { className: 'lc-tabs__list', attrs: { role: 'tablist' } });
    const panels: HTMLElement[] = [];
    for (const tab of this.options.tabs) {
      const tabId = uniqueId('lc-tab');
      const panelId = uniqueId('lc-tabpanel');
      const button = el('button', {
        className: 'lc-tabs__tab',
        testId: `tab-${tab.id}`,
        attrs: { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'data-tab': tab.id },
      });
      button.addEventListener('click', this.onClick);
      button.addEventListener('keydown', this.onKeyDown);
      const panel = el('div', { className: 'lc-tabs__panel', testId: `tabpanel-${tab.id}`, attrs: { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId } },
        tab.controls.map((control) => control.onAdd(map)));
      this.buttons.set(tab.id, button);
      this.panels.set(tab.id, panel);
      this.list.append(button);
      panels.push(panel);
    }
    this.container = el('div', { className: 'lc-tabs' }, [this.list, ...panels]);
    this.unsubscribe = followStore(this.options.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const button of this.buttons.values()) {
      button.removeEventListener('click', this.onClick);
      button.removeEventListener('keydown', this.onKeyDown);
    }
    const map = this.map;
    if (map) for (const tab of this.options.tabs) for (const control of tab.controls) control.onRemove(map);
    this.buttons.clear();
    this.panels.clear();
    this.container?.remove();
    this.container = this.list = null;
    this.map = null;
  }

  private readonly onClick = (event: MouseEvent): void => {
    const tab = (event.currentTarget as HTMLElement).dataset.tab as Tab;
    if (tab !== this.options.store.get().tab) this.options.store.update({ tab });
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const ids = this.options.tabs.map((tab) => tab.id);
    const current = ids.indexOf(this.options.store.get().tab);
    const next =
      event.key === 'Home' ? 0
      : event.key === 'End' ? ids.length - 1
      : (current + (event.key === 'ArrowRight' ? 1 : -1) + ids.length) % ids.length;
    this.options.store.update({ tab: ids[next]! });
    this.buttons.get(ids[next]!)?.focus();
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.lang !== previous.lang || state.tab !== previous.tab) this.render(state);
  };

  private render(state: AppState): void {
    this.list?.setAttribute('aria-label', t(state.lang, 'tabs.label'));
    for (const tab of this.options.tabs) {
      const selected = tab.id === state.tab;
      const button = this.buttons.get(tab.id);
      if (button) {
        button.textContent = t(state.lang, tab.label);
        button.setAttribute('aria-selected', String(selected));
        // Roving tab index: Tab reaches the selected tab, arrows the others.
        button.tabIndex = selected ? 0 : -1;
      }
      const panel = this.panels.get(tab.id);
      if (panel) panel.hidden = !selected;
    }
  }
}
