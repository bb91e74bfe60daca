// The training lab: the same network trained with each ticked activation
// (same data, initial seed and batch order) in a Web Worker, epoch by epoch:
// loss and accuracy curves overlaid, dead units per layer over each whole
// epoch, Nielsen's per-layer learning speed, the decision regions of 2-D
// data, a table of the latest numbers, presets whose sentences read the
// live numbers. Run, pause, step and reset never block the page.
import { clear, el, scrollRegion, setAttr, setText, tableCaption } from '../ui/dom.js';
import { chartInk, prefersDark, seriesStyle } from '../ui/palette.js';
import { paramDefaults, paramsOf } from '../shell/state-schema.js';
import { buildSettingControls } from '../ui/setting-controls.js';
import { num } from '../details/property-text.js';
import { t } from '../i18n/translate.js';
import { createLayerChart, setLayerSeries, inkLayerChart } from '../ui/layer-chart.js';
import { createTrainingClient, stallBound } from './training-client.js';
import { describeFault } from './training-faults.js';
import { TOY_SETS, TRAINING_SETTINGS, dataRequest } from './training-settings.js';
import { runsFor } from './network-runs.js';
import { effectiveArch } from './architecture.js';
import { createArchitectureForm } from './architecture-form.js';
import { createEpochProgress } from './epoch-progress.js';
import { createLayerStats } from './layer-stats.js';
import { TRAINING_PRESETS, activePreset } from './training-presets.js';
import { narrate } from './preset-narration.js';
import { nextTarget, statusLine } from './training-status.js';
import { deadSeries, deadText, latestShown, layerNames, shown, speedSeries } from './training-series.js';
import { presetChanges } from '../ui/preset-changes.js';
import { drawBoundary, pointsBox } from './boundary-canvas.js';
import { gatedSpecs } from '../shell/gated-runs.js';
import { nonFinite } from '../details/formula-accuracy.js';
import { xGrid } from '../ui/sampling.js';

const GRID = 48; // decision-region grid, GRID x GRID points

// A worker running the trainer in the build that matches the page's kernels.
function makeWorker() {
  return new Worker(new URL('./training-worker.js', import.meta.url), { type: 'module' });
}

