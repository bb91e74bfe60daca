// The page's shell: the state (mirrored in the URL through the URL table),
// history, view tabs, embed mode, language, and the shared controls of the
// side panel (functions, parameters, view options, ranges). Each view is a
// module with createView(panel, context) → { update(state), restyle?() }.
import { buildPicker, syncPicker, syncPickerToggle, wirePickerToggle } from './function-picker.js';
import { renderParamControls } from './param-controls.js';
import { renderNotes } from './notes-panel.js';
import { wireCopyLink } from './copy-link.js';
import { createHistorySync } from './history-sync.js';
import { readState, writeState } from './url-state.js';
import { setEmbedMode, setOpenLink } from './embed-mode.js';
import { paramDefaults, paramsOf, VIEWS } from './state-schema.js';
import { PANEL_PARTS, applyHiddenParts, isPart } from './panel-parts.js';
import { presetHolds } from './preset-row.js';
import { applyTheme } from './theme.js';
import { gatedRunIndex, gatedSpecs } from './gated-runs.js';
import { buildTabs, syncTabs } from './view-tabs.js';
import { wireFormulaField } from './formula-field.js';
import { CUSTOM_ID, withParameterValue } from './your-function.js';
import { DEFAULT_FORMULA } from './formula-examples.js';
import { buildRangePair, syncRangeInputs } from '../ui/range-inputs.js';
import { el } from '../ui/dom.js';
import { seriesStyle } from '../ui/palette.js';
import { setLanguage, t, translateTree } from '../i18n/translate.js';
import * as curvesView from '../curves/curves-view.js';

const PROBE = new Float32Array([0]);

// Every view's module; the curves (the first view) are bundled with the shell, the others load when first shown.
const VIEW_MODULES = {
  curves: () => Promise.resolve(curvesView),
  gradients: () => import('../gradients/gradients-view.js'),
  training: () => import('../training/training-view.js'),
  identities: () => import('../identities/identities-view.js'),
  softmax: () => import('../softmax/softmax-view.js'),
  maxout: () => import('../maxout/maxout-view.js'),
  gated: () => import('../gated/gated-view.js'),
  accuracy: () => import('../accuracy/accuracy-view.js'),
};
const RANGE_KEYS = ['x0', 'x1', 'y0', 'y1', 'dy0', 'dy1', 'ly0', 'ly1'];

/** '' when params are valid for spec, else the API's RangeError message (without the "ActLab:" prefix). */
export function paramProblem(lab, spec, params) {
  try {
    lab.activate(spec.id, PROBE, params);
    return '';
  } catch (error) {
    return String(error.message).replace(/^ActLab[^:]*:\s*/, '');
  }
}

/**
 * Compiles state.fx as "Your function"; a formula the engine refuses (a hand-edited
 * link) gives the default formula, with a note naming the problem.
 */
function loadFormula(yours, state, notes) {
  const problem = yours.compile(state.fx);
  if (!problem) return null;
  notes.push({ key: 'noteBadFormula', vars: { detail: problem.message.slice(0, 200) } });
  const refused = state.fx;
  state.fx = DEFAULT_FORMULA;
  yours.compile(state.fx);
  return refused;
}

