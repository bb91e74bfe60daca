// The tab bar that switches between the explorer's views (ARIA tabs: arrow
// keys, Home and End move between tabs and select them).
import { el } from '../ui/dom.js';
import { t } from '../i18n/translate.js';

/** Builds one tab per view name in container; onSelect(name) is called when the reader picks one. */
export function buildTabs(container, views, onSelect) {
  for (const name of views) {
    const tab = el('button', {
      type: 'button', id: `tab-${name}`, className: 'tab',
      attrs: { role: 'tab', 'aria-controls': `panel-${name}`, 'aria-selected': 'false' },
      dataset: { view: name, i18n: `tab_${name}` }, textContent: t(`tab_${name}`), tabIndex: -1,
    });
    tab.addEventListener('click', () => onSelect(name));
    container.append(tab);
  }
  container.addEventListener('keydown', (event) => {
    const tabs = [...container.querySelectorAll('[role=tab]')];
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    tab.focus();
    onSelect(tab.dataset.view);
  });
}

/** Marks the tab of view as selected (and the only one in the tab order). */
export function syncTabs(container, view) {
  for (const tab of container.querySelectorAll('[role=tab]')) {
    const selected = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
}
