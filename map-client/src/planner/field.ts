// A label and its control in one block: the panel's forms all lay fields out this way.
import { el } from '../controls/dom.ts';

export function field(label: HTMLElement, input: HTMLElement, className = 'lc-field'): HTMLElement {
  return el('div', { className }, [label, input]);
}
