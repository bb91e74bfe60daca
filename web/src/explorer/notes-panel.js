// Shows the corrections made to a link's settings, in the current language.
import { clear, el } from './dom.js';
import { t } from '../i18n/translate.js';

/** Lists notes ([{ key, vars }]) in the panel; hides it when there are none. */
export function renderNotes(panel, notes) {
  const list = panel.querySelector('ul');
  clear(list);
  panel.hidden = notes.length === 0;
  panel.querySelector('p').textContent = t('notesTitle');
  for (const note of notes) list.append(el('li', { textContent: t(note.key, note.vars) }));
}