/** Starts the page with a loaded lab (withYourFunction's) and the URL table; returns the debug hook. */
export function startApp(lab, schema) {
  const $ = (id) => document.getElementById(id);
  const { yours } = lab;
  const specById = new Map(lab.catalog.activations.map((spec) => [spec.id, spec]));
  const check = (spec, s) => paramProblem(lab, spec, paramsOf(s, spec));
  let { state, notes } = readState(location.search, schema, lab.catalog, check);
  let refusedFormula = loadFormula(yours, state, notes); // a link's formula the engine refused: shown in the field, to fix
  // "Open in ActLab": the same state on the full page, with every panel part shown and the reader's own theme.
  const fullPageUrl = () => `${location.pathname}${writeState({ ...state, embed: false, theme: 'auto', hide: state.hide.filter((id) => !isPart(id)) }, schema)}`;
  const history = createHistorySync(schema, () => state, () => setOpenLink(fullPageUrl()));
  let frame = 0;
  let shownTheme = null;
  const views = new Map(); // name -> view instance (or its loading promise)
  const viewUpdates = Object.fromEntries(VIEWS.map((name) => [name, 0]));

  const styleOf = (id) => seriesStyle(Math.max(0, state.fn.indexOf(id)));
  const gateStyleOf = (id) => seriesStyle(gatedRunIndex(state, id));
  const selectedSpecs = () => state.fn.map((id) => specById.get(id));
  const loadedView = (name) => (views.get(name) instanceof Promise ? null : views.get(name) ?? null);

  // preset= stays in the URL only while the state still is what the preset set up.
  function dropStalePreset() {
    if (state.preset && !presetHolds(state, (ids) => paramDefaults(lab.catalog, ids))) state.preset = '';
  }

  // Draws the shown view in the next animation frame (requests coalesce).
  function request() {
    if (!frame) frame = requestAnimationFrame(drawFrame);
  }

  function drawFrame() {
    frame = 0;
    const view = loadedView(state.view);
    if (!view) return;
    view.update(state);
    viewUpdates[state.view]++;
  }

  // What a view module may do: read the lab and the state, change state (a
  // transient change while a control is dragged, else a history entry), and
  // ask to be drawn again.
  const viewContext = {
    lab,
    schema,
    state: () => state,
    set(changes, transient = false) {
      // A preset's hide: [] shows its functions again; the hidden panel parts stay hidden.
      const hide = 'hide' in changes ? [...changes.hide.filter((id) => !isPart(id)), ...state.hide.filter(isPart)] : state.hide;
      Object.assign(state, changes, { hide });
      dropStalePreset();
      if (transient) history.transient();
      else history.commit();
      if ('fn' in changes || 'hide' in changes) refreshStructure(); // a preset picks other functions
      else {
        syncRangeInputs(document, state);
        request();
      }
    },
    endGesture: () => history.endGesture(),
    redraw: request,
  };

  // Loads view name's module once, then draws it if it is still the one shown.
  function ensureView(name) {
    if (views.has(name)) return;
    const panel = $(`panel-${name}`);
    views.set(name, VIEW_MODULES[name]().then(({ createView }) => {
      views.set(name, createView(panel, viewContext));
      if (state.view === name) request();
    }).catch((error) => {
      views.delete(name);
      panel.append(el('p', { className: 'load-error', attrs: { role: 'alert' }, textContent: t('viewLoadFailed', { detail: error.message }) }));
    }));
  }

  // Shows the panel of the current view and marks its tab.
  function showView() {
    syncTabs($('view-tabs'), state.view);
    $('explorer').dataset.view = state.view;
    for (const name of VIEWS) $(`panel-${name}`).hidden = name !== state.view;
    ensureView(state.view);
  }

  // Everything in the shell that depends on which functions, view and language are chosen.
  function refreshStructure() {
    yours.spec.name = t('yourFunction'); // its name in the legends, cards and tables, in the current language
    showView();
    if (state.theme !== shownTheme) { // theme= changed (a link, back or forward): the charts take the new colours
      shownTheme = state.theme;
      applyTheme(shownTheme);
      for (const view of views.values()) view.restyle?.();
    }
    applyHiddenParts(state.hide, state.view);
    syncPicker($('picker-list'), state.fn, styleOf);
    syncPicker($('gate-picker-list'), state.gates, gateStyleOf);
    const hasParams = selectedSpecs().some((spec) => spec.params.length > 0);
    const gated = state.view === 'gradients' || state.view === 'training' ? gatedSpecs(lab.catalog, state) : [];
    syncPickerToggle($('picker-toggle'), [...selectedSpecs(), ...gated].map((spec) => spec.name), hasParams && state.view !== 'curves');
    $('params-panel').classList.toggle('empty', !hasParams);
    renderParamControls($('params'), selectedSpecs(), {
      state: () => state,
      validate: (spec, params) => paramProblem(lab, spec, params),
      apply: (key, value) => {
        if (key.startsWith(`${CUSTOM_ID}.`)) { // a parameter of Your function: its value is written into the formula
          state.fx = withParameterValue(state.fx, yours.spec.params, key.slice(CUSTOM_ID.length + 1), value);
          yours.compile(state.fx);
          formulaField.sync(state.fx);
        } else state[key] = value;
        dropStalePreset();
        history.transient();
        request();
      },
      commit: () => history.endGesture(),
    });
    formulaField.sync(state.fx);
    $('show-f').checked = state.f;
    $('show-df').checked = state.df;
    $('log-df').checked = state.log;
    $('ranges-dy').hidden = state.log;
    $('ranges-ly').hidden = !state.log;
    $('language').value = state.lang;
    syncRangeInputs(document, state);
    renderNotes($('notes'), notes);
    request();
  }

  // Applies a committed change: new history entry, then the UI.
  function commit(structural = true) {
    dropStalePreset();
    history.commit();
    if (structural) refreshStructure();
    else {
      syncRangeInputs(document, state);
      request();
    }
  }

  buildTabs($('view-tabs'), VIEWS, (name) => {
    if (state.view === name) return;
    state.view = name;
    state.hide = state.hide.filter((id) => !isPart(id) || PANEL_PARTS[name].includes(id)); // hidden parts belong to one panel
    commit();
  });
  wirePickerToggle($('picker'), $('picker-toggle'));
  buildPicker($('picker-list'), lab.catalog.activations, (id, checked) => {
    state.fn = checked ? [...state.fn.filter((f) => f !== id), id] : state.fn.filter((f) => f !== id);
    state.hide = state.hide.filter((h) => isPart(h) || state.fn.includes(h));
    commit();
  });
  buildPicker($('gate-picker-list'), lab.catalog.gatedUnits, (id, checked) => {
    state.gates = checked ? [...state.gates.filter((g) => g !== id), id] : state.gates.filter((g) => g !== id);
    commit();
  });
  const formulaField = wireFormulaField({
    input: $('formula-input'), error: $('formula-error'), marker: $('formula-marker'), examples: $('formula-examples'),
    source: $('formula-source'), status: $('formula-status'),
  }, {
    check: (text) => yours.check(text),
    instructions: () => yours.formula.instructions,
    apply: (text, transient) => {
      state.fx = text;
      yours.compile(text);
      if (!state.fn.includes(CUSTOM_ID)) state.fn = [...state.fn, CUSTOM_ID]; // a formula typed or picked is shown
      dropStalePreset();
      if (transient) history.transient();
      else history.commit();
      refreshStructure(); // its parameters may have changed
    },
    commit: () => history.endGesture(),
  });
  // The field after a link was read: its formula, or the refused one with its message.
  function showLinkFormula() {
    if (refusedFormula !== null) formulaField.show(refusedFormula);
    else formulaField.sync(state.fx, true);
  }
  const rangeHooks = {
    state: () => state,
    rowOf: (key) => schema.byKey.get(key),
    apply: (lo, a, hi, b) => { state[lo] = a; state[hi] = b; commit(false); },
    showError: (text) => { $('range-error').textContent = text; },
  };
  buildRangePair($('ranges-x'), 'x0', 'x1', 'xMin', 'xMax', rangeHooks);
  buildRangePair($('ranges-y'), 'y0', 'y1', 'yMin', 'yMax', rangeHooks);
  buildRangePair($('ranges-dy'), 'dy0', 'dy1', 'yMin', 'yMax', rangeHooks);
  buildRangePair($('ranges-ly'), 'ly0', 'ly1', 'yMin', 'yMax', rangeHooks);
  $('reset-view').addEventListener('click', () => {
    for (const key of RANGE_KEYS) state[key] = schema.byKey.get(key).default;
    $('range-error').textContent = '';
    commit(false);
  });
  for (const [id, key] of [['show-f', 'f'], ['show-df', 'df'], ['log-df', 'log']]) {
    $(id).addEventListener('change', () => { state[key] = $(id).checked; commit(); });
  }
  $('language').addEventListener('change', () => {
    state.lang = $('language').value;
    setLanguage(state.lang);
    translateTree(document);
    formulaField.relabel();
    commit();
  });
  wireCopyLink($('copy-link'), $('link-status'), $('link-box'), $('link-box-label'));
  $('share-embed').disabled = false;
  $('share-embed').addEventListener('click', () => {
    import('../share/share-dialog.js').then(({ openShareDialog }) => openShareDialog({ schema, state: () => state }))
      .catch((error) => { $('link-status').textContent = t('viewLoadFailed', { detail: error.message }); });
  });

  window.addEventListener('popstate', () => {
    ({ state, notes } = readState(location.search, schema, lab.catalog, check));
    refusedFormula = loadFormula(yours, state, notes);
    setEmbedMode(state.embed);
    setOpenLink(fullPageUrl());
    setLanguage(state.lang);
    translateTree(document);
    refreshStructure();
    showLinkFormula();
  });
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const view of views.values()) view.restyle?.();
    refreshStructure();
  });

  setLanguage(state.lang);
  translateTree(document);
  setEmbedMode(state.embed);
  history.replace();
  ensureView('curves'); // the default view's charts exist from the start, whichever view is shown
  refreshStructure();
  formulaField.relabel();
  showLinkFormula();

  const curves = () => loadedView('curves');
  return {
    lab,
    schema,
    /** The curve view's two charts. */
    get charts() { return curves()?.charts; },
    /** Milliseconds of each curve plot update. */
    get timings() { return curves()?.timings ?? []; },
    state: () => structuredClone(state),
    notes: () => structuredClone(notes),
    /** The loaded instance of view name (null while loading or never shown). */
    view: loadedView,
    viewUpdates: () => ({ ...viewUpdates }),
  };
}
