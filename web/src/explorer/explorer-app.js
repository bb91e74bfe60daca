// Wires the curve explorer together: state (mirrored in the URL), controls,
// charts, gestures, keyboard and read-out. Everything plotted comes from lab.
import { createCurveChart, applyInk } from './curve-chart.js';
import { createPlotBuffers, updatePlots } from './plot-update.js';
import { attachGestures } from './gestures.js';
import { attachChartKeys } from './chart-keys.js';
import { zoomRange, panRange } from './view-range.js';
import { buildPicker, syncPicker } from './function-picker.js';
import { renderLegend } from './legend.js';
import { renderParamControls } from './param-controls.js';
import { buildRangePair, syncRangeInputs } from './range-inputs.js';
import { valuesAt, renderReadout, announcement } from './readout.js';
import { renderNotes } from './notes-panel.js';
import { wireCopyLink } from './copy-link.js';
import { createHistorySync } from './history-sync.js';
import { readState, writeState } from './url-state.js';
import { setEmbedMode, setOpenLink } from './embed-mode.js';
import { paramsOf, VIEWS } from './state-schema.js';
import { buildTabs, syncTabs } from './view-tabs.js';
import { el } from './dom.js';
import { seriesStyle } from './palette.js';
import { setLanguage, t, translateTree } from '../i18n/translate.js';
import { chartsPng } from '../export/export-png.js';
import { curvesCsv } from '../export/export-csv.js';
import { downloadBlob } from '../export/download.js';

const PROBE = new Float32Array([0]);

// The views other than the curves, each loaded when first shown.
const VIEW_MODULES = {
  gradients: () => import('../gradients/gradients-view.js'),
  training: () => import('../training/training-view.js'),
  identities: () => import('../identities/identities-view.js'),
  softmax: () => import('../softmax/softmax-view.js'),
  maxout: () => import('../maxout/maxout-view.js'),
  accuracy: () => import('../accuracy/accuracy-view.js'),
};
const DETAILS_SETTLE_MS = 250;
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

