// The edit tools of an open scenario: the facility type, the tool buttons and their hint, the
// add form (name and capacity of the next facility) and the list of changes (fly to, undo).
import { el, uniqueId } from '../controls/dom.ts';
import { facilityTypeName, formatNumber, t, type Lang } from '../i18n.ts';
import type { AppState, PlannerTool } from '../state.ts';
import { describeChanges, type ChangeRow } from './change-places.ts';
import { field } from './field.ts';
import type { PanelForm } from './panel-state.ts';
import type { PlannerContext } from './planner-context.ts';

const TOOLS: readonly PlannerTool[] = ['none', 'add', 'move', 'close'];

export function toolSection(state: AppState, ctx: PlannerContext): HTMLElement {
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
    facility: (code) => ctx.session.known(code) ?? ctx.options.facility?.(code) ?? null,
    placeAt: (lon, lat) => ctx.options.placeAt?.(lon, lat) ?? null,
  });
  const changes = rows.map((row) => {
    const text = changeText(row, lang, state);
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
    typeField(state),
    el('div', { className: 'lc-segmented lc-tools', testId: 'tools', attrs: { role: 'group', 'aria-label': t(lang, 'tool.label') } }, buttons),
    el('p', { className: 'lc-hint', text: hint }),
    ...(state.tool === 'add' ? [addForm(lang, ctx.panel.form)] : []),
    el('p', { className: 'lc-hint', testId: 'scenario-change-count', text: t(lang, 'scenario.changes', { count: formatNumber(lang, scenario.changes.length, 0) }) }),
    el('ol', { className: 'lc-changes', testId: 'scenario-changes' }, changes),
  ]);
}

/** The facility type to add or site, chosen here where the planner edits (the map's type picker shares it). */
function typeField(state: AppState): HTMLElement {
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
function addForm(lang: Lang, form: PanelForm): HTMLElement {
  const input = (key: 'addName' | 'beds' | 'gp_count' | 'floor_area_m2', label: string, attrs: Record<string, string>) => {
    const id = uniqueId(`lc-add-${key}`);
    return field(el('label', { className: 'lc-field__label', text: label, attrs: { for: id } }),
      el('input', { className: 'lc-input', testId: `add-${key}`, attrs: { id, 'data-form': key, value: form[key], ...attrs } }), 'lc-field lc-grow');
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

/** A change's title (its name, else type, else code) and detail (what it does · where). */
function changeText(row: ChangeRow, lang: Lang, state: AppState): { title: string; detail: string } {
  const type = row.type ? facilityTypeName(lang, row.type, state.facilityTypes) : '';
  const title = row.name || type || row.code || '';
  const detail = [t(lang, `change.detail.${row.op}`, { type }), row.place ?? (row.point ? t(lang, 'change.nowhere') : null)]
    .filter((part): part is string => part !== null && part !== '').join(' · ');
  return { title, detail };
}