const background = () => (prefersDark() ? [28, 31, 36] : [255, 255, 255]);
const percent = (share) => (share === undefined || share === null ? share : 100 * share);

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
  const presetLive = el('p', { className: 't-preset-live', id: 't-preset-live', attrs: { 'aria-live': 'polite' } });
  const presets = el('section', { className: 'panel g-presets t-presets', attrs: { 'aria-labelledby': presetsTitle.id } }, presetsTitle, presetBar, presetNote, presetLive);
  const controlsTitle = el('h3', { id: 't-controls-title' });
  const controlsBox = el('div', { className: 'g-controls t-controls' });
  const controls = el('section', { className: 'panel g-settings t-settings', attrs: { 'aria-labelledby': controlsTitle.id } }, controlsTitle, controlsBox);
  const runButton = el('button', { type: 'button', id: 't-run' });
  const stepButton = el('button', { type: 'button', id: 't-step' });
  const resetButton = el('button', { type: 'button', id: 't-reset' });
  const retryButton = el('button', { type: 'button', id: 't-retry', hidden: true });
  const progress = el('p', { className: 'g-status', id: 't-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const epochBar = el('div', { className: 't-progress', id: 't-progress-box', hidden: true });
  const error = el('p', { className: 'load-error', id: 't-error', attrs: { role: 'alert' }, hidden: true });
  const lossCaption = el('figcaption', {}), lossCanvas = el('canvas', { id: 't-loss-chart', attrs: { role: 'img' } });
  const accCaption = el('figcaption', {}), accCanvas = el('canvas', { id: 't-accuracy-chart', attrs: { role: 'img' } });
  const legend = el('ul', { className: 'g-legend', id: 't-legend' });
  const binaryKey = el('p', { className: 't-key', id: 't-binary-key', hidden: true });
  const statsFigure = el('figure', { className: 'plot', id: 't-stats-figure' });
  const deadCaption = el('figcaption', {}), deadCanvas = el('canvas', { id: 't-dead-chart', attrs: { role: 'img' } });
  const deadLegend = el('ul', { className: 'g-legend', id: 't-dead-legend' });
  const deadKey = el('p', { className: 't-key', id: 't-dead-key' });
  const focusLabel = el('label', { htmlFor: 't-focus' });
  const focus = el('select', { id: 't-focus' });
  const speedCaption = el('figcaption', {}), speedCanvas = el('canvas', { id: 't-speed-chart', attrs: { role: 'img' } });
  const speedLegend = el('ul', { className: 'g-legend', id: 't-speed-legend' });
  const boundaryCaption = el('figcaption', {}), boundaryCanvas = el('canvas', { id: 't-boundary', attrs: { role: 'img' } });
  const boundaryFigure = el('figure', { className: 'plot heat' }, boundaryCaption, el('div', { className: 'heat-box' }, boundaryCanvas));
  const table = el('table', { className: 'values-table', id: 't-table' });
  body.append(el('div', { className: 'g-grid t-grid' }, presets, controls,
    el('div', { className: 'g-main t-main' },
      el('div', { className: 'train-bar' }, runButton, stepButton, resetButton), progress, epochBar, error, retryButton,
      el('figure', { className: 'plot', id: 't-loss-figure' }, lossCaption, el('div', { className: 'canvas-box small' }, lossCanvas)),
      el('figure', { className: 'plot' }, accCaption, el('div', { className: 'canvas-box small' }, accCanvas), legend, binaryKey),
      el('figure', { className: 'plot', id: 't-dead-figure' }, deadCaption, el('div', { className: 'canvas-box small' }, deadCanvas), deadLegend, deadKey),
      el('div', { className: 'g-focus-row' }, focusLabel, focus),
      el('div', { className: 'g-heat-pair' },
        el('figure', { className: 'plot' }, speedCaption, el('div', { className: 'canvas-box small' }, speedCanvas), speedLegend),
        boundaryFigure),
      statsFigure,
      scrollRegion(table))));

  const lossChart = createLayerChart(lossCanvas, { log: true });
  const accChart = createLayerChart(accCanvas, { log: false });
  const speedChart = createLayerChart(speedCanvas, { log: true });
  const deadChart = createLayerChart(deadCanvas, { log: false });
  const syncControls = buildSettingControls(controlsBox, TRAINING_SETTINGS, 't_', {
    state: liveState,
    apply: (changes, transient) => set(changes, transient),
    commit: endGesture,
  });
  // The architecture (MLP or CNN and its layers) comes right after the data settings.
  const archBox = el('div', { className: 't-arch-box' });
  controlsBox.querySelector('.param-row[data-key="ttrain"]').after(archBox);
  const syncArchitecture = createArchitectureForm(archBox, { apply: (changes) => set(changes) });
  const epochProgress = createEpochProgress(epochBar);
  const layerStats = createLayerStats(statsFigure);
  const catalogDefaults = (ids) => paramDefaults(lab.catalog, ids);
  for (const preset of TRAINING_PRESETS) {
    const button = el('button', { type: 'button', className: 'preset', dataset: { preset: preset.id } });
    button.addEventListener('click', () => set({ ...presetChanges(preset, TRAINING_SETTINGS, catalogDefaults), preset: preset.id }));
    presetBar.append(button);
  }

  // --- the run: one entry per compared activation
  let setupKey = '';
  let state = null;
  let runs = []; // [{ key: id, label, colour, dash, widths, history: [{ report, evaluation }], initial, error, diverged, divergedAt }]
  let points = null; // 2-D training points
  let box = null;
  let grids = new Map(); // key -> probabilities
  let epochs = 0;
  let running = false; // the reader wants the loop to go on
  let looping = false; // the loop is still going (until its last epoch has landed)
  let stepping = false; // One epoch is under way
  let generation = 0; // bumps on every new setup, so stale replies are dropped
  let busy = Promise.resolve();
  let prepared = false; // the worker holds trainers for the current runs
  let current = null; // the epoch request under way ({ stop() })
  let preparing = null; // the set-up request under way
  let within = null; // the epoch under way or paused half done: { epoch, sample, samples, stage }
  let stall = 5000; // the watchdog's bound for the current networks
  // Where the run is, for the status line (training-status.js): phase, the target of the current or last Run, samples/s.
  let phase = 'preparing';
  let target = 0;
  let rate = 0;
  let lastProgress = null; // { at, done, epoch } of the last progress message
  // What the error line says besides the runs' refusals (their own errors): runs that diverged, a fault of the worker or its inputs.
  const notices = { diverged: '', fault: null }; // fault: describeFault(...)

  // The compared networks of state s (network-runs.js) and the data they train on.
  const setupOf = (s) => {
    const specs = [...s.fn.filter((id) => !s.hide.includes(id)).map((id) => specById.get(id)), ...gatedSpecs(lab.catalog, s)];
    return { runs: runsFor(s, specs, (spec) => paramsOf(s, spec)), data: dataRequest(s) };
  };

  // Asks the epoch under way, if any, to stop; resolves when the worker has answered.
  function stopCurrent() {
    const job = current;
    return job ? job.stop().catch(() => {}) : Promise.resolve();
  }

  // (Re)creates the trainers for state; resolves when the worker has them.
  function setup(s) {
    const mine = ++generation;
    running = false;
    stopCurrent();
    const { runs: planned, data } = setupOf(s);
    const configs = planned.map((r) => r.config);
    runs = planned.map((r) => ({ key: r.key, id: r.id, kind: r.kind, label: r.label, ...seriesStyle(r.colourIndex), widths: r.widths, blocks: r.blocks, history: [], initial: null, error: '', diverged: false, divergedAt: 0, config: r.config }));
    epochs = 0, points = null, box = null, grids = new Map(), target = 0, rate = 0, within = null, prepared = false;
    notices.diverged = '', notices.fault = null;
    stall = stallBound(configs);
    phase = TOY_SETS.includes(s.tdata) ? 'preparing' : 'loading';
    syncButtons();
    draw();
    preparing?.stop(); // a set-up still measuring the previous networks gives way
    const onSetupProgress = (message) => { if (mine === generation) epochProgress(message?.stage === 'evaluating' ? message : null); };
    const job = client.request('setup', { runs: runs.map((r) => ({ key: r.key, config: r.config })), data }, { stallMs: stall, onProgress: onSetupProgress });
    preparing = job;
    busy = job.done.then(({ result: reply }) => {
      if (preparing === job) preparing = null;
      if (mine !== generation) return;
      for (const answer of reply.runs) {
        const run = runs.find((r) => r.key === answer.key);
        run.initial = answer.evaluation ?? null;
        run.error = answer.error ?? '';
      }
      points = reply.points ? { x: reply.points.x, labels: reply.points.labels } : null;
      box = points ? pointsBox(points.x) : null;
      prepared = runs.some((r) => !r.error);
      phase = 'ready';
      syncButtons();
      draw();
    }).catch((failure) => {
      if (preparing === job) preparing = null;
      if (mine !== generation) return;
      fail(failure);
      phase = notices.fault.action === 'restart' ? 'stalled' : 'blank';
      draw();
    });
    return busy;
  }

  // Records a failed request: its message stays until the user acts on it.
  function fail(failure) {
    notices.fault = describeFault(failure);
    if (notices.fault.action === 'restart') prepared = false; // the worker and its trainers are gone
    if (failure?.code === 'no-trainers') prepared = false;
    syncButtons();
  }

  // Restarts the worker and prepares the same networks again (the Try again / Restart button, or Reset after a fault).
  function retry() {
    client.restart();
    setup(state);
  }

  const trainable = () => prepared && runs.some((r) => !r.diverged && !r.error);

  // A progress message of the epoch under way: where it is, and the samples per second.
  function onProgress(progress, mine) {
    if (mine !== generation || !progress?.total) return;
    const networks = Math.max(1, progress.networks ?? 1);
    const now = performance.now();
    if (lastProgress && lastProgress.epoch === progress.epoch && progress.done > lastProgress.done && now > lastProgress.at) {
      const measured = ((progress.done - lastProgress.done) * 1000) / (now - lastProgress.at);
      rate = rate > 0 ? 0.7 * rate + 0.3 * measured : measured;
    }
    lastProgress = { at: now, done: progress.done, epoch: progress.epoch };
    within = { epoch: progress.epoch, sample: Math.floor(progress.done / networks), samples: Math.round(progress.total / networks), stage: progress.stage };
    renderStatus();
    epochProgress(looping || stepping ? progress : null);
  }

  // Trains (the rest of) one epoch of every run; returns false when no run can
  // train on or the epoch was stopped half done.
  async function oneEpoch() {
    const mine = generation;
    await busy;
    if (mine !== generation || !trainable()) return false;
    const grid = box ? { ...box, n: GRID } : null;
    const skip = runs.filter((r) => r.diverged).map((r) => r.key); // a diverged run stops; the others go on
    const started = performance.now();
    const resumedAt = within ? within.sample : 0;
    lastProgress = null;
    const job = client.request('epoch', { grid, skip }, { onProgress: (p) => onProgress(p, mine), stallMs: stall });
    current = job;
    let answer;
    try {
      answer = await job.done;
    } finally {
      if (current === job) current = null;
    }
    if (mine !== generation) return false;
    const reply = answer.result;
    if (!reply?.runs) { // stopped half done (or before it began): the worker keeps the epoch for the next request
      if (reply?.progress) onProgress(reply.progress, mine);
      return false;
    }
    if (!reply.runs?.length || reply.runs.some((a) => !(a.report?.steps > 0))) {
      throw Object.assign(new Error('the worker trained nothing in this epoch'), { code: 'no-trainers' });
    }
    within = null;
    const seconds = (performance.now() - started) / 1000;
    const samples = reply.runs.reduce((sum, answer) => sum + (answer.samples ?? 0), 0) * (1 - (resumedAt && reply.runs[0].samples ? resumedAt / reply.runs[0].samples : 0));
    if (seconds > 0 && samples > 0) rate = rate > 0 ? 0.7 * rate + 0.3 * (samples / seconds) : samples / seconds;
    epochs++;
    const diverged = [];
    let formulaFault = '';
    for (const answer of reply.runs) {
      const run = runs.find((r) => r.key === answer.key);
      run.history.push({ report: answer.report, evaluation: answer.evaluation });
      if (answer.grid) grids.set(run.key, answer.grid);
      if (!answer.report.finite && !run.diverged) {
        run.diverged = true;
        run.divergedAt = epochs;
        diverged.push(run.label);
        if (run.id === 'custom') formulaFault = undefinedFormula();
      }
    }
    if (diverged.length) notices.diverged = [t('tDiverged', { list: diverged.join(', '), epoch: epochs }), formulaFault].filter(Boolean).join(' ');
    draw();
    return trainable();
  }

  // Why Your function diverged when it is not finite for some inputs (log(x), sqrt(x)), or ''.
  function undefinedFormula() {
    const spec = lab.yours?.spec;
    const bad = spec && nonFinite(lab, spec, paramsOf(liveState(), spec), xGrid(-20, 20, 4001));
    if (!bad) return '';
    return t('tDivergedFormula', { what: t(bad.what === 'nan' ? 'formulaNotFiniteNaN' : 'formulaNotFiniteInf').trim(), from: num(bad.from, 4), to: num(bad.to, 4) });
  }

  // What a failed epoch leaves: the fault shown, and the phase it ends in.
  function epochFailed(failure) {
    fail(failure);
    phase = notices.fault.action === 'restart' ? 'stalled' : 'failed';
  }

  // Runs epochs until the target, a pause, every run diverging, or an error.
  async function runLoop() {
    if (!trainable()) return;
    const mine = generation;
    running = looping = true;
    target = within && phase === 'paused' ? target : nextTarget(epochs, state.tepochs);
    phase = 'running';
    syncButtons();
    drawLines();
    let failed = false;
    try {
      while (running && epochs < target && (await oneEpoch())) await new Promise((resolve) => setTimeout(resolve, 0));
    } catch (failure) {
      failed = true;
      if (mine === generation) epochFailed(failure);
    }
    looping = false;
    if (mine !== generation) return;
    running = false;
    if (phase === 'running') {
      if (!trainable() && !failed) phase = 'stopped';
      else phase = epochs >= target ? 'finished' : 'paused';
    }
    syncButtons();
    drawLines(); // the charts were drawn with the last epoch: a pause changes only these lines
  }

  // The status and error lines alone (the charts redraw only when an epoch lands: redrawing
  // them would take CPU from the worker on a small machine and delay its answer to Pause).
  function drawLines() {
    if (!state) return;
    renderStatus();
    renderNotices();
    if (!looping && !stepping) epochProgress(null);
  }

  function syncButtons() {
    const resumable = phase === 'paused';
    setText(runButton, running ? t('tPause') : t('tRunTo', { next: resumable ? target : nextTarget(epochs, state?.tepochs ?? 0) }));
    setAttr(runButton, 'aria-pressed', String(running));
    runButton.disabled = !running && !trainable();
    stepButton.disabled = looping || stepping || !trainable();
    const action = notices.fault?.action;
    retryButton.hidden = !action;
    setText(retryButton, action === 'restart' ? t('tRestartWorker') : t('tRetry'));
  }

  // The error line: the refusal, the divergence and the fault, in the current language.
  function renderNotices() {
    const fault = notices.fault ? t(notices.fault.key, notices.fault.vars) : '';
    const refused = runs.filter((r) => r.error);
    const text = [refused.length ? refusalText(refused) : '', notices.diverged, fault].filter(Boolean).join(' ');
    setText(error, text);
    error.hidden = !text;
    error.dataset.cause = notices.fault?.code ?? '';
  }

  // The trainer's refusal of some runs: one message when every refused run got the same (a bad layer list).
  function refusalText(refused) {
    const messages = [...new Set(refused.map((r) => r.error))];
    const detail = messages.length === 1 && refused.length > 1 ? messages[0] : refused.map((r) => `${r.label}: ${r.error}`).join('; ');
    return t('tRefused', { detail: detail.replace(/\.$/, '') });
  }

  // What the architecture form shows of a refusal of the CNN: the trainer's message when every run got
  // the same one, or the worker's when the networks do not fit in its memory together.
  function architectureRefusal() {
    if (!state || effectiveArch(state) !== 'cnn' || !runs.length) return '';
    if (notices.fault?.code === 'memory') return notices.fault.vars.detail;
    if (!runs.every((r) => r.error)) return '';
    const messages = [...new Set(runs.map((r) => r.error))];
    return messages.length === 1 ? messages[0].replace(/\.$/, '') : '';
  }

  // The status line: where the run is, in the current language.
  function renderStatus() {
    const next = phase === 'paused' ? target : nextTarget(epochs, state.tepochs);
    const diverged = runs.filter((r) => r.diverged).map((r) => ({ label: r.label, epoch: r.divergedAt }));
    const shownWithin = within && within.sample < within.samples ? within : within?.stage === 'evaluating' ? within : null;
    const parts = phase === 'blank' ? [] : statusLine({ phase, epochs, target, next, networks: runs.filter((r) => !r.error).length, rate, diverged, within: shownWithin });
    const format = (n) => Math.round(n ?? 0).toLocaleString('en-US');
    setText(progress, parts.map(({ key, vars }) => t(key, { ...vars, rate: format(vars.rate), s: format(vars.s), n: format(vars.n) })).join(t('tSentenceGap')));
    progress.dataset.phase = phase;
  }

  runButton.addEventListener('click', () => {
    if (running) {
      running = false;
      stopCurrent();
      syncButtons();
    } else if (!looping) {
      runLoop();
    }
  });
  stepButton.addEventListener('click', () => {
    const mine = generation;
    stepping = true;
    syncButtons();
    oneEpoch().then(() => {
      if (looping || mine !== generation) return;
      phase = trainable() ? 'stepped' : 'stopped';
    }).catch((failure) => {
      if (mine === generation) epochFailed(failure);
    }).finally(() => {
      stepping = false;
      if (mine !== generation) return;
      syncButtons();
      draw();
    });
  });
  resetButton.addEventListener('click', () => {
    if (!notices.fault && (phase === 'preparing' || phase === 'loading')) return; // the networks are on their way
    running = false;
    if (!prepared || notices.fault) { // nothing to rewind: acting on the fault means preparing again
      if (state && setupOf(state).runs.length) retry();
      return;
    }
    const mine = generation;
    stopCurrent();
    busy = busy.then(() => client.request('rewind', {}, { stallMs: stall }).done).then(({ result: reply }) => {
      if (mine !== generation) return;
      for (const run of runs) run.history = [], run.diverged = false, run.divergedAt = 0;
      for (const answer of reply.runs) runs.find((r) => r.key === answer.key).initial = answer.evaluation;
      epochs = 0, grids = new Map(), target = 0, rate = 0, within = null;
      notices.diverged = ''; // its cause is gone; a refusal stays
      phase = 'ready';
      syncButtons();
      draw();
    }).catch((failure) => {
      if (mine !== generation) return;
      epochFailed(failure);
      draw();
    });
  });
  retryButton.addEventListener('click', () => retry());
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
    const binary = state.tcost === 'softmax_binary_cross_entropy'; // then Keras' binary accuracy is drawn too, dotted
    const binaryLines = binary ? live.map((r) => ({
      label: t('tBinaryLabel', { name: r.label }), colour: r.colour, dash: [2, 3],
      values: r.history.map((h) => (Number.isFinite(h.evaluation.test.binaryAccuracy) ? h.evaluation.test.binaryAccuracy : null)),
    })) : [];
    setLayerSeries(accChart, [...series((h) => h.evaluation.train.accuracy, false), ...series((h) => h.evaluation.test.accuracy, true), ...binaryLines], { xTitle: t('tAxisEpoch'), yTitle: t('tAxisAccuracy'), depth: n, yRange: [0, 1] });
    const classes = runs[0]?.config.classes ?? 10;
    setText(binaryKey, binary ? t('tBinaryKey', { classes, chance: Math.round(100 * (1 - 1 / classes)) }) : '');
    binaryKey.hidden = !binary;
    setText(lossCaption, t('tLossCaption'));
    setText(accCaption, t('tAccuracyCaption'));
    const latest = (r) => r.history.at(-1)?.evaluation ?? r.initial;
    const none = t('tNoValueYet');
    setAttr(lossCanvas, 'aria-label', t('tLossLabel', { epochs, list: live.map((r) => `${r.label}: ${shown(latest(r)?.train.loss, 3, none)}`).join('; ') }));
    setAttr(accCanvas, 'aria-label', t('tAccuracyLabel', { epochs, list: live.map((r) => `${r.label}: ${shown(percent(latest(r)?.test.accuracy), 3, none)} %`).join('; ') }));
    setLayerSeries(deadChart, deadSeries(live), { xTitle: t('tAxisEpoch'), yTitle: t('tAxisDead'), depth: n, yRange: [0, 1] });
    const cnn = effectiveArch(state) === 'cnn';
    setText(deadCaption, t(cnn ? 'tDeadCaptionCnn' : 'tDeadCaption'));
    setText(deadKey, t('tDeadKey'));
    const deadList = live.map((r) => ({ colour: r.colour, text: t('tDeadLegend', { name: r.label, list: deadText(r, none) }) }));
    renderLegendList(deadLegend, deadList);
    setAttr(deadCanvas, 'aria-label', t('tDeadLabel', { epochs, list: deadList.map((d) => d.text).join('; ') }));
    renderLegend(live);
    renderTable(live, latest);
    drawFocus(live);
    layerStats.draw(live, live[0] ? layerNames(live[0]) : null);
    if (!looping && !stepping) epochProgress(null);
    syncArchitecture(state, architectureRefusal());
    renderStatus();
    renderNotices();
    renderNarration();
  }

  // The active preset's fixed sentence and the live one read from the runs' numbers.
  function renderNarration() {
    const preset = activePreset(state);
    for (const button of presetBar.children) setAttr(button, 'aria-pressed', String(preset?.id === button.dataset.preset));
    setText(presetNote, preset ? `${t(`tpreset_${preset.id}`, preset.vars)} (${preset.source})` : t('gPresetsHint'));
    const parts = preset ? narrate(preset.id, runs.filter((r) => !r.error).map((r) => ({ id: r.key, fn: r.id, kind: r.kind, label: r.label, widths: r.widths, history: r.history }))) : [];
    setText(presetLive, parts.map(({ key, vars }) => t(key, vars)).join(t('tSentenceGap')));
    presetLive.hidden = parts.length === 0;
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
    const binary = state.tcost === 'softmax_binary_cross_entropy';
    const cnn = effectiveArch(state) === 'cnn';
    const head = ['tColFunction', 'tColEpochs', 'tColTrainLoss', 'tColTrainAcc', 'tColTestLoss', 'tColTestAcc', ...(binary ? ['tColBinaryAcc'] : []), cnn ? 'tColDeadCnn' : 'tColDead', 'tColUpdate'];
    table.append(tableCaption(table, t('tTableCaption')),
      el('thead', {}, el('tr', {}, ...head.map((k) => el('th', { scope: 'col', textContent: t(k) })))),
      el('tbody', {}, ...live.map((r) => {
        const e = latest(r);
        const update = r.history.at(-1)?.report.updateRatio ?? [];
        return el('tr', {}, el('th', { scope: 'row', textContent: r.label }),
          ...[String(r.history.length), shown(e?.train.loss, 4), `${shown(percent(e?.train.accuracy), 3)}\u00a0%`,
            shown(e?.test.loss, 4), `${shown(percent(e?.test.accuracy), 3)}\u00a0%`,
            ...(binary ? [`${shown(percent(e?.test.binaryAccuracy), 3)}\u00a0%`] : []),
            deadText(r),
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
    const names = layerNames(run);
    const speeds = speedSeries(run, (l) => (names ? names[l - 1] : t('tLayer', { l })), (l) => seriesStyle(l));
    setLayerSeries(speedChart, speeds, { xTitle: t('tAxisEpoch'), yTitle: '‖∂C/∂b_l‖', depth: Math.max(2, epochs) });
    const speedText = speeds.map((s, l) => `${s.label}: ${latestShown(run.history.map((h) => h.report.biasSpeed[l]), 3, t('tNoValueYet'))}`);
    renderLegendList(speedLegend, speeds.map((s, l) => ({ colour: s.colour, text: speedText[l] })));
    setText(speedCaption, t(names ? 'tSpeedCaptionCnn' : 'tSpeedCaption', { name: run.label }));
    setAttr(speedCanvas, 'aria-label', t('tSpeedLabel', { name: run.label, list: speedText.join('; ') }));
    boundaryFigure.hidden = !points;
    if (!points) return;
    const ink = chartInk();
    const size = Math.max(220, Math.min(420, boundaryCanvas.parentElement.clientWidth || 320));
    const classes = run.config.classes;
    const probabilities = grids.get(run.key) ?? new Float32Array(GRID * GRID * classes).fill(1 / classes);
    drawBoundary(boundaryCanvas, { probabilities, n: GRID, classes, box, points, size, back: background(), ink: ink.text });
    setText(boundaryCaption, t('tBoundaryCaption', { name: run.label }));
    setAttr(boundaryCanvas, 'aria-label', t('tBoundaryLabel', { name: run.label, n: points.labels.length, accuracy: shown(percent((run.history.at(-1)?.evaluation ?? run.initial)?.train.accuracy), 3, t('tNoValueYet')) }));
  }

  function syncTexts(s) {
    setText(presetsTitle, t('gPresets'));
    for (const button of presetBar.children) setText(button, t(`tpresetName_${button.dataset.preset}`));
    setText(controlsTitle, t('tControls'));
    setText(stepButton, t('tStep'));
    setText(resetButton, t('tReset'));
    syncButtons();
    syncControls(s);
    syncArchitecture(s, architectureRefusal());
  }

  return {
    /** Follows the state: new trainers when the network, data or functions changed, else a redraw. */
    update(next) {
      state = structuredClone(next);
      syncTexts(state);
      const key = JSON.stringify(setupOf(state));
      if (key !== setupKey) {
        setupKey = key;
        if (setupOf(state).runs.length === 0) {
          runs = [];
          ++generation;
          running = false;
          stopCurrent();
          prepared = false, within = null;
          notices.diverged = '', notices.fault = null;
          phase = 'none';
          syncButtons();
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
      for (const chart of [lossChart, accChart, speedChart, deadChart]) inkLayerChart(chart);
      layerStats.restyle();
      draw();
    },
    /** What is drawn, for tests: epochs done and, per run, its history and state. */
    data: () => ({
      epochs, running: looping, points: points?.labels.length ?? 0, phase, target, prepared, within, fault: notices.fault?.code ?? null,
      runs: runs.map((r) => ({ id: r.key, fn: r.id, kind: r.kind, label: r.label, colour: r.colour, widths: r.widths, blocks: r.blocks, config: r.config, error: r.error, diverged: r.diverged, initial: r.initial, history: r.history })),
    }),
    /** Terminates the training worker without telling the page, as a crash would (fault tests). */
    debugKillWorker: () => client.kill(),
    /** What each chart draws, for tests: per dataset its label, line colour, marker colours and radii as Chart.js resolved them. */
    drawn: () => Object.fromEntries([['loss', lossChart], ['accuracy', accChart], ['dead', deadChart], ['speed', speedChart]].map(([name, chart]) => [name,
      chart.data.datasets.map((ds, i) => {
        const meta = chart.getDatasetMeta(i);
        return { label: ds.label, line: meta.dataset?.options.borderColor, markers: [...new Set(meta.data.map((p) => p.options.backgroundColor))], radius: [...new Set(meta.data.map((p) => p.options.radius))], dash: meta.dataset?.options.borderDash };
      })])),
  };
}
