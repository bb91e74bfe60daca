// The gradient-flow view: stacks of layers simulated in a Web Worker by the
// C++ engine, one run per shown function, drawn as per-layer gradient sizes
// (with theory lines), saturated and dead fractions, histogram heatmaps, a
// statistics table, the single-neuron chain, presets and the activation ×
// initialisation matrix. The page thread never runs the simulator.
import { clear, el, scrollRegion, setAttr, setText } from '../ui/dom.js';
import { chartInk, prefersDark, seriesStyle } from '../ui/palette.js';
import { paramDefaults, paramsOf } from '../shell/state-schema.js';
import { num } from '../details/property-text.js';
import { downloadBlob } from '../export/download.js';
import { t } from '../i18n/translate.js';
import { createSimulatorClient } from '../simulator/simulator-client.js';
import { GRADIENT_SETTINGS, PHASE_IDS, QUANTITIES, configFor, variantsFor } from './gradient-settings.js';
import { buildSettingControls } from '../ui/setting-controls.js';
import { createLayerChart, setLayerSeries, inkLayerChart } from '../ui/layer-chart.js';
import { drawHistogramHeatmap } from './histogram-heatmap.js';
import { layerFactor, theoryLog10Line } from './theory.js';
import { layerRanges, onLogScale } from '../ui/log-axis.js';
import { narrate, presetDifferences } from './narration.js';
import { renderStatsTable, statsCsv } from './stats-table.js';
import { chainMissing, renderChain } from './chain-view.js';
import { PRESETS } from './presets.js';
import { presetChanges } from '../ui/preset-changes.js';
import { createInitMatrix } from './init-matrix.js';
import { createPhaseDiagram } from './phase-diagram.js';
import { createPhaseClient } from '../simulator/phase-client.js';
import { gatedRunIndex, gatedSpecs } from '../shell/gated-runs.js';
import { engineActivation } from '../engine-activation.js';

// A worker running the simulator build that matches the page's kernels.
function makeWorker() {
  return new Worker(new URL('../simulator/simulator-worker.js', import.meta.url), { type: 'module' });
}

// Background rgb of the panels, for heatmap colour scales.
const background = () => (prefersDark() ? [28, 31, 36] : [255, 255, 255]);

const FOCUS_MS = 250;
const BUSY_MS = 150;

// "1e-3" style label of a power of two edge of the |∂L/∂z| histogram.
const edgeText = (v) => num(v, 2);

// The clipped counterpart of a plotted quantity (clipping changes only ∂L/∂W and ∂L/∂b).
const CLIPPED = {
  gradWNorm: (s) => s.gradWNormClipped,
  gradBNorm: (s) => s.gradBNormClipped,
  gradWRatio: (s) => s.gradWNormClipped / s.weightNorm,
};
const CLIP_DASH = [2, 3];
const VARIANT_DASH = [9, 3, 2, 3]; // a comparison run (gvs): the same function, one remedy changed

// A comparison run's label: "ReLU (no skips)".
const variantLabel = (run) => `${run.base.label} (${t(`variant_${run.variant.id}`, formatValues(run.variant.values ?? {}))})`;
const formatValues = (values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? num(v, 3) : t(`g_value_${v}`)]));

