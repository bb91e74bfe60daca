// Page entry point: shows the loading state, loads the wasm kernels, then
// starts the explorer, or says clearly what failed and what to do.
import { loadActLab } from '../actlab.js';
import { buildSchema } from './state-schema.js';
import { startExplorer } from './explorer-app.js';
import { el } from './dom.js';
import { LANGUAGES } from '../i18n/strings.js';
import { languageFromBrowser, setLanguage, t, translateTree } from '../i18n/translate.js';

const status = document.getElementById('status');
const statusText = document.getElementById('status-text');

// The language to show while loading: the URL's if valid, else the browser's.
function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  return LANGUAGES.some((l) => l.code === fromUrl) ? fromUrl : languageFromBrowser();
}

// Fills the language switch.
function buildLanguageSelect(select) {
  for (const { code, name } of LANGUAGES) select.append(el('option', { value: code, textContent: name, lang: code }));
}

// Replaces the loading state with a message saying what failed and what to do.
function showLoadError(error) {
  status.hidden = true;
  const box = document.getElementById('load-error');
  box.textContent = t('loadFailed', { detail: error?.message ?? String(error) });
  box.hidden = false;
  document.getElementById('explorer').setAttribute('aria-busy', 'false');
  document.body.classList.add('failed');
}

async function main() {
  setLanguage(initialLanguage());
  translateTree(document);
  const select = document.getElementById('language');
  buildLanguageSelect(select);
  select.value = initialLanguage();
  let lab;
  try {
    lab = await loadActLab();
  } catch (error) {
    showLoadError(error);
    return;
  }
  const schema = buildSchema(lab.catalog, languageFromBrowser());
  window.__actlab = startExplorer(lab, schema);
  statusText.dataset.i18n = lab.simd ? 'loadedSimd' : 'loadedScalar';
  statusText.textContent = t(statusText.dataset.i18n);
  status.classList.add('done');
  document.getElementById('explorer').setAttribute('aria-busy', 'false');
  document.body.classList.add('ready');
}

main().catch((error) => {
  console.error(error);
  showLoadError(error);
});
