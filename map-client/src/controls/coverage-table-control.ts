// The coverage table in the page (#17 point 3): per street, district or community for the picked
// type (and the map's distance mode and scenario), sortable, a click on a row zooms the map to the
// unit; buttons download the same table as CSV (UTF-8 with BOM) or XLSX from GET /api/coverage.
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import type { ApiClient } from '../api/client.ts';
import { errorText } from '../api/error-messages.ts';
import { facilityTypeName, formatNumber, formatPercent, t } from '../i18n.ts';
import type { AppState, Store } from '../state.ts';
import { el } from './dom.ts';

export type TableLevel = 'street' | 'district' | 'community';
const LEVELS: readonly TableLevel[] = ['street', 'district', 'community'];
type SortKey = 'name' | 'households' | 'households_covered' | 'rate';
interface Row { code: string; name: string; households: number; households_covered: number; rate: number | null }

export interface CoverageTableControlOptions {
  store: Store;
  api: ApiClient;
  /** Absolute API root, ending in `/` (for the download links). */
  apiBase: string;
  /** Zoom the map to a unit. */
  onPick: (level: TableLevel, code: string) => void;
}

export class CoverageTableControl implements IControl {
  private container: HTMLElement | null = null;
  private level: TableLevel = 'street';
  private sort: { key: SortKey; desc: boolean } = { key: 'rate', desc: false };
  private rows: Row[] | null = null;
  private error: string | null = null;
  private key = '';
  private unsubscribe: (() => void) | null = null;
  /** What the last render drew from the state. */
  private shown: { lang: AppState['lang']; type: string | null; types: AppState['facilityTypes'] } | null = null;

  constructor(private readonly options: CoverageTableControlOptions) {}

  onAdd(_map: MapLibreMap): HTMLElement {
    this.container = el('section', { className: 'lc-section lc-coverage-table', testId: 'coverage-table-section' });
    this.unsubscribe = this.options.store.subscribe((state) => this.refresh(state));
    this.refresh(this.options.store.get());
    return this.container;
  }

  onRemove(): void {
    this.unsubscribe?.();
    this.container?.remove();
  }

  /** The coverage query of the map's state (type, mode, scenario) at this level. */
  private query(state: AppState, extra: Record<string, string> = {}): string {
    const params = new URLSearchParams({ type: state.selectedType ?? '', level: this.level, ...(state.mode === 'walk' ? { mode: 'walk' } : {}), ...extra });
    if (state.scenario) params.set('scenario', String(state.scenario.id));
    return `coverage?${params.toString()}`;
  }

  private refresh(state: AppState, force = false): void {
    const key = state.selectedType ? this.query(state) : '';
    // #16: the table is rebuilt only when what it shows moved, not on every store update (hover, colours, tiles).
    const shown = this.shown;
    this.shown = { lang: state.lang, type: state.selectedType, types: state.facilityTypes };
    if (!force && key === this.key && shown && shown.lang === state.lang && shown.type === state.selectedType && shown.types === state.facilityTypes) return;
    if (key !== this.key) {
      this.key = key;
      this.rows = null;
      this.error = null;
      if (key) {
        this.options.api.getJson(key).then(
          (answer) => { if (this.key === key) { this.rows = (answer as { units: Row[] }).units; this.render(this.options.store.get()); } },
          (error: unknown) => { if (this.key === key) { this.error = errorText(this.options.store.get().lang, error); this.render(this.options.store.get()); } },
        );
      }
    }
    this.render(state);
  }

  private sorted(): Row[] {
    const { key, desc } = this.sort;
    const value = (row: Row) => (key === 'name' ? row.name : row[key] ?? -1);
    return [...(this.rows ?? [])].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : (x as number) - (y as number);
      return desc ? -order : order;
    });
  }

  private render(state: AppState): void {
    if (!this.container) return;
    const { lang } = state;
    if (!state.selectedType) {
      this.container.replaceChildren(el('h2', { className: 'lc-section__title', text: t(lang, 'table.title') }), el('p', { className: 'lc-hint', text: t(lang, 'table.pickType') }));
      return;
    }
    const levelSelect = el('select', { className: 'lc-select', testId: 'table-level', attrs: { 'aria-label': t(lang, 'table.level') } });
    for (const level of LEVELS) {
      const option = el('option', { text: t(lang, `table.level.${level}`), attrs: { value: level } });
      if (level === this.level) option.selected = true;
      levelSelect.append(option);
    }
    levelSelect.addEventListener('change', () => { this.level = levelSelect.value as TableLevel; this.refresh(this.options.store.get(), true); });
    // Downloads: the same query, as files (public figures; a scenario's need the sign-in, so they are left out).
    const download = (format: 'csv' | 'xlsx') => {
      const base = { ...state, scenario: null } as AppState;
      return el('a', { className: 'lc-button lc-button--small', testId: `table-export-${format}`, text: t(lang, `table.export.${format}`), attrs: { href: `${this.options.apiBase}${this.query(base, { format, lang })}`, download: '' } });
    };
    const head = (key: SortKey, label: string) => {
      const th = el('th', { attrs: { scope: 'col', 'aria-sort': this.sort.key === key ? (this.sort.desc ? 'descending' : 'ascending') : 'none' } }, [
        el('button', { className: 'lc-link-button', text: label, testId: `table-sort-${key}`, attrs: { type: 'button' } }),
      ]);
      th.querySelector('button')!.addEventListener('click', () => {
        this.sort = { key, desc: this.sort.key === key ? !this.sort.desc : key !== 'name' && key !== 'rate' };
        this.render(this.options.store.get());
      });
      return th;
    };
    const body = this.sorted().map((row) => {
      const tr = el('tr', { testId: 'table-row', attrs: { 'data-code': row.code, tabindex: '0' } }, [
        el('td', { text: row.name }),
        el('td', { className: 'lc-num', text: formatNumber(lang, row.households, 0) }),
        el('td', { className: 'lc-num', text: formatNumber(lang, row.households_covered, 0) }),
        el('td', { className: 'lc-num', text: row.rate === null ? '—' : formatPercent(lang, row.rate) }),
      ]);
      const pick = () => this.options.onPick(this.level, row.code);
      tr.addEventListener('click', pick);
      tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') pick(); });
      return tr;
    });
    const typeName = facilityTypeName(lang, state.selectedType, state.facilityTypes);
    this.container.replaceChildren(
      el('h2', { className: 'lc-section__title', text: t(lang, 'table.title') }),
      el('p', { className: 'lc-hint', text: t(lang, 'table.caption', { type: typeName }) }),
      el('div', { className: 'lc-table-tools' }, [levelSelect, download('csv'), download('xlsx')]),
      ...(this.error ? [el('p', { className: 'lc-hint lc-hint--error', text: this.error, attrs: { role: 'alert' } })] : []),
      ...(this.rows === null && !this.error ? [el('p', { className: 'lc-hint', text: t(lang, 'table.loading') })] : []),
      ...(this.rows ? [el('div', { className: 'lc-table-scroll' }, [el('table', { className: 'lc-table', testId: 'coverage-table' }, [
        el('thead', {}, [el('tr', {}, [head('name', t(lang, 'table.name')), head('households', t(lang, 'table.households')), head('households_covered', t(lang, 'table.covered')), head('rate', t(lang, 'table.rate'))])]),
        el('tbody', {}, body),
      ])])] : []),
    );
  }
}