/** Builds the view in panel; returns { update(state), restyle(), timings(), last() }. */
export function createView(panel, { lab, state: liveState, set, endGesture, redraw }) {
  const body = panel.querySelector('.view-body');
  clear(body);
  const flavour = lab.simd ? 'simd' : 'scalar';
  const client = createSimulatorClient(makeWorker, flavour, lab.catalog.activations.filter((spec) => !spec.custom).map((spec) => spec.id)); // warm-up ids: the catalogue's
  const matrixClient = createSimulatorClient(makeWorker, flavour);
  const specById = new Map(lab.catalog.activations.map((spec) => [spec.id, spec]));
  const timings = []; // ms from a request to its charts drawn
  const engineTimings = []; // ms the worker spent simulating, per drawn result
  const drawTimings = []; // ms the page spent drawing each result
  let last = null; // { key, state, runs: [{ spec, label, colour, dash, result }], ms }
  let lastKey = '';
  let busyTimer = 0;
  let statusText = ''; // the timing line, shown with the next focus redraw

  // --- layout
  const controlsTitle = el('h3', { id: 'g-controls-title' });
  const controlsBox = el('div', { className: 'g-controls' });
  const resample = el('button', { type: 'button', id: 'g-resample' });
  const convention = el('p', { className: 'hint', id: 'g-convention' });
  const controls = el('section', { className: 'panel g-settings', attrs: { 'aria-labelledby': controlsTitle.id } }, controlsTitle, controlsBox, resample, convention);
  const presetsTitle = el('h3', { id: 'g-presets-title' });
  const presetBar = el('div', { className: 'preset-bar', attrs: { role: 'group', 'aria-labelledby': presetsTitle.id } });
  const presetNote = el('p', { className: 'preset-note', id: 'g-preset-note' });
  const presetSummary = el('summary', {});
  const presetList = el('ul', { className: 'preset-list' });
  const presets = el('section', { className: 'panel g-presets', attrs: { 'aria-labelledby': presetsTitle.id } },
    presetsTitle, presetBar, presetNote, el('details', {}, presetSummary, presetList));
  let loadedPreset = PRESETS.find((p) => p.id === liveState().preset) ?? null; // the preset whose sentence is shown (preset= in the URL loads one)
  const status = el('p', { className: 'g-status', id: 'g-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const errorText = el('span', {});
  const retry = el('button', { type: 'button', id: 'g-retry', hidden: true });
  const error = el('p', { className: 'load-error', id: 'g-error', attrs: { role: 'alert' }, hidden: true }, errorText, ' ', retry);
  // Shows a failure; withRetry: the simulator itself failed (not the settings), so Try again restarts it.
  const showError = (text, withRetry) => {
    setText(errorText, text);
    retry.hidden = !withRetry;
    error.hidden = false;
  };
  const mainCaption = el('figcaption', { id: 'g-main-caption' });
  const mainCanvas = el('canvas', { id: 'g-main-chart', attrs: { role: 'img' } });
  const legend = el('ul', { className: 'g-legend', id: 'g-legend' });
  const offScaleNote = el('div', { className: 'g-offscale', id: 'g-offscale' });
  const narrationTitle = el('h3', { id: 'g-narration-title' });
  const narrationFixed = el('p', { className: 'g-narration-fixed', id: 'g-narration-fixed' });
  const narrationChanged = el('p', { className: 'g-narration-changed', id: 'g-narration-changed' });
  const narrationLive = el('p', { className: 'g-narration-live', id: 'g-narration-live' });
  const narration = el('section', { className: 'g-narration', id: 'g-narration', hidden: true, attrs: { 'aria-labelledby': narrationTitle.id, 'aria-live': 'polite' } },
    narrationTitle, narrationFixed, narrationChanged, narrationLive);
  const theoryLine = el('p', { className: 'g-mean-field', id: 'g-mean-field', attrs: { 'aria-live': 'polite' } });
  const pairsCaption = el('figcaption', { id: 'g-pairs-caption' });
  const pairsCanvas = el('canvas', { id: 'g-pairs-chart', attrs: { role: 'img' } });
  const pairsFigure = el('figure', { className: 'plot', id: 'g-pairs-figure', hidden: true }, pairsCaption, el('div', { className: 'canvas-box small' }, pairsCanvas));
  const deadCaption = el('figcaption', { id: 'g-dead-caption' });
  const deadCanvas = el('canvas', { id: 'g-dead-chart', attrs: { role: 'img' } });
  const focusLabel = el('label', { htmlFor: 'g-focus' });
  const focus = el('select', { id: 'g-focus' });
  const heatA = el('canvas', { id: 'g-heat-a', attrs: { role: 'img' } });
  const heatG = el('canvas', { id: 'g-heat-grad', attrs: { role: 'img' } });
  const heatACaption = el('figcaption', {});
  const heatGCaption = el('figcaption', {});
  const heatNote = el('p', { className: 'hint', id: 'g-heat-note' });
  const table = el('table', { className: 'values-table', id: 'g-stats' });
  const csv = el('button', { type: 'button', id: 'g-csv' });
  const chainTitle = el('h3', { id: 'g-chain-title' });
  const chainBox = el('div', { id: 'g-chain' });
  const matrixBox = el('section', { className: 'panel g-matrix', attrs: { 'aria-labelledby': 'matrix-title' } });
  const phaseBox = el('section', { className: 'panel g-phase', id: 'g-phase', attrs: { 'aria-labelledby': 'phase-title' } });
  body.append(el('div', { className: 'g-grid' },
    presets, controls,
    el('div', { className: 'g-plot' }, error, narration,
      el('figure', { className: 'plot', id: 'g-main-figure' }, mainCaption, el('div', { className: 'canvas-box' }, mainCanvas), legend, offScaleNote),
      pairsFigure),
    el('div', { className: 'g-main' }, status, theoryLine,
      el('figure', { className: 'plot' }, deadCaption, el('div', { className: 'canvas-box small' }, deadCanvas)),
      el('div', { className: 'g-focus-row' }, focusLabel, focus),
      el('div', { className: 'g-heat-pair' },
        el('figure', { className: 'plot heat' }, heatACaption, el('div', { className: 'heat-box' }, heatA)),
        el('figure', { className: 'plot heat' }, heatGCaption, el('div', { className: 'heat-box' }, heatG))),
      heatNote,
      scrollRegion(table), csv,
      el('section', { className: 'g-chain', attrs: { 'aria-labelledby': chainTitle.id } }, chainTitle, chainBox),
      phaseBox, matrixBox)));

  const mainChart = createLayerChart(mainCanvas, { log: true });
  const deadChart = createLayerChart(deadCanvas, { log: false });
  const pairsChart = createLayerChart(pairsCanvas, { log: false });
  const syncControls = buildSettingControls(controlsBox, GRADIENT_SETTINGS, 'g_', {
    state: liveState,
    apply: (changes, transient) => set(changes, transient),
    commit: endGesture,
  });
  const catalogDefaults = (ids) => paramDefaults(lab.catalog, ids);
  // What a preset sets: every stack setting (the phase diagram's own choice, gpd, stays as it is).
  const presetState = (preset) => {
    const { gpd, ...changes } = presetChanges(preset, GRADIENT_SETTINGS, catalogDefaults);
    return changes;
  };
  for (const preset of PRESETS) {
    const button = el('button', { type: 'button', className: 'preset', dataset: { preset: preset.id } });
    button.addEventListener('click', () => {
      loadedPreset = preset;
      set({ ...presetState(preset), preset: preset.id });
    });
    presetBar.append(button);
    presetList.append(el('li', { dataset: { preset: preset.id } }, el('strong', { className: 'preset-name' }), el('p', { className: 'preset-text' }), el('p', { className: 'preset-source', textContent: preset.source })));
  }
  resample.addEventListener('click', () => set({ gseed: (liveState().gseed + 1) % 2 ** 31 }));
  retry.addEventListener('click', () => {
    error.hidden = true;
    redraw();
  });
  focus.addEventListener('change', () => set({ gfocus: focus.value }));
  csv.addEventListener('click', () => {
    if (last) downloadBlob(new Blob([statsCsv(last.runs)], { type: 'text/csv' }), 'actlab-gradients.csv');
  });
  const phaseClient = createPhaseClient(makeWorker, flavour);
  const phase = createPhaseDiagram(phaseBox, {
    specs: PHASE_IDS.map((id) => specById.get(id)).filter(Boolean),
    activation: (spec) => engineActivation(spec, paramsOf(liveState(), spec)),
    run: (request, options) => phaseClient.run(request, options),
    load: (changes) => {
      set(changes);
      mainCanvas.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    },
    set: (changes) => set(changes),
    back: background,
    ink: () => chartInk(prefersDark()),
  });
  const matrix = createInitMatrix(matrixBox, {
    specs: lab.catalog.activations.filter((spec) => !spec.custom), // the catalogue × the schemes
    paramsOf,
    run: (configs) => matrixClient.run(configs),
    load: (changes) => set(changes),
    back: background,
  });

  // The functions to simulate: shown (not hidden) ones, in the picker's colours, then the ticked gated units.
  function shownRuns(state) {
    const functions = state.fn.filter((id) => !state.hide.includes(id)).map((id) => {
      const spec = specById.get(id);
      const index = state.fn.indexOf(id);
      return { spec, params: paramsOf(state, spec), label: spec.name, index };
    });
    const gated = gatedSpecs(lab.catalog, state).map((spec) => ({ spec, params: {}, label: spec.name, index: gatedRunIndex(state, spec.id) }));
    return [...functions, ...gated];
  }

  // The legend lines (rebuilt only when their text or colour changed).
  function renderLegend(entries) {
    const items = [...legend.children];
    if (items.length === entries.length && entries.every((e, i) => items[i].dataset.colour === `${e.colour}${e.dash ? ' dotted' : ''}`)) {
      entries.forEach((e, i) => setText(items[i].lastChild, e.text));
      return;
    }
    clear(legend);
    for (const e of entries) {
      const swatch = el('span', { className: e.dash ? 'swatch dotted' : 'swatch', attrs: { 'aria-hidden': 'true' } });
      if (e.dash) swatch.style.borderTopColor = e.colour;
      else swatch.style.background = e.colour;
      legend.append(el('li', { dataset: { colour: `${e.colour}${e.dash ? ' dotted' : ''}` } }, swatch, el('span', { textContent: e.text })));
    }
  }

  // Redraws everything from `last` (no simulation).
  function draw() {
    if (!last) return;
    const { state, runs } = last;
    const quantity = state.gq;
    const dark = prefersDark();
    const series = [];
    const entries = [];
    const clipped = state.gclip !== 'off' && CLIPPED[quantity];
    const ends = (values) => t('legendRatio', { first: num(values[0] ?? NaN, 3), last: num(values[values.length - 1] ?? NaN, 3) });
    for (const run of runs) {
      const values = run.result.layers.map((s) => s[quantity]);
      series.push({ label: run.label, colour: run.colour, dash: run.dash, values });
      const theory = !run.variant && QUANTITIES.find((q) => q.id === quantity).gradient ? layerFactor(state, run.spec.id, run.params, quantity) : null;
      const anchor = values[values.length - 1];
      let theoryText = '';
      if (theory && onLogScale(anchor)) {
        series.push({ label: `${run.label} (theory)`, colour: run.colour, dash: [6, 4], width: 1, kind: 'theory', values: [], log10Values: theoryLog10Line(anchor, theory.factor, values.length) });
        theoryText = t(theory.exact ? 'theoryExact' : 'theoryBound', { factor: num(theory.factor, 3) });
      }
      const name = clipped ? `${run.label}, ${t('gClipLegendBefore')}` : run.label;
      entries.push({ colour: run.colour, text: `${name}: ${ends(values)}${theoryText ? ` — ${theoryText}` : ''}` });
      if (clipped) {
        const after = run.result.layers.map(CLIPPED[quantity]);
        const { clip } = run.result;
        const how = state.gclip === 'norm'
          ? t('gClipLegend', { scale: num(clip.scale, 3), before: num(clip.normBefore, 3), after: num(clip.normAfter, 3) })
          : t('gClipLegendValue', { threshold: num(state.gclipv, 3), before: num(clip.normBefore, 3), after: num(clip.normAfter, 3) });
        series.push({ label: `${run.label} (${t('gClipShort')})`, colour: run.colour, dash: CLIP_DASH, width: 2.5, values: after });
        entries.push({ colour: run.colour, dash: true, text: `${run.label}, ${how}: ${ends(after)}` });
      }
    }
    renderLegend(entries);
    const qText = t(`g_gq_${quantity}`);
    const marked = setLayerSeries(mainChart, series, { xTitle: t('axisLayer'), yTitle: qText, depth: state.gdepth, markOffScale: true });
    const notes = marked.flatMap((m) => [
      ...(m.zero.length ? [t('gZeroNote', { name: m.label, layers: layerRanges(m.zero) })] : []),
      ...(m.nonFinite.length ? [t('gNonFiniteNote', { name: m.label, layers: layerRanges(m.nonFinite) })] : []),
    ]);
    if (state.gclip !== 'off' && !CLIPPED[quantity]) notes.push(t('gClipNoEffect'));
    renderNotes(notes);
    setText(mainCaption, t('gMainCaption', { q: qText }));
    setAttr(mainCanvas, 'aria-label', t('gMainLabel', { q: qText, list: runs.map((r) => `${r.label}: ${num(r.result.layers[0][quantity], 3)} → ${num(r.result.layers.at(-1)[quantity], 3)}`).join('; ') }));
    renderMeanField(runs);
    drawPairs(state, runs);
    renderNarration(state, runs);
    scheduleFocus(state, runs.filter((run) => !run.variant), dark);
  }

  // The mean-field theory of each plain run (the engine attaches it): sigma_w^2, sigma_b^2, chi_1, phase, xi_c;
  // then each run's input-output Jacobian: how far its singular values are from all being 1 (dynamical isometry).
  function renderMeanField(runs) {
    const lines = runs.filter((run) => run.result.meanField).map((run) => {
      const m = run.result.meanField;
      // q* or chi_1 not finite (a formula that is NaN or infinite somewhere): the theory's fixed point does not exist.
      if (!Number.isFinite(m.qStar) || !Number.isFinite(m.chi1)) return t('gMeanFieldUndefined', { name: run.label, q: num(m.qStar, 3), chi1: num(m.chi1, 3) });
      return t(m.chi1 <= 1 ? 'gMeanFieldOrdered' : 'gMeanFieldChaotic', {
        name: run.label, sw2: num(m.sigmaW2, 3), sb2: num(m.sigmaB2, 3), chi1: num(m.chi1, 3),
        root: num(Math.sqrt(m.chi1), 3), xi: num(m.xiC, 3), q: num(m.qStar, 3), c: num(m.cStar, 3),
      });
    });
    const jacobians = runs.filter((run) => !run.variant && run.result.jacobian?.singularValues).map((run) => {
      const j = run.result.jacobian, k = j.singularValues.length;
      const vars = { name: run.label, sample: j.sample, k, max: num(j.max, 3), min: num(j.min, 3), spread: num(j.log10Spread, 3), ms: num(j.meanSquare, 3), rank: j.rank };
      return t(j.rank < k ? 'gJacobianRankDeficient' : 'gJacobian', vars);
    });
    const tooWide = runs.some((run) => !run.variant && run.result.jacobian && !run.result.jacobian.singularValues && /above/.test(run.result.jacobian.skipped ?? ''));
    const all = [...lines, ...jacobians, ...(tooWide ? [t('gJacobianTooWide')] : [])];
    setText(theoryLine, all.join(' '));
    theoryLine.hidden = all.length === 0;
  }

  // The pairs' correlations per layer (pairs on): of dL/da (shattered gradients) or of z (mean-field c).
  function drawPairs(state, runs) {
    pairsFigure.hidden = state.gpairs !== 'on';
    if (pairsFigure.hidden) return;
    const field = state.gpairq === 'z' ? 'zPairCorrelation' : 'gradPairCorrelation';
    const series = runs.map((run) => ({ label: run.label, colour: run.colour, dash: run.dash, values: run.result.layers.map((s) => s[field]) }));
    setLayerSeries(pairsChart, series, { xTitle: t('axisLayer'), yTitle: t(`gPairs_${state.gpairq}`), depth: state.gdepth, yRange: [-1, 1] });
    setText(pairsCaption, t('gPairsCaption', { q: t(`gPairs_${state.gpairq}`), c: num(state.gpairc, 3) }));
    setAttr(pairsCanvas, 'aria-label', t('gPairsLabel', { list: series.map((s) => `${s.label}: ${num(s.values[0], 3)} → ${num(s.values.at(-1), 3)}`).join('; ') }));
  }

  // The notes under the chart (values a log axis cannot show, clipping not visible).
  function renderNotes(notes) {
    const items = [...offScaleNote.children];
    if (items.length === notes.length) {
      notes.forEach((text, i) => setText(items[i], text));
      return;
    }
    clear(offScaleNote);
    for (const text of notes) offScaleNote.append(el('p', { className: 'hint', textContent: text }));
  }

  // "depth (layers) 4 → 10" for one setting that differs from the loaded preset.
  function differenceText({ key, from, to }) {
    const names = (ids) => ids.map((id) => specById.get(id)?.name ?? id).join(', ');
    if (key === 'fn') return `${t('liveFunctions')} ${names(from)} → ${names(to)}`;
    if (key === 'hide') return `${t('liveHidden')}: ${names(to)}`;
    const setting = GRADIENT_SETTINGS.find((s) => s.key === key);
    if (!setting) { // a function parameter, "leaky_relu.negative_slope"
      const [id, param] = key.split('.');
      return `${specById.get(id)?.name ?? id} ${param} ${num(from, 4)} → ${num(to, 4)}`;
    }
    const value = (v) => (setting.kind === 'enum' ? t(`g_${key}_${v}`) : num(v, 4));
    return `${t(`g_${key}`)} ${value(from)} → ${value(to)}`;
  }

  // The loaded preset's sentence: fixed part, what changed since, and the live part from the runs.
  function renderNarration(state, runs) {
    narration.hidden = !loadedPreset;
    if (!loadedPreset) return;
    setText(narrationTitle, t('gNarrationTitle', { name: t(`presetName_${loadedPreset.id}`) }));
    setText(narrationFixed, `${t(`preset_${loadedPreset.id}`)} (${loadedPreset.source})`);
    const changes = presetDifferences(state, presetState(loadedPreset));
    setText(narrationChanged, changes.length ? t('liveChanged', { list: changes.map(differenceText).join('; ') }) : '');
    narrationChanged.hidden = changes.length === 0;
    const byId = Object.fromEntries(runs.filter((r) => !r.variant).map((r) => [r.spec.id, {
      result: r.result, params: r.params,
      variants: runs.filter((v) => v.base?.spec.id === r.spec.id).map((v) => ({ id: v.variant.id, values: v.variant.values ?? {}, result: v.result })),
    }]));
    const sentences = narrate(loadedPreset.id, loadedPreset.fn, byId, state)
      .map(({ key, vars }) => t(key, key === 'liveMissing' ? { ids: vars.ids.map((id) => specById.get(id)?.name ?? id).join(', ') }
        : key === 'liveNeedsVariant' ? { what: t(`g_gvs_${vars.what}`) } : vars));
    setText(narrationLive, sentences.join(t('liveJoin')));
  }

  // The saturated/dead chart, heatmaps, table and chain follow at most every FOCUS_MS, so a dragged
  // slider leaves the page thread (and the CPU the worker needs) mostly idle.
  let focusTimer = 0, focusDrawnAt = -Infinity, focusArgs = null;
  function scheduleFocus(...args) {
    focusArgs = args;
    if (focusTimer) return;
    const wait = Math.max(0, focusDrawnAt + FOCUS_MS - performance.now());
    focusTimer = setTimeout(() => {
      focusTimer = 0;
      focusDrawnAt = performance.now();
      drawFocus(...focusArgs);
      if (statusText) setText(status, statusText);
    }, wait);
  }

  // The saturated/dead chart, and the heatmaps, table and chain of the focused function.
  function drawFocus(state, runs, dark) {
    const deadSeries = runs.flatMap((run) => [
      { label: `${run.label} saturated`, colour: run.colour, dash: [], values: run.result.layers.map((s) => s.saturated) },
      { label: `${run.label} dead`, colour: run.colour, dash: [3, 3], values: run.result.layers.map((s) => s.dead) },
    ]);
    setLayerSeries(deadChart, deadSeries, { xTitle: t('axisLayer'), yTitle: t('axisFraction'), depth: state.gdepth, yRange: [0, 1] });
    setText(deadCaption, t('gDeadCaption', { threshold: num(state.gsat, 3) }));
    setAttr(deadCanvas, 'aria-label', t('gDeadLabel', { list: runs.map((r) => `${r.label}: ${num(100 * Math.max(...r.result.layers.map((s) => s.saturated)), 3)} %, ${num(100 * Math.max(...r.result.layers.map((s) => s.dead)), 3)} %`).join('; ') }));

    clear(focus);
    for (const run of runs) focus.append(el('option', { value: run.spec.id, textContent: run.label }));
    const run = runs.find((r) => r.spec.id === state.gfocus) ?? runs[0];
    setText(focusLabel, t('focusLabel'));
    if (!run) return;
    focus.value = run.spec.id;
    const ink = chartInk(dark);
    const width = Math.max(240, Math.min(560, heatA.parentElement.clientWidth || 400));
    const result = run.result;
    const zeros = result.layers.reduce((n, s) => n + s.gradZZeros, 0), bad = result.layers.reduce((n, s) => n + s.nonFinite, 0);
    drawHistogramHeatmap(heatA, result.layers.map((s) => s.aHistogram), result.aEdges, {
      width, height: 220, ink, back: background(), edgeLabel: (i) => num(result.aEdges[i], 3), xTitle: t('axisLayer'), yTitle: 'a',
      emptyText: t('heatEmptyA', { bad }),
    });
    drawHistogramHeatmap(heatG, result.layers.map((s) => s.gradZHistogram), result.gradZEdges, {
      width, height: 220, ink, back: background(), edgeLabel: (i) => edgeText(result.gradZEdges[i]), xTitle: t('axisLayer'), yTitle: '|∂L/∂z|',
      emptyText: t('heatEmpty', { zeros, bad }),
    });
    setText(heatACaption, t('heatACaption', { name: run.label }));
    setText(heatGCaption, t('heatGCaption', { name: run.label }));
    setAttr(heatA, 'aria-label', result.aEdges.length ? t('heatALabel', { name: run.label, lo: num(result.aEdges[0], 3), hi: num(result.aEdges.at(-1), 3) }) : t('heatEmptyA', { bad }));
    setAttr(heatG, 'aria-label', result.gradZEdges.length ? t('heatGLabel', { name: run.label, lo: num(result.gradZEdges[0], 2), hi: num(result.gradZEdges.at(-1), 2) }) : t('heatEmpty', { zeros, bad }));
    setText(heatNote, t('heatNote', { zeros, bad }));
    renderStatsTable(table, result, run.label);
    setText(chainTitle, t('chainTitle'));
    renderChain(chainBox, result, run.label, chainMissing(state, Boolean(run.spec.gated)));
  }

  // Texts that do not depend on a result.
  function syncTexts(state) {
    setText(focusLabel, t('focusLabel'));
    setText(chainTitle, t('chainTitle'));
    setText(retry, t('gRetry'));
    for (const canvas of [mainCanvas, deadCanvas, heatA, heatG]) {
      if (!last) setAttr(canvas, 'aria-label', t('gComputing')); // named before the first result is drawn
    }
    setText(controlsTitle, t('gControls'));
    setText(resample, t('gResample'));
    setText(convention, t('gConvention'));
    setText(presetsTitle, t('gPresets'));
    for (const button of presetBar.children) {
      setText(button, t(`presetName_${button.dataset.preset}`));
      setAttr(button, 'aria-pressed', String(loadedPreset?.id === button.dataset.preset));
    }
    setText(presetNote, t('gPresetsHint'));
    presetNote.hidden = Boolean(loadedPreset);
    setText(presetSummary, t('gPresetsAll'));
    for (const item of presetList.children) {
      setText(item.querySelector('.preset-name'), t(`presetName_${item.dataset.preset}`));
      setText(item.querySelector('.preset-text'), t(`preset_${item.dataset.preset}`));
    }
    setText(csv, t('gCsv'));
    syncControls(state);
    matrix.sync(state);
    phase.sync(state);
  }

  return {
    /** Simulates the state's settings for every shown function (latest request wins) and redraws. */
    update(state) {
      syncTexts(state);
      const variants = variantsFor(state);
      const runs = shownRuns(state).map((run) => ({ ...run, ...seriesStyle(run.index) })).flatMap((run) => [run,
        ...variants.map((variant) => {
          const v = { ...run, base: run, variant, dash: VARIANT_DASH };
          return { ...v, label: variantLabel(v) };
        })]);
      if (runs.length === 0) {
        setText(status, t('gNoFunctions'));
        return;
      }
      const configs = runs.map((run) => configFor(state, run.spec, run.params, run.variant?.overrides));
      const key = JSON.stringify(configs);
      if (key === lastKey && last) { // only the view changed (quantity, focus, language)
        last.state = structuredClone(state);
        draw();
        return;
      }
      const start = performance.now();
      clearTimeout(busyTimer);
      busyTimer = setTimeout(() => setText(status, t('gComputing')), BUSY_MS); // only a slow run says so
      // A slow run says how far it is (the worker reports at least every 200 ms).
      const onProgress = ({ fraction }) => {
        if (performance.now() - start > BUSY_MS) setText(status, t('gComputingShare', { percent: Math.floor(100 * fraction) }));
      };
      client.run(configs, { onProgress }).then((reply) => {
        if (reply.stale) return;
        clearTimeout(busyTimer);
        const refused = reply.results.find((r) => !r.ok);
        if (refused) {
          showError(t('gRefused', { detail: refused.error }), false);
          setText(status, last ? t('gKeptPrevious') : '');
          return;
        }
        error.hidden = true;
        lastKey = key;
        last = { state: structuredClone(state), runs: runs.map((run, i) => ({ ...run, result: reply.results[i] })), ms: reply.ms };
        const drawStart = performance.now();
        draw();
        const total = performance.now() - start;
        drawTimings.push(total - (drawStart - start));
        timings.push(total);
        engineTimings.push(reply.ms);
        statusText = t('gTimed', { n: runs.length, engine: num(reply.ms, 3), total: num(total, 3), flavour });
        scheduleFocus(last.state, last.runs, prefersDark());
      }).catch((failure) => {
        clearTimeout(busyTimer);
        lastKey = ''; // Try again (or any change) runs these settings on a fresh worker
        setText(status, '');
        showError(t(failure.code === 'wasm' ? 'gWasmFailed' : 'simFailed', { detail: failure.message }), true);
      });
    },
    /** Re-inks the charts after a light/dark switch. */
    restyle() {
      inkLayerChart(mainChart);
      inkLayerChart(deadChart);
      inkLayerChart(pairsChart);
      phase.restyle();
      if (last) draw();
    },
    /** Milliseconds from each request to its drawn charts. */
    timings: () => [...timings],
    /** Milliseconds the worker's simulations of each drawn result took. */
    engineTimings: () => [...engineTimings],
    /** Milliseconds the page spent drawing each result (charts; the rest follows within 250 ms). */
    drawTimings: () => [...drawTimings],
    /** What the charts draw (for tests): per chart, the y axis and every dataset's label, kind and points. */
    chartData: () => Object.fromEntries([['main', mainChart], ['dead', deadChart], ['pairs', pairsChart]].map(([name, chart]) => [name, {
      y: { type: chart.options.scales.y.type, min: chart.options.scales.y.min, max: chart.options.scales.y.max, ticks: chart.scales.y.ticks.map((tick) => tick.value) },
      datasets: chart.data.datasets.map((ds) => ({ label: ds.label, kind: ds.actlabKind, colour: ds.borderColor, showLine: ds.showLine !== false, data: ds.data.map((p) => ({ x: p.x, y: p.y })) })),
    }])),
    /** Milliseconds from each stop of a long run to the worker's answer. */
    stopTimings: () => client.stopTimings(),
    /** Terminates the simulator worker silently, as a crash would (fault tests). */
    debugKillWorker: () => client.kill(),
    /** What the phase diagram shows (for tests). */
    phase: () => phase.data(),
    /** The last drawn results (for tests). */
    last: () => last && { ms: last.ms, runs: last.runs.map((r) => ({ id: r.spec.id, variant: r.variant?.id ?? null, label: r.label, result: r.result })) },
  };
}
