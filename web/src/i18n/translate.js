// Looks up UI text for the current language and fills in {placeholders}.
import { LANGUAGES, STRINGS } from './strings.js';

let current = 'en';

/** Sets the language used by t() ('en' or 'zh'; anything else falls back to 'en'). */
export function setLanguage(code) {
  current = STRINGS[code] ? code : 'en';
}

/** The language t() currently uses. */
export function currentLanguage() {
  return current;
}

/** The text for key in the current language, with {name} replaced by vars[name]. */
export function t(key, vars = {}) {
  const template = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** 'zh' for a Chinese browser language tag, else 'en'. */
export function languageFromBrowser(tags = globalThis.navigator?.languages ?? [globalThis.navigator?.language]) {
  for (const tag of tags) {
    const base = String(tag ?? '').toLowerCase().split('-')[0];
    if (LANGUAGES.some((l) => l.code === base)) return base;
  }
  return 'en';
}

/** Fills every element carrying data-i18n (its text) or data-i18n-label (its aria-label) under root. */
export function translateTree(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  document.documentElement.lang = current === 'zh' ? 'zh-Hans' : 'en';
  document.title = t('pageTitle');
}
