// The training lab: the same network trained with each ticked activation
// (same data, initial seed and batch order) in a Web Worker, epoch by epoch:
// loss and accuracy curves overlaid, Nielsen's per-layer learning speed, the
// decision regions of 2-D data, a table of the latest numbers, presets.
// Run, pause, step and reset never block the page.
import { clear, el, setAttr, setText } from '../ui/dom.js';
import { chartInk, prefersDark, seriesStyle } from '../ui/palette.js';
import { paramDefaults, paramsOf } from '../shell/state-schema.js';
import { buildSettingControls } from '../ui/setting-controls.js';
import { num } from '../details/property-text.js';
import { t } from '../i18n/translate.js';
import { createLayerChart, setLayerSeries, inkLayerChart } from '../ui/layer-chart.js';
import { createTrainingClient } from './training-client.js';
import { TOY_SETS, TRAINING_SETTINGS, dataRequest, trainerConfigFor } from './training-settings.js';
import { TRAINING_PRESETS } from './training-presets.js';
import { presetChanges } from '../ui/preset-changes.js';
import { drawBoundary, pointsBox } from './boundary-canvas.js';

const GRID = 48; // decision-region grid, GRID x GRID points

// A worker running the trainer in the build that matches the page's kernels.
function makeWorker() {
  return new Worker(new URL('./training-worker.js', import.meta.url), { type: 'module' });
}

const background = () => (prefersDark() ? [28, 31, 36] : [255, 255, 255]);

