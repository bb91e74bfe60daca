// Shows the corrections made to a link's settings, in the current language.
import { clear, el } from '../ui/dom.js';
import { t } from '../i18n/translate.js';

const MAX_SHOWN = 20; // a link with thousands of bad entries still gives a short list

/** Lists notes ([{ key, vars }]) in the panel (the first few, then a count); hides it when there are none. */
export function renderNotes(panel, notes) {
  const list = panel.querySelector('ul');
  clear(list);
  panel.hidden = notes.length === 0;
  panel.querySelector('p').textContent = t('notesTitle');
  for (const note of notes.slice(0, MAX_SHOWN)) list.append(el('li', { textContent: t(note.key, note.vars) }));
  if (notes.length > MAX_SHOWN) list.append(el('li', { textContent: t('notesMore', { count: notes.length - MAX_SHOWN }) }));
}
