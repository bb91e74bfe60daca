// The order-to-chaos phase diagram: two heatmaps over (sigma_w^2, sigma_b^2)
// of what deep random stacks measure (the per-layer growth of the gradient,
// the correlation of two inputs at depth), with mean-field theory's critical
// line chi_1 = 1 drawn on top. Computed on request in two workers (coarse
// points first); hover or the arrow keys read a point (theory and measurement),
// a click or Enter loads it into the stack view.
import { el, prepareCanvas, setAttr, setText } from '../ui/dom.js';
import { num } from '../details/property-text.js';
import { t } from '../i18n/translate.js';
import { PHASE_DEFAULTS, axis } from '../simulator/run-phase.js';

const NEGATIVE = [0, 114, 178]; // Okabe–Ito blue: gradients vanish
const POSITIVE = [213, 94, 0]; // vermilion: gradients explode
const CORRELATED = [0, 158, 115]; // bluish green: correlation 1
const GROWTH_FULL = 0.4; // |ln factor per layer| at full colour
const MARGIN = { left: 46, right: 8, top: 8, bottom: 34 };

// rgb() of colour mixed over back by share f in [0, 1].
const mix = (colour, back, f) => `rgb(${colour.map((c, i) => Math.round(back[i] + (c - back[i]) * Math.max(0, Math.min(1, f)))).join(',')})`;

/** Colour of a measured growth (ln per layer): blue below 0, vermilion above, grey when unknown. */
export function growthColour(g, back) {
  if (!Number.isFinite(g)) return 'rgb(150,150,150)';
  return mix(g < 0 ? NEGATIVE : POSITIVE, back, Math.abs(g) / GROWTH_FULL);
}

/** Colour of a measured correlation in [-1, 1]: green towards 1, background at 0 and below. */
export function correlationColour(c, back) {
  return Number.isFinite(c) ? mix(CORRELATED, back, c) : 'rgb(150,150,150)';
}

/**
 * The grid's cells as painted: for each cell (i, j), the finest computed point covering it (a
 * coarse point stands for its stride x stride block until finer points arrive), or null.
 */
export function paintedCells(points, n) {
  const cells = Array.from({ length: n * n }, () => null);
  for (const p of [...points].sort((a, b) => b.stride - a.stride)) {
    for (let di = 0; di < p.stride && p.i + di < n; di++) {
      for (let dj = 0; dj < p.stride && p.j + dj < n; dj++) cells[(p.i + di) * n + p.j + dj] = p;
    }
  }
  return cells;
}

/**
 * Creates the panel in box. context: specs (catalogue), activation(spec) → the engine's activation, run(request, { onProgress }) →
 * Promise<{ theory, points, ms } | { stale }>, load(changes), back() → rgb, ink() → { text, grid, cross }.
 */
