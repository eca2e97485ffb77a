// Draws the whole planner panel from the store and the panel state: sign-in, or the signed-in
// line, the scenario picker and, with a scenario open, its tools, siting and comparison. Each
// render replaces the panel's children (keeping the focused input focused).
import { el } from '../controls/dom.ts';
import { t } from '../i18n.ts';
import type { AppState } from '../state.ts';
import { loginForm } from './login-view.ts';
import type { PlannerContext } from './planner-context.ts';
import { scenarioSection } from './scenario-view.ts';
import { sitingSection } from './siting-view.ts';
import { toolSection } from './tools-view.ts';

export function renderPanel(container: HTMLElement, ctx: PlannerContext): void {
  const state = ctx.options.store.get();
  const { lang } = state;
  ctx.beforeAfter.render();
  const parts: HTMLElement[] = [];
  if (!state.auth) {
    parts.push(loginForm(lang, ctx.panel));
  } else {
    parts.push(el('div', { className: 'lc-row lc-row--between' }, [
      el('p', { className: 'lc-hint', testId: 'signed-in', text: t(lang, 'auth.signedIn', { name: state.auth.name, role: t(lang, `auth.role.${state.auth.role}`) }) }),
      el('button', { className: 'lc-button lc-button--quiet', text: t(lang, 'auth.logout'), testId: 'logout', attrs: { type: 'button', 'data-action': 'logout' } }),
    ]));
    parts.push(scenarioSection(state, ctx.panel));
    if (state.scenario) {
      parts.push(toolSection(state, ctx));
      parts.push(sitingSection(state, ctx));
      parts.push(compareSection(state, ctx));
    }
  }
  if (ctx.panel.message) parts.push(el('p', { className: 'lc-hint', testId: 'planner-message', text: ctx.panel.message, attrs: { role: 'status' } }));
  // Re-rendering replaces the inputs: keep the focused one focused.
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : undefined;
  container.replaceChildren(...parts);
  if (focused) container.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
}

/** The swipe toggle and the before/after panel. */
function compareSection(state: AppState, ctx: PlannerContext): HTMLElement {
  const { lang } = state;
  const input = el('input', { testId: 'compare-toggle', attrs: { type: 'checkbox' } });
  input.checked = ctx.compare.active;
  return el('div', { className: 'lc-section' }, [
    el('h2', { className: 'lc-section__title', text: t(lang, 'compare.title') }),
    el('label', { className: 'lc-check' }, [input, el('span', { text: t(lang, 'compare.swipe') })]),
    ctx.beforeAfter.element,
  ]);
}
