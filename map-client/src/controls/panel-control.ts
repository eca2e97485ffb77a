// The side panel (a bottom sheet on phones): title, language switch, load status and summary,
// then the child controls. It is itself an IControl and adds/removes its children symmetrically.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { formatNumber, t } from '../i18n.ts';
import type { AppState, Store } from '../state.ts';
import { el, uniqueId } from './dom.ts';
import { followStore } from './follow-store.ts';

export interface PanelControlOptions {
  store: Store;
  /** Controls shown in the header, next to the title (e.g. the language switch). */
  headerControls?: IControl[];
  /** Controls shown in the collapsible body, in order. */
  bodyControls?: IControl[];
  /** Start collapsed when this media query matches. @defaultValue '(max-width: 640px)' */
  collapsedMedia?: string;
}

const defaultOptions = {
  headerControls: [] as IControl[],
  bodyControls: [] as IControl[],
  collapsedMedia: '(max-width: 640px)',
};

export class PanelControl implements IControl {
  private readonly options: Required<PanelControlOptions>;
  private container: HTMLElement | null = null;
  private title: HTMLElement | null = null;
  private subtitle: HTMLElement | null = null;
  private toggle: HTMLButtonElement | null = null;
  private body: HTMLElement | null = null;
  private status: HTMLElement | null = null;
  private summary: HTMLElement | null = null;
  private expanded = true;
  private map: MapLibreMap | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: PanelControlOptions) {
    this.options = { ...defaultOptions, ...options };
  }

  getDefaultPosition(): 'top-left' {
    return 'top-left';
  }

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    const bodyId = uniqueId('lc-panel-body');
    this.title = el('h1', { className: 'lc-panel__title', testId: 'app-title' });
    this.subtitle = el('p', { className: 'lc-panel__subtitle' });
    this.toggle = el('button', {
      className: 'lc-icon-button lc-panel__toggle',
      testId: 'panel-toggle',
      attrs: { type: 'button', 'aria-controls': bodyId },
    });
    this.toggle.addEventListener('click', this.onToggle);
    const headerTools = el(
      'div',
      { className: 'lc-panel__tools' },
      [...this.options.headerControls.map((control) => control.onAdd(map)), this.toggle],
    );
    this.status = el('p', { className: 'lc-status', testId: 'load-status', attrs: { role: 'status' } });
    this.summary = el('p', { className: 'lc-summary', testId: 'summary' });
    this.body = el('div', { className: 'lc-panel__body', attrs: { id: bodyId } }, [
      this.summary,
      ...this.options.bodyControls.map((control) => control.onAdd(map)),
    ]);
    this.container = el('section', { className: 'maplibregl-ctrl lc-panel', testId: 'panel' }, [
      el('header', { className: 'lc-panel__header' }, [
        el('div', { className: 'lc-panel__heading' }, [this.title, this.subtitle]),
        headerTools,
      ]),
      this.status,
      this.body,
    ]);
    this.expanded = !(typeof matchMedia === 'function' && matchMedia(this.options.collapsedMedia).matches);
    this.unsubscribe = followStore(this.options.store, this.onState, (state) => this.render(state));
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.toggle?.removeEventListener('click', this.onToggle);
    const map = this.map;
    if (map) for (const control of [...this.options.headerControls, ...this.options.bodyControls]) control.onRemove(map);
    this.map = null;
    this.container?.remove();
    this.container = this.title = this.subtitle = this.toggle = this.body = this.status = this.summary = null;
  }

  private readonly onToggle = (): void => {
    this.expanded = !this.expanded;
    this.render(this.options.store.get());
  };

  private readonly onState = (state: AppState, previous: AppState): void => {
    if (state.lang !== previous.lang || state.load !== previous.load || state.summary !== previous.summary) {
      this.render(state);
    }
  };

  private render(state: AppState): void {
    const { lang } = state;
    if (this.title) this.title.textContent = t(lang, 'app.title');
    if (this.subtitle) this.subtitle.textContent = t(lang, 'app.subtitle');
    if (this.toggle && this.body && this.container) {
      const label = t(lang, this.expanded ? 'panel.collapse' : 'panel.expand');
      this.toggle.setAttribute('aria-expanded', String(this.expanded));
      this.toggle.setAttribute('aria-label', label);
      this.toggle.title = label;
      this.body.hidden = !this.expanded;
      this.container.classList.toggle('lc-panel--collapsed', !this.expanded);
    }
    if (this.status) {
      const { load } = state;
      this.status.dataset.state = load.kind;
      this.status.textContent =
        load.kind === 'loading' ? t(lang, 'load.loading')
        : load.kind === 'empty' ? t(lang, 'load.empty')
        : load.kind === 'error' ? t(lang, 'load.error', { code: load.code, message: load.message })
        : '';
      this.status.hidden = load.kind === 'ready';
    }
    if (this.summary) {
      const summary = state.summary;
      this.summary.textContent = summary
        ? t(lang, 'summary.counts', {
            communities: formatNumber(lang, summary.communities, 0),
            facilities: formatNumber(lang, summary.facilities, 0),
            population: formatNumber(lang, summary.population, 0),
          })
        : '';
      this.summary.hidden = summary === null;
    }
  }
}