/** Builds the view in panel; returns { update(state), restyle(), data() }. */
export function createView(panel, { lab, state: liveState, set, endGesture }) {
  const body = panel.querySelector('.view-body');
  clear(body);
  const flavour = lab.simd ? 'simd' : 'scalar';
  const client = createTrainingClient(makeWorker, flavour);
  const specById = new Map(lab.catalog.activations.map((spec) => [spec.id, spec]));

  // --- layout
  const presetsTitle = el('h3', { id: 't-presets-title' });
  const presetBar = el('div', { className: 'preset-bar', attrs: { role: 'group', 'aria-labelledby': presetsTitle.id } });
  const presetNote = el('p', { className: 'preset-note', id: 't-preset-note', attrs: { 'aria-live': 'polite' } });
  const presets = el('section', { className: 'panel g-presets', attrs: { 'aria-labelledby': presetsTitle.id } }, presetsTitle, presetBar, presetNote);
  const controlsTitle = el('h3', { id: 't-controls-title' });
  const controlsBox = el('div', { className: 'g-controls' });
  const controls = el('section', { className: 'panel g-settings', attrs: { 'aria-labelledby': controlsTitle.id } }, controlsTitle, controlsBox);
  const runButton = el('button', { type: 'button', id: 't-run' });
  const stepButton = el('button', { type: 'button', id: 't-step' });
  const resetButton = el('button', { type: 'button', id: 't-reset' });
  const progress = el('p', { className: 'g-status', id: 't-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const error = el('p', { className: 'load-error', id: 't-error', attrs: { role: 'alert' }, hidden: true });
  const lossCaption = el('figcaption', {}), lossCanvas = el('canvas', { id: 't-loss-chart', attrs: { role: 'img' } });
  const accCaption = el('figcaption', {}), accCanvas = el('canvas', { id: 't-accuracy-chart', attrs: { role: 'img' } });
  const legend = el('ul', { className: 'g-legend', id: 't-legend' });
  const focusLabel = el('label', { htmlFor: 't-focus' });
  const focus = el('select', { id: 't-focus' });
  const speedCaption = el('figcaption', {}), speedCanvas = el('canvas', { id: 't-speed-chart', attrs: { role: 'img' } });
  const speedLegend = el('ul', { className: 'g-legend', id: 't-speed-legend' });
  const boundaryCaption = el('figcaption', {}), boundaryCanvas = el('canvas', { id: 't-boundary', attrs: { role: 'img' } });
  const boundaryFigure = el('figure', { className: 'plot heat' }, boundaryCaption, el('div', { className: 'heat-box' }, boundaryCanvas));
  const table = el('table', { className: 'values-table', id: 't-table' });
  body.append(el('div', { className: 'g-grid' }, presets, controls,
    el('div', { className: 'g-main' },
      el('div', { className: 'train-bar' }, runButton, stepButton, resetButton), progress, error,
      el('figure', { className: 'plot' }, lossCaption, el('div', { className: 'canvas-box small' }, lossCanvas)),
      el('figure', { className: 'plot' }, accCaption, el('div', { className: 'canvas-box small' }, accCanvas), legend),
      el('div', { className: 'g-focus-row' }, focusLabel, focus),
      el('div', { className: 'g-heat-pair' },
        el('figure', { className: 'plot' }, speedCaption, el('div', { className: 'canvas-box small' }, speedCanvas), speedLegend),
        boundaryFigure),
      el('div', { className: 'table-box' }, table))));

  const lossChart = createLayerChart(lossCanvas, { log: true });
  const accChart = createLayerChart(accCanvas, { log: false });
  const speedChart = createLayerChart(speedCanvas, { log: true });
  const syncControls = buildSettingControls(controlsBox, TRAINING_SETTINGS, 't_', {
    state: liveState,
    apply: (changes, transient) => set(changes, transient),
    commit: endGesture,
  });
  const catalogDefaults = (ids) => paramDefaults(lab.catalog, ids);
  let loadedPreset = null;
  for (const preset of TRAINING_PRESETS) {
    const button = el('button', { type: 'button', className: 'preset', dataset: { preset: preset.id } });
    button.addEventListener('click', () => {
      loadedPreset = preset;
      set(presetChanges(preset, TRAINING_SETTINGS, catalogDefaults));
    });
    presetBar.append(button);
  }

  // --- the run: one entry per compared activation
  let setupKey = '';
  let state = null;
  let runs = []; // [{ key: id, label, colour, dash, history: [{ report, evaluation }], initial, error, diverged }]
  let points = null; // 2-D training points
  let box = null;
  let grids = new Map(); // key -> probabilities
  let epochs = 0;
  let running = false; // the reader wants the loop to go on
  let looping = false; // the loop is still going (until its last epoch has landed)
  let generation = 0; // bumps on every new setup, so stale replies are dropped
  let busy = Promise.resolve();

  const setupOf = (s) => {
    const ids = s.fn.filter((id) => !s.hide.includes(id));
    return { ids, configs: ids.map((id) => trainerConfigFor(s, specById.get(id), paramsOf(s, specById.get(id)))), data: dataRequest(s) };
  };

  // (Re)creates the trainers for state; resolves when the worker has them.
  function setup(s) {
    const mine = ++generation;
    running = false;
    const { ids, configs, data } = setupOf(s);
    runs = ids.map((id, i) => ({ key: id, label: specById.get(id).name, ...seriesStyle(s.fn.indexOf(id)), history: [], initial: null, error: '', diverged: false, config: configs[i] }));
    epochs = 0, points = null, box = null, grids = new Map();
    error.hidden = true;
    setText(progress, t(TOY_SETS.includes(s.tdata) ? 'tPreparing' : 'tLoadingData'));
    draw();
    busy = client.request('setup', { runs: runs.map((r) => ({ key: r.key, config: r.config })), data }).then((reply) => {
      if (mine !== generation) return;
      for (const answer of reply.runs) {
        const run = runs.find((r) => r.key === answer.key);
        run.initial = answer.evaluation ?? null;
        run.error = answer.error ?? '';
      }
      points = reply.points ? { x: reply.points.x, labels: reply.points.labels } : null;
      box = points ? pointsBox(points.x) : null;
      const refused = runs.filter((r) => r.error);
      if (refused.length) showError(t('tRefused', { detail: refused.map((r) => `${r.label}: ${r.error}`).join('; ') }));
      setText(progress, t('tReady', { n: runs.length - refused.length }));
      draw();
    }).catch((failure) => {
      if (mine !== generation) return;
      showError(t('tSetupFailed', { detail: failure.message }));
      setText(progress, '');
    });
    return busy;
  }

  function showError(text) {
    setText(error, text);
    error.hidden = false;
  }

  // Trains one epoch of every run; returns false when training should stop.
  async function oneEpoch() {
    const mine = generation;
    await busy;
    if (mine !== generation || runs.every((r) => r.error)) return false;
    const grid = box ? { ...box, n: GRID } : null;
    const skip = runs.filter((r) => r.diverged).map((r) => r.key); // a diverged run stops; the others go on
    const reply = await client.request('epoch', { grid, skip });
    if (mine !== generation) return false;
    epochs++;
    let diverged = [];
    for (const answer of reply.runs) {
      const run = runs.find((r) => r.key === answer.key);
      run.history.push({ report: answer.report, evaluation: answer.evaluation });
      if (answer.grid) grids.set(run.key, answer.grid);
      if (!answer.report.finite && !run.diverged) {
        run.diverged = true;
        diverged.push(run.label);
      }
    }
    if (diverged.length) showError(t('tDiverged', { list: diverged.join(', '), epoch: epochs }));
    draw();
    return runs.some((r) => !r.diverged && !r.error) && epochs < state.tepochs;
  }

  async function runLoop() {
    running = looping = true;
    syncButtons();
    try {
      while (running && (await oneEpoch())) await new Promise((resolve) => setTimeout(resolve, 0));
    } catch (failure) {
      showError(t('tEpochFailed', { detail: failure.message }));
    }
    running = looping = false;
    syncButtons();
  }

  function syncButtons() {
    setText(runButton, t(running ? 'tPause' : 'tRun'));
    setAttr(runButton, 'aria-pressed', String(running));
    stepButton.disabled = looping;
  }

  runButton.addEventListener('click', () => {
    if (running) {
      running = false;
      syncButtons();
    } else if (!looping) {
      runLoop();
    }
  });
  stepButton.addEventListener('click', () => {
    oneEpoch().catch((failure) => showError(t('tEpochFailed', { detail: failure.message })));
  });
  resetButton.addEventListener('click', () => {
    running = false;
    const mine = generation;
    busy = busy.then(() => client.request('rewind')).then((reply) => {
      if (mine !== generation) return;
      for (const run of runs) run.history = [], run.diverged = false;
      for (const answer of reply.runs) runs.find((r) => r.key === answer.key).initial = answer.evaluation;
      epochs = 0, grids = new Map();
      error.hidden = true;
      draw();
    }).catch((failure) => showError(t('tEpochFailed', { detail: failure.message })));
  });
  focus.addEventListener('change', () => set({ tfocus: focus.value }));

  // --- drawing
  function draw() {
    if (!state) return;
    const live = runs.filter((r) => !r.error);
    const series = (pick, test) => live.map((r) => ({
      label: `${r.label}${test ? ' (test)' : ''}`, colour: r.colour, dash: test ? [6, 4] : r.dash,
      values: r.history.map((h) => { const v = pick(h, test); return Number.isFinite(v) && v > 0 ? v : null; }),
    }));
    const n = Math.max(2, epochs);
    setLayerSeries(lossChart, [...series((h) => h.evaluation.train.loss, false), ...series((h) => h.evaluation.test.loss, true)], { xTitle: t('tAxisEpoch'), yTitle: t('tAxisLoss'), depth: n });
    setLayerSeries(accChart, [...series((h) => h.evaluation.train.accuracy, false), ...series((h) => h.evaluation.test.accuracy, true)], { xTitle: t('tAxisEpoch'), yTitle: t('tAxisAccuracy'), depth: n, yRange: [0, 1] });
    setText(lossCaption, t('tLossCaption'));
    setText(accCaption, t('tAccuracyCaption'));
    const latest = (r) => r.history.at(-1)?.evaluation ?? r.initial;
    setAttr(lossCanvas, 'aria-label', t('tLossLabel', { epochs, list: live.map((r) => `${r.label}: ${num(latest(r)?.train.loss ?? NaN, 3)}`).join('; ') }));
    setAttr(accCanvas, 'aria-label', t('tAccuracyLabel', { epochs, list: live.map((r) => `${r.label}: ${num(100 * (latest(r)?.test.accuracy ?? NaN), 3)} %`).join('; ') }));
    renderLegend(live);
    renderTable(live, latest);
    drawFocus(live);
  }

  // A legend list: one swatch and text per entry ({ colour, text }).
  function renderLegendList(list, entries) {
    clear(list);
    for (const { colour, text } of entries) {
      const swatch = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
      swatch.style.background = colour;
      list.append(el('li', {}, swatch, el('span', { textContent: text })));
    }
  }

  function renderLegend(live) {
    renderLegendList(legend, live.map((r) => ({ colour: r.colour, text: `${r.label}${r.diverged ? ` — ${t('tDivergedShort')}` : ''}` })));
  }

  function renderTable(live, latest) {
    clear(table);
    const head = ['tColFunction', 'tColEpochs', 'tColTrainLoss', 'tColTrainAcc', 'tColTestLoss', 'tColTestAcc', 'tColDead', 'tColUpdate'];
    table.append(el('caption', { textContent: t('tTableCaption') }),
      el('thead', {}, el('tr', {}, ...head.map((k) => el('th', { scope: 'col', textContent: t(k) })))),
      el('tbody', {}, ...live.map((r) => {
        const e = latest(r);
        const dead = r.history.at(-1)?.report.dead ?? [];
        const update = r.history.at(-1)?.report.updateRatio ?? [];
        return el('tr', {}, el('th', { scope: 'row', textContent: r.label }),
          ...[String(r.history.length), num(e?.train.loss ?? NaN, 4), `${num(100 * (e?.train.accuracy ?? NaN), 3)} %`,
            num(e?.test.loss ?? NaN, 4), `${num(100 * (e?.test.accuracy ?? NaN), 3)} %`,
            dead.slice(0, -1).map((d) => `${num(100 * d, 2)} %`).join(' / ') || '—',
            update.map((u) => num(u, 2)).join(' / ') || '—'].map((text) => el('td', { textContent: text })));
      })));
  }

  // The focused run's layer speeds and decision regions.
  function drawFocus(live) {
    clear(focus);
    for (const r of live) focus.append(el('option', { value: r.key, textContent: r.label }));
    const run = live.find((r) => r.key === state.tfocus) ?? live[0];
    setText(focusLabel, t('tFocusLabel'));
    if (!run) return;
    focus.value = run.key;
    const hiddenLayers = Math.max(0, run.config.hidden.length);
    const speeds = Array.from({ length: hiddenLayers }, (_, l) => ({
      label: t('tLayer', { l: l + 1 }), ...seriesStyle(l), values: run.history.map((h) => h.report.biasSpeed[l] || null),
    }));
    setLayerSeries(speedChart, speeds, { xTitle: t('tAxisEpoch'), yTitle: '‖∂C/∂b_l‖', depth: Math.max(2, epochs) });
    renderLegendList(speedLegend, speeds.map((s) => ({ colour: s.colour, text: `${s.label}: ${num(s.values.at(-1) ?? NaN, 3)}` })));
    setText(speedCaption, t('tSpeedCaption', { name: run.label }));
    setAttr(speedCanvas, 'aria-label', t('tSpeedLabel', {
      name: run.label, list: speeds.map((s) => `${s.label}: ${num(s.values.at(-1) ?? NaN, 3)}`).join('; '),
    }));
    boundaryFigure.hidden = !points;
    if (!points) return;
    const ink = chartInk();
    const size = Math.max(220, Math.min(420, boundaryCanvas.parentElement.clientWidth || 320));
    const classes = run.config.classes;
    const probabilities = grids.get(run.key) ?? new Float32Array(GRID * GRID * classes).fill(1 / classes);
    drawBoundary(boundaryCanvas, { probabilities, n: GRID, classes, box, points, size, back: background(), ink: ink.text });
    setText(boundaryCaption, t('tBoundaryCaption', { name: run.label }));
    setAttr(boundaryCanvas, 'aria-label', t('tBoundaryLabel', { name: run.label, n: points.labels.length, accuracy: num(100 * ((run.history.at(-1)?.evaluation ?? run.initial)?.train.accuracy ?? NaN), 3) }));
  }

  function syncTexts(s) {
    setText(presetsTitle, t('gPresets'));
    for (const button of presetBar.children) {
      setText(button, t(`tpresetName_${button.dataset.preset}`));
      setAttr(button, 'aria-pressed', String(loadedPreset?.id === button.dataset.preset));
    }
    setText(presetNote, loadedPreset ? `${t(`tpreset_${loadedPreset.id}`)} (${loadedPreset.source})` : t('gPresetsHint'));
    setText(controlsTitle, t('tControls'));
    setText(stepButton, t('tStep'));
    setText(resetButton, t('tReset'));
    syncButtons();
    syncControls(s);
  }

  return {
    /** Follows the state: new trainers when the network, data or functions changed, else a redraw. */
    update(next) {
      state = structuredClone(next);
      syncTexts(state);
      const key = JSON.stringify(setupOf(state));
      if (key !== setupKey) {
        setupKey = key;
        if (setupOf(state).ids.length === 0) {
          runs = [];
          setText(progress, t('gNoFunctions'));
          draw();
          return;
        }
        setup(state);
      } else {
        draw();
      }
    },
    /** Re-inks the charts after a light/dark switch. */
    restyle() {
      for (const chart of [lossChart, accChart, speedChart]) inkLayerChart(chart);
      draw();
    },
    /** What is drawn, for tests: epochs done and, per run, its history and state. */
    data: () => ({
      epochs, running: looping, points: points?.labels.length ?? 0,
      runs: runs.map((r) => ({ id: r.key, error: r.error, diverged: r.diverged, initial: r.initial, history: r.history })),
    }),
  };
}
