// Tiny DOM helper: elements are built with properties and textContent, never innerHTML.

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
  testId?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.testId) element.dataset.testid = options.testId;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

let nextId = 0;
/** A document-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export interface CheckRow {
  input: HTMLInputElement;
  text: HTMLSpanElement;
}

/**
 * One `<label class="lc-check">` per item: the input `input(item)` describes (a checkbox or a radio)
 * with `onChange` on it, and an empty text span; the labels in order and the rows by item.
 */
export function checkRows<T>(items: readonly T[], input: (item: T) => ElementOptions, onChange: (event: Event) => void): { labels: HTMLLabelElement[]; rows: Map<T, CheckRow> } {
  const rows = new Map<T, CheckRow>();
  const labels = items.map((item) => {
    const box = el('input', input(item));
    box.addEventListener('change', onChange);
    const text = el('span');
    rows.set(item, { input: box, text });
    return el('label', { className: 'lc-check' }, [box, text]);
  });
  return { labels, rows };
}
