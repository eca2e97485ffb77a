// The sign-in form of planner mode (shown while nobody is signed in).
import { el, uniqueId } from '../controls/dom.ts';
import { t, type Lang } from '../i18n.ts';
import { field } from './field.ts';
import type { PanelState } from './panel-state.ts';

export function loginForm(lang: Lang, panel: PanelState): HTMLElement {
  const nameId = uniqueId('lc-login-name');
  const passwordId = uniqueId('lc-login-password');
  const form = el('form', { className: 'lc-form', testId: 'login-form', attrs: { 'data-form': 'login', 'aria-label': t(lang, 'auth.title') } }, [
    el('h2', { className: 'lc-section__title', text: t(lang, 'auth.title') }),
    field(el('label', { className: 'lc-field__label', text: t(lang, 'auth.name'), attrs: { for: nameId } }),
      el('input', { className: 'lc-input', testId: 'login-name', attrs: { id: nameId, name: 'name', autocomplete: 'username', required: '', value: panel.form.name } })),
    field(el('label', { className: 'lc-field__label', text: t(lang, 'auth.password'), attrs: { for: passwordId } }),
      el('input', { className: 'lc-input', testId: 'login-password', attrs: { id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: '' } })),
    el('button', { className: 'lc-button', text: t(lang, 'auth.login'), testId: 'login-submit', attrs: { type: 'submit' } }),
  ]);
  if (panel.loginError) form.append(el('p', { className: 'lc-hint lc-hint--error', testId: 'login-error', text: t(lang, 'auth.failed', { message: panel.loginError }), attrs: { role: 'alert' } }));
  return form;
}