export function createPhaseDiagram(box, context) {
  const title = el('h3', { id: 'phase-title' });
  const intro = el('p', { className: 'hint', id: 'phase-intro' });
  const pickLabel = el('label', { htmlFor: 'phase-fn' });
  const pick = el('select', { id: 'phase-fn' });
  const button = el('button', { type: 'button', id: 'phase-compute' });
  const status = el('p', { className: 'hint', id: 'phase-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const growthCaption = el('figcaption', { id: 'phase-growth-caption' });
  const corrCaption = el('figcaption', { id: 'phase-corr-caption' });
  const growthCanvas = el('canvas', { id: 'phase-growth', attrs: { role: 'img', tabindex: '0' } });
  const corrCanvas = el('canvas', { id: 'phase-corr', attrs: { role: 'img', tabindex: '0' } });
  const readout = el('p', { className: 'phase-readout', id: 'phase-readout', attrs: { 'aria-live': 'polite' } });
  const hint = el('p', { className: 'hint', id: 'phase-hint' });
  box.append(title, intro, el('div', { className: 'matrix-bar' }, pickLabel, pick, button, status),
    el('div', { className: 'phase-pair' },
      el('figure', { className: 'plot heat' }, growthCaption, el('div', { className: 'heat-box' }, growthCanvas)),
      el('figure', { className: 'plot heat' }, corrCaption, el('div', { className: 'heat-box' }, corrCanvas))),
    readout, hint);
  for (const spec of context.specs) pick.append(el('option', { value: spec.id, textContent: spec.name }));

  const request = { ...PHASE_DEFAULTS };
  const n = request.size;
  const sw2 = axis(request.sw2, n), sb2 = axis(request.sb2, n);
  let shown = null; // { id, theory: Map j -> row, points, done, ms }
  let cursor = { i: Math.round((n - 1) / 3), j: Math.round((n - 1) / 5) };
  let latestState = null;
  let size = 320;

  // Computes the diagram for activation id, drawing as the parts report.
  function compute(id) {
    const spec = context.specs.find((s) => s.id === id);
    shown = { id, theory: new Map(), points: [], done: false, ms: 0 };
    const started = performance.now();
    const mine = shown;
    const show = ({ fraction, theory, points }) => {
      if (shown !== mine) return;
      for (const row of theory) mine.theory.set(row.j, row);
      mine.points = points;
      setText(status, t('phaseProgress', { percent: Math.floor(100 * fraction), done: points.length, n: n * n, s: num((performance.now() - started) / 1000, 2) }));
      draw();
    };
    setText(status, t('phaseStarting'));
    context.run({ ...request, activation: context.activation(spec) }, { onProgress: show }).then((reply) => {
      if (reply.stale || shown !== mine) return;
      show({ fraction: 1, theory: reply.theory, points: reply.points });
      mine.done = true;
      mine.ms = reply.ms;
      setText(status, t('phaseDone', { n: reply.points.length, s: num(reply.ms / 1000, 3), workers: 2, depth: request.depth, width: request.width, batch: request.batch }));
      setText(button, t('phaseRecompute'));
    }, (failure) => setText(status, t('simFailed', { detail: failure.message })));
  }

  // Canvas geometry: cell size and the centre of cell index k along an axis.
  const geometry = () => {
    const plot = size - MARGIN.left - MARGIN.right;
    return { plot, cell: plot / n, x: (k) => MARGIN.left + (k + 0.5) * (plot / n), y: (k) => MARGIN.top + plot - (k + 0.5) * (plot / n) };
  };
  // Continuous position of a sigma_w^2 (or sigma_b^2) value, in cell units (0 = the first cell's centre).
  const along = (value, [lo, hi]) => ((value - lo) / (hi - lo)) * (n - 1);

  // One heatmap: cells, the critical line, the cursor, axes.
  function drawMap(canvas, value, colour, what) {
    const ctx = prepareCanvas(canvas, size, size);
    const ink = context.ink(), back = context.back();
    const { plot, cell, x, y } = geometry();
    const cells = paintedCells(shown?.points ?? [], n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = cells[i * n + j];
        ctx.fillStyle = p ? colour(value(p), back) : `rgb(${back.join(',')})`;
        ctx.fillRect(x(i) - cell / 2, y(j) - cell / 2, Math.ceil(cell), Math.ceil(cell));
      }
    }
    // The critical line chi_1 = 1 through the rows where the theory found it.
    ctx.strokeStyle = ink.cross;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 3]);
    ctx.beginPath();
    let drawing = false;
    for (let j = 0; j < n; j++) {
      const w = shown?.theory.get(j)?.critical.sigmaW2;
      if (!(w >= request.sw2[0] && w <= request.sw2[1])) { drawing = false; continue; }
      const px = MARGIN.left + (0.5 + along(w, request.sw2)) * cell, py = y(j);
      if (drawing) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      drawing = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineWidth = 1.5;
    if (shown) ctx.strokeRect(x(cursor.i) - cell / 2, y(cursor.j) - cell / 2, cell, cell);
    ctx.strokeStyle = ink.grid;
    ctx.strokeRect(MARGIN.left, MARGIN.top, plot, plot);
    ctx.fillStyle = ink.text;
    ctx.textAlign = 'center';
    if (!shown) {
      ctx.font = '13px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillText(t('phaseEmpty'), MARGIN.left + plot / 2, MARGIN.top + plot / 2, plot - 12);
    }
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const k of [0, Math.round((n - 1) / 3), Math.round((2 * (n - 1)) / 3), n - 1]) ctx.fillText(num(sw2[k], 2), x(k), MARGIN.top + plot + 3);
    ctx.fillText('σ_w²', MARGIN.left + plot / 2, MARGIN.top + plot + 18);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const k of [0, Math.round((n - 1) / 2), n - 1]) ctx.fillText(num(sb2[k], 2), MARGIN.left - 4, y(k));
    ctx.save();
    ctx.translate(10, MARGIN.top + plot / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('σ_b²', 0, 0);
    ctx.restore();
    setAttr(canvas, 'aria-label', shown ? t('phaseMapLabel', { what, fn: nameOf(shown.id), done: shown.points.length, n: n * n }) : `${what}: ${t('phaseEmpty')}`);
  }

  const nameOf = (id) => context.specs.find((s) => s.id === id)?.name ?? id ?? '';

  // The point under the cursor: its theory and measurement, in words.
  function renderReadout() {
    if (!shown) {
      setText(readout, '');
      return;
    }
    const theory = shown.theory.get(cursor.j)?.points[cursor.i];
    const measured = shown.points.find((p) => p.i === cursor.i && p.j === cursor.j);
    const vars = {
      sw2: num(sw2[cursor.i], 3), sb2: num(sb2[cursor.j], 3),
      q: theory ? num(theory.qStar, 3) : '…', chi1: theory ? num(theory.chi1, 3) : '…', xi: theory ? num(theory.xiC, 3) : '…',
      c: theory ? num(theory.cStar, 3) : '…', predicted: theory ? num(Math.exp(Math.log(theory.chi1) / 2), 3) : '…',
      growth: measured ? num(Math.exp(measured.growth), 3) : '…', corr: measured ? num(measured.corr, 3) : '…', depth: request.depth,
    };
    const phase = !theory ? '' : !Number.isFinite(theory.qStar) ? t('phaseUnbounded') : theory.chi1 <= 1 ? t('phaseOrdered') : t('phaseChaotic');
    setText(readout, `${t('phaseReadout', vars)} ${phase}`);
  }

  function draw() {
    const room = growthCanvas.parentElement.clientWidth - 12; // the heat box's content width (6 px padding each side)
    size = Math.max(200, Math.min(380, room > 0 ? room : 320));
    drawMap(growthCanvas, (p) => p.growth, growthColour, t('phaseGrowthShort'));
    drawMap(corrCanvas, (p) => p.corr, correlationColour, t('phaseCorrShort', { depth: request.depth }));
    renderReadout();
  }

  // Cell under a pointer event on either canvas.
  function cellAt(event) {
    const rect = event.currentTarget.getBoundingClientRect();
    const { cell } = geometry();
    const i = Math.floor((event.clientX - rect.left - MARGIN.left) / cell);
    const j = n - 1 - Math.floor((event.clientY - rect.top - MARGIN.top) / cell);
    return i >= 0 && i < n && j >= 0 && j < n ? { i, j } : null;
  }
  // Loads the cursor's point into the stack view: the same model (no norm, skips or dropout).
  function load() {
    if (!latestState || !shown) return;
    const id = shown.id;
    context.load({
      fn: latestState.fn.includes(id) ? latestState.fn : [...latestState.fn, id], hide: latestState.hide.filter((h) => h !== id),
      ginit: 'lecun_normal', ggain: Number(Math.sqrt(sw2[cursor.i]).toPrecision(6)), gbstd: Number(Math.sqrt(sb2[cursor.j]).toPrecision(6)),
      gbias: 0, gnorm: 'none', gskip: 0, gdrop: 0, gfocus: id,
    });
  }
  for (const canvas of [growthCanvas, corrCanvas]) {
    canvas.addEventListener('pointermove', (event) => {
      const at = cellAt(event);
      if (at && (at.i !== cursor.i || at.j !== cursor.j)) {
        cursor = at;
        draw();
      }
    });
    canvas.addEventListener('click', (event) => {
      const at = cellAt(event);
      if (!at) return;
      cursor = at;
      load();
    });
    canvas.addEventListener('keydown', (event) => {
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (event.key === 'Enter') {
        load();
        event.preventDefault();
        return;
      }
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      cursor = { i: Math.max(0, Math.min(n - 1, cursor.i + move[0])), j: Math.max(0, Math.min(n - 1, cursor.j + move[1])) };
      draw();
    });
  }
  button.addEventListener('click', () => compute(pick.value));
  pick.addEventListener('change', () => {
    context.set({ gpd: pick.value });
    if (shown) compute(pick.value);
  });

  return {
    /** Refreshes texts and the chosen function from state. */
    sync(state) {
      latestState = state;
      pick.value = state.gpd;
      setText(title, t('phaseTitle'));
      setText(intro, t('phaseIntro', { depth: request.depth, width: request.width, batch: request.batch, pairs: request.batch / 2, c0: num(request.c0, 2), n }));
      setText(pickLabel, t('phaseFunction'));
      setText(button, shown ? t('phaseRecompute') : t('phaseCompute'));
      setText(growthCaption, t('phaseGrowthCaption'));
      setText(corrCaption, t('phaseCorrCaption', { depth: request.depth }));
      setText(hint, t('phaseHint'));
      draw();
    },
    /** Redraws in the current ink (light/dark). */
    restyle: () => draw(),
    /** What the diagram shows (for tests): the request, axes, theory rows and measured points. */
    data: () => shown && { request, sw2, sb2, done: shown.done, ms: shown.ms, theory: [...shown.theory.values()], points: shown.points, cursor },
  };
}
