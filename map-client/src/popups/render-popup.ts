// Renders PopupContent with DOM APIs (textContent only: feature data is never parsed as HTML).
import type { PopupContent } from './popup-content.ts';

export function renderPopup(content: PopupContent): HTMLElement {
  const root = document.createElement('article');
  root.className = 'lc-popup';
  root.dataset.testid = 'popup';

  const kicker = document.createElement('p');
  kicker.className = 'lc-popup__kicker';
  if (content.color !== undefined) {
    const swatch = document.createElement('span');
    swatch.className = 'lc-swatch';
    swatch.style.backgroundColor = content.color;
    swatch.setAttribute('aria-hidden', 'true');
    kicker.append(swatch);
  }
  kicker.append(content.kicker);

  const title = document.createElement('h2');
  title.className = 'lc-popup__title';
  title.textContent = content.title;

  const list = document.createElement('dl');
  list.className = 'lc-popup__rows';
  for (const row of content.rows) {
    const term = document.createElement('dt');
    term.textContent = row.label;
    const value = document.createElement('dd');
    value.textContent = row.value;
    if (row.key) value.dataset.key = row.key;
    list.append(term, value);
  }

  root.append(kicker, title, list);
  if (content.note) {
    const note = document.createElement('p');
    note.className = 'lc-popup__note';
    note.textContent = content.note;
    root.append(note);
  }
  if (content.links && content.links.length > 0) {
    const links = document.createElement('p');
    links.className = 'lc-popup__links';
    for (const link of content.links) {
      const anchor = document.createElement('a');
      anchor.href = link.href;
      anchor.target = '_blank';
      anchor.rel = 'noopener';
      anchor.textContent = link.label;
      links.append(anchor);
    }
    root.append(links);
  }
  return root;
}
