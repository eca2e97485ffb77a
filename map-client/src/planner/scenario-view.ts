// The scenario picker (baseline or a stored scenario) and the form that creates a new one.
import { el, uniqueId } from '../controls/dom.ts';
import { t } from '../i18n.ts';
import type { AppState } from '../state.ts';
import { field } from './field.ts';
import type { PanelState } from './panel-state.ts';

export function scenarioSection(state: AppState, panel: PanelState): HTMLElement {
  const { lang } = state;
  const selectId = uniqueId('lc-scenario');
  const nameId = uniqueId('lc-scenario-name');
  const select = el('select', { className: 'lc-select', testId: 'scenario-select', attrs: { id: selectId } }, [
    el('option', { text: t(lang, 'scenario.baseline'), attrs: { value: '' } }),
    ...panel.scenarios.map((scenario) => el('option', { text: scenario.name, attrs: { value: scenario.id } })),
  ]);
  if (state.scenario && !panel.scenarios.some((scenario) => scenario.id === state.scenario!.id)) {
    select.append(el('option', { text: state.scenario.name, attrs: { value: state.scenario.id } }));
  }
  select.value = state.scenario?.id ?? '';
  return el('div', { className: 'lc-section' }, [
    field(el('label', { className: 'lc-field__label', text: t(lang, 'scenario.select'), attrs: { for: selectId } }), select),
    el('form', { className: 'lc-row', attrs: { 'data-form': 'create' } }, [
      field(el('label', { className: 'lc-field__label', text: t(lang, 'scenario.name'), attrs: { for: nameId } }),
        el('input', { className: 'lc-input', testId: 'scenario-name', attrs: { id: nameId, 'data-form': 'scenarioName', value: panel.form.scenarioName, maxlength: '200' } }), 'lc-field lc-grow'),
      el('button', { className: 'lc-button', text: t(lang, 'scenario.create'), testId: 'scenario-create', attrs: { type: 'submit' } }),
    ]),
  ]);
}