/** Starts the explorer on the page with a loaded lab and the URL table; returns the debug hook. */
export function startExplorer(lab, schema) {
  const $ = (id) => document.getElementById(id);
  const specById = new Map(lab.catalog.activations.map((spec) => [spec.id, spec]));
  const check = (spec, s) => paramProblem(lab, spec, paramsOf(s, spec));
  let { state, notes } = readState(location.search, schema, lab.catalog, check);
  const fullPageUrl = () => `${location.pathname}${writeState({ ...state, embed: false }, schema)}`;
  const history = createHistorySync(schema, () => state, () => setOpenLink(fullPageUrl()));
  const charts = { f: createCurveChart($('chart-f'), t('axisF')), df: createCurveChart($('chart-df'), t('axisDf')) };
  const buffers = { f: createPlotBuffers(), df: createPlotBuffers() };
  const timings = [];
  let cursorX = null;
  let pending = { plots: false, cross: false, announce: false };
  let frame = 0;
  const views = new Map(); // name -> view instance (or its loading promise)
  const viewUpdates = Object.fromEntries(VIEWS.map((name) => [name, 0]));
  let details = null; // the details panel, once its module (KaTeX) has loaded
  let detailsTimer = 0;

  const styleOf = (id) => seriesStyle(Math.max(0, state.fn.indexOf(id)));
  const selectedSpecs = () => state.fn.map((id) => specById.get(id));
  const shownSeries = () =>
    selectedSpecs()
      .filter((spec) => !state.hide.includes(spec.id))
      .map((spec) => ({ spec, params: paramsOf(state, spec), ...styleOf(spec.id) }));
  const yKeys = (which) => (which === 'f' ? ['y0', 'y1'] : state.log ? ['ly0', 'ly1'] : ['dy0', 'dy1']);

  // Limits of the axis stored in keys lo/hi, from the URL table.
  function axis(lo, hi) {
    const range = schema.ranges.find((r) => r.lo === lo);
    return { min: schema.byKey.get(lo).min, max: schema.byKey.get(hi).max, minSpan: range.minSpan, log: range.log };
  }

  // The chart jobs for the charts currently shown.
  function jobs() {
    const series = shownSeries();
    const list = [];
    if (state.f) list.push({ chart: charts.f, kind: 'f', log: false, series, x0: state.x0, x1: state.x1, y0: state.y0, y1: state.y1, yTitle: t('axisF') });
    if (state.df) {
      const [lo, hi] = yKeys('df');
      list.push({ chart: charts.df, kind: 'df', log: state.log, series, x0: state.x0, x1: state.x1, y0: state[lo], y1: state[hi], yTitle: t(state.log ? 'axisDfLog' : 'axisDf') });
    }
    return list;
  }

  // Coalesces redraw requests into one animation frame.
  function request(what) {
    Object.assign(pending, what);
    if (!frame) frame = requestAnimationFrame(drawFrame);
  }

  function drawFrame() {
    frame = 0;
    const todo = pending;
    pending = { plots: false, cross: false, announce: false };
    if (state.view !== 'curves') {
      const view = views.get(state.view);
      if (todo.plots && view?.update) {
        view.update(state);
        viewUpdates[state.view]++;
      }
      return;
    }
    if (todo.plots || todo.cross) updateCrosshair(todo.announce);
    if (todo.plots) {
      const list = jobs();
      updatePlots(lab, list, list.map((job) => buffers[job.kind]), timings);
    } else if (todo.cross) {
      if (state.f) charts.f.render();
      if (state.df) charts.df.render();
    }
  }

  // Read-out values at cursorX from the wasm, crosshair dots, table, and the spoken summary.
  function updateCrosshair(announce) {
    const rows = cursorX === null ? [] : valuesAt(lab, cursorX, shownSeries());
    charts.f.$cross = cursorX === null ? null : { x: cursorX, points: rows.map((r) => ({ y: r.f, colour: r.colour })) };
    charts.df.$cross = cursorX === null ? null : { x: cursorX, points: rows.map((r) => ({ y: state.log ? Math.abs(r.df) : r.df, colour: r.colour })) };
    renderReadout({ table: $('readout-table'), heading: $('readout-x'), hint: $('readout-hint') }, cursorX, rows);
    if (announce && cursorX !== null) $('announcer').textContent = announcement(cursorX, rows);
  }

  // Rebuilds the function details cards (soon, or after input settles).
  function refreshDetails(delay = 0) {
    clearTimeout(detailsTimer);
    detailsTimer = setTimeout(() => {
      if (!details) return;
      const entries = selectedSpecs().map((spec) => ({ spec, params: paramsOf(state, spec), ...styleOf(spec.id) }));
      details.update(entries, { x0: state.x0, x1: state.x1 });
    }, delay);
  }

  // Loads the details panel (and KaTeX) when its section comes near the screen.
  function watchDetails() {
    const section = $('details');
    const load = () => {
      import('../details/details-panel.js').then(({ createDetailsPanel }) => {
        details = createDetailsPanel($('details-cards'), lab);
        refreshDetails();
      }).catch((error) => {
        $('details-cards').textContent = t('loadFailed', { detail: error.message });
      });
    };
    if (!('IntersectionObserver' in globalThis)) return load();
    const observer = new IntersectionObserver((seen) => {
      if (!seen.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      load();
    }, { rootMargin: '100px 0px' });
    observer.observe(section);
  }

  // What a view module may do: read the lab and the state, change state (a
  // transient change while a control is dragged, else a history entry).
  const viewContext = {
    lab,
    schema,
    state: () => state,
    set(changes, transient = false) {
      Object.assign(state, changes);
      if (transient) history.transient();
      else history.commit();
      if ('fn' in changes || 'hide' in changes) refreshStructure(); // a preset picks other functions
      else request({ plots: true });
    },
    endGesture: () => history.endGesture(),
  };

  // Loads view name's module once, then draws it if it is still the one shown.
  function ensureView(name) {
    if (views.has(name)) return;
    const panel = $(`panel-${name}`);
    views.set(name, VIEW_MODULES[name]().then(({ createView }) => {
      views.set(name, createView(panel, viewContext));
      if (state.view === name) request({ plots: true });
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
    if (state.view !== 'curves') ensureView(state.view);
  }

  // Everything that depends on which functions, charts and language are chosen.
  function refreshStructure() {
    showView();
    syncPicker($('picker-list'), state.fn, styleOf);
    renderLegend($('legend'), selectedSpecs(), state.hide, styleOf, toggleHidden);
    $('params-panel').classList.toggle('empty', !selectedSpecs().some((spec) => spec.params.length > 0));
    renderParamControls($('params'), selectedSpecs(), {
      state: () => state,
      validate: (spec, params) => paramProblem(lab, spec, params),
      apply: (key, value) => { state[key] = value; history.transient(); request({ plots: true }); refreshDetails(DETAILS_SETTLE_MS); },
      commit: () => history.endGesture(),
    });
    $('show-f').checked = state.f;
    $('show-df').checked = state.df;
    $('log-df').checked = state.log;
    $('plot-f').hidden = !state.f;
    $('plot-df').hidden = !state.df;
    $('plot-f').setAttribute('aria-label', t('chartF'));
    $('plot-df').setAttribute('aria-label', t(state.log ? 'chartDfLog' : 'chartDf'));
    $('caption-df').textContent = t(state.log ? 'captionDfLog' : 'captionDf');
    $('ranges-dy').hidden = state.log;
    $('ranges-ly').hidden = !state.log;
    $('no-functions').hidden = state.fn.length > 0;
    $('language').value = state.lang;
    syncRangeInputs(document, state);
    renderNotes($('notes'), notes);
    request({ plots: true });
    refreshDetails();
  }

  // Applies a committed change: new history entry, then the UI.
  function commit(structural = true) {
    history.commit();
    if (structural) refreshStructure();
    else {
      syncRangeInputs(document, state);
      request({ plots: true });
    }
  }

  function toggleHidden(id) {
    state.hide = state.hide.includes(id) ? state.hide.filter((h) => h !== id) : [...state.hide, id];
    commit();
    document.querySelector(`#legend [data-id="${CSS.escape(id)}"]`)?.focus();
  }

  // Zoom (factor) around the plot-area fractions fx, fy of chart `which`.
  function zoomAt(which, fx, fy, factor, transient = true) {
    const xAxis = axis('x0', 'x1');
    [state.x0, state.x1] = zoomRange(state.x0, state.x1, state.x0 + fx * (state.x1 - state.x0), factor, xAxis);
    if (fy !== null) {
      const [lo, hi] = yKeys(which);
      const a = axis(lo, hi);
      const centre = a.log ? 10 ** (Math.log10(state[lo]) + fy * (Math.log10(state[hi]) - Math.log10(state[lo]))) : state[lo] + fy * (state[hi] - state[lo]);
      [state[lo], state[hi]] = zoomRange(state[lo], state[hi], centre, factor, a);
    }
    if (transient) history.transient();
    else history.commit();
    syncRangeInputs(document, state);
    request({ plots: true });
  }

  for (const which of ['f', 'df']) {
    const chart = charts[which];
    chart.$resample = () => request({ plots: true });
    attachGestures(chart.canvas, () => chart.chartArea, {
      start: () => {},
      end: () => history.endGesture(),
      zoom: (fx, fy, factor) => zoomAt(which, fx, fy, factor),
      pan: (dfx, dfy) => {
        [state.x0, state.x1] = panRange(state.x0, state.x1, dfx, axis('x0', 'x1'));
        const [lo, hi] = yKeys(which);
        [state[lo], state[hi]] = panRange(state[lo], state[hi], dfy, axis(lo, hi));
        history.transient();
        syncRangeInputs(document, state);
        request({ plots: true });
      },
      hover: (fx) => {
        cursorX = fx === null ? null : Math.fround(state.x0 + fx * (state.x1 - state.x0));
        request({ cross: true });
      },
    });
    attachChartKeys($(`plot-${which}`), {
      step: (direction, big) => {
        const span = state.x1 - state.x0;
        const start = cursorX ?? (state.x0 + state.x1) / 2;
        const next = cursorX === null ? start : start + direction * span / (big ? 20 : 200);
        cursorX = Math.fround(Math.min(state.x1, Math.max(state.x0, next)));
        request({ cross: true, announce: true });
      },
      jump: (end) => {
        cursorX = Math.fround(end === 'start' ? state.x0 : state.x1);
        request({ cross: true, announce: true });
      },
      zoom: (factor) => {
        const fx = cursorX === null ? 0.5 : (cursorX - state.x0) / (state.x1 - state.x0);
        zoomAt(which, Math.min(1, Math.max(0, fx)), null, factor, false);
        request({ cross: true, announce: true });
      },
    });
  }

  buildTabs($('view-tabs'), VIEWS, (name) => {
    if (state.view === name) return;
    state.view = name;
    commit();
  });
  buildPicker($('picker-list'), lab.catalog, (id, checked) => {
    state.fn = checked ? [...state.fn.filter((f) => f !== id), id] : state.fn.filter((f) => f !== id);
    state.hide = state.hide.filter((h) => state.fn.includes(h));
    commit();
  });
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
    commit();
  });
  $('export-png').addEventListener('click', async () => {
    const parts = [];
    if (state.f) parts.push({ chart: charts.f, caption: $('caption-f').textContent });
    if (state.df) parts.push({ chart: charts.df, caption: $('caption-df').textContent });
    if (!parts.length || !shownSeries().length) { $('export-status').textContent = t('exportNothing'); return; }
    downloadBlob(await chartsPng(parts), 'actlab-curves.png');
    $('export-status').textContent = t('exportedPng');
  });
  $('export-csv').addEventListener('click', () => {
    const source = (state.f ? charts.f : charts.df).data.datasets[0];
    if (!source || !(state.f || state.df)) { $('export-status').textContent = t('exportNothing'); return; }
    const xs = Float32Array.from(source.data, (p) => p.x);
    downloadBlob(new Blob([curvesCsv(lab, xs, shownSeries())], { type: 'text/csv' }), 'actlab-curves.csv');
    $('export-status').textContent = t('exportedCsv', { rows: xs.length });
  });
  wireCopyLink($('copy-link'), $('link-status'), $('link-box'), $('link-box-label'));
  $('share-embed').disabled = false;
  $('share-embed').addEventListener('click', () => {
    import('../share/share-dialog.js').then(({ openShareDialog }) => openShareDialog({ schema, state: () => state }))
      .catch((error) => { $('link-status').textContent = t('viewLoadFailed', { detail: error.message }); });
  });

  window.addEventListener('popstate', () => {
    ({ state, notes } = readState(location.search, schema, lab.catalog, check));
    setEmbedMode(state.embed);
    setOpenLink(fullPageUrl());
    setLanguage(state.lang);
    translateTree(document);
    refreshStructure();
  });
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyInk(charts.f);
    applyInk(charts.df);
    for (const view of views.values()) view.restyle?.();
    refreshStructure();
  });

  setLanguage(state.lang);
  translateTree(document);
  applyInk(charts.f);
  applyInk(charts.df);
  setEmbedMode(state.embed);
  history.replace();
  refreshStructure();
  watchDetails();

  return {
    lab,
    charts,
    timings,
    schema,
    state: () => structuredClone(state),
    notes: () => structuredClone(notes),
    /** The loaded instance of view name (null while loading or never shown). */
    view: (name) => (views.get(name) instanceof Promise ? null : views.get(name) ?? null),
    viewUpdates: () => ({ ...viewUpdates }),
  };
}
