// Page entry point: shows the loading state, loads the wasm kernels, then
// starts the explorer, or says clearly what failed and what to do.
import { engineSupportsSimd, loadActLab } from '../actlab.js';
import { buildSchema, readEarly } from './state-schema.js';
import { startApp } from './app.js';
import { createYourFunction, withYourFunction } from './your-function.js';
import { setEmbedMode, startHeightReports } from './embed-mode.js';
import { loadFailure } from './load-failure.js';
import { applyTheme } from './theme.js';
import { el } from '../ui/dom.js';
import { LANGUAGES } from '../i18n/strings.js';
import { languageFromBrowser, setLanguage, t, translateTree } from '../i18n/translate.js';

const status = document.getElementById('status');
const statusText = document.getElementById('status-text');
const early = readEarly(location.search);
applyTheme(early.theme); // before the first paint, so a forced theme never flashes the other one
const flavour = early.simd !== '0' && engineSupportsSimd() ? 'simd' : 'scalar';

// Fills the language switch.
function buildLanguageSelect(select) {
  for (const { code, name } of LANGUAGES) select.append(el('option', { value: code, textContent: name, lang: code }));
}

// Replaces the loading state with a message saying what failed and what to do.
async function showLoadError(error) {
  const box = document.getElementById('load-error');
  const { key, vars } = await loadFailure(error, flavour);
  status.hidden = true;
  box.textContent = t(key, vars);
  box.dataset.cause = key;
  box.hidden = false;
  document.getElementById('explorer').setAttribute('aria-busy', 'false');
  document.body.classList.add('failed');
}

async function main() {
  const language = early.lang ?? languageFromBrowser();
  setLanguage(language);
  translateTree(document);
  setEmbedMode(early.embed);
  startHeightReports();
  const select = document.getElementById('language');
  buildLanguageSelect(select);
  select.value = language;
  let lab;
  try {
    lab = await loadActLab({ simd: flavour === 'simd' });
  } catch (error) {
    await showLoadError(error);
    return;
  }
  const page = withYourFunction(lab, createYourFunction(lab, t('yourFunction')));
  const schema = buildSchema(page.catalog, languageFromBrowser());
  window.__actlab = startApp(page, schema);
  statusText.dataset.i18n = lab.simd ? 'loadedSimd' : early.simd === '0' ? 'loadedScalarChosen' : 'loadedScalar';
  statusText.textContent = t(statusText.dataset.i18n);
  status.classList.add('done');
  document.getElementById('explorer').setAttribute('aria-busy', 'false');
  document.body.classList.add('ready');
}

main().catch((error) => {
  console.error(error);
  showLoadError(error);
});
