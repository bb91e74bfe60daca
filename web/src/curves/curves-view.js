// The curve view: f and f′ of every shown function on two charts, with the
// legend, pointer and keyboard gestures, the crosshair read-out, the details
// cards and the exports. Everything plotted comes from the lab's kernels;
// the settings it reads (functions, parameters, ranges) belong to the shell.
import { createCurveChart, applyInk } from './curve-chart.js';
import { createPlotBuffers, updatePlots } from './plot-update.js';
import { renderLegend } from './legend.js';
import { valuesAt, renderReadout, announcement } from './readout.js';
import { attachGestures } from '../ui/gestures.js';
import { attachChartKeys } from '../ui/chart-keys.js';
import { zoomRange, panRange } from '../ui/view-range.js';
import { seriesStyle } from '../ui/palette.js';
import { float32Text } from '../ui/number-format.js';
import { paramsOf } from '../shell/state-schema.js';
import { t } from '../i18n/translate.js';
import { chartsPng } from '../export/export-png.js';
import { curvesCsv } from '../export/export-csv.js';
import { downloadBlob } from '../export/download.js';

const DETAILS_SETTLE_MS = 250;

/** Builds the curve view in panel (its markup is in index.html); returns { update(state), restyle(), charts, timings }. */
export function createView(panel, { lab, schema, state: liveState, set, endGesture, redraw }) {
  const $ = (id) => panel.querySelector(`#${id}`);
  const specById = new Map(lab.catalog.activations.map((spec) => [spec.id, spec]));
  const charts = { f: createCurveChart($('chart-f'), t('axisF')), df: createCurveChart($('chart-df'), t('axisDf')) };
  const buffers = { f: createPlotBuffers(), df: createPlotBuffers() };
  const timings = [];
  let cursorX = null;
  let crossFrame = 0;
  let crossAnnounce = false;
  let structureKey = '';
  let detailsKey = '';
  let details = null; // the details panel, once its module (KaTeX) has loaded
  let detailsTimer = 0;

  const state = () => liveState();
  const styleOf = (id) => seriesStyle(Math.max(0, state().fn.indexOf(id)));
  const selectedSpecs = () => state().fn.map((id) => specById.get(id));
  const shownSeries = () =>
    selectedSpecs()
      .filter((spec) => !state().hide.includes(spec.id))
      .map((spec) => ({ spec, params: paramsOf(state(), spec), ...styleOf(spec.id) }));
  const yKeys = (which) => (which === 'f' ? ['y0', 'y1'] : state().log ? ['ly0', 'ly1'] : ['dy0', 'dy1']);

  // Limits of the axis stored in keys lo/hi, from the URL table.
  function axis(lo, hi) {
    const range = schema.ranges.find((r) => r.lo === lo);
    return { min: schema.byKey.get(lo).min, max: schema.byKey.get(hi).max, minSpan: range.minSpan, log: range.log };
  }

  // The chart jobs for the charts currently shown.
  function jobs(s) {
    const series = shownSeries();
    const list = [];
    if (s.f) list.push({ chart: charts.f, kind: 'f', log: false, series, x0: s.x0, x1: s.x1, y0: s.y0, y1: s.y1, yTitle: t('axisF') });
    if (s.df) {
      const [lo, hi] = yKeys('df');
      list.push({ chart: charts.df, kind: 'df', log: s.log, series, x0: s.x0, x1: s.x1, y0: s[lo], y1: s[hi], yTitle: t(s.log ? 'axisDfLog' : 'axisDf') });
    }
    return list;
  }

  // Read-out values at cursorX from the wasm, crosshair dots, table, and the spoken summary.
  function updateCrosshair(announce) {
    const rows = cursorX === null ? [] : valuesAt(lab, cursorX, shownSeries());
    const log = state().log;
    charts.f.$cross = cursorX === null ? null : { x: cursorX, points: rows.map((r) => ({ y: r.f, colour: r.colour })) };
    charts.df.$cross = cursorX === null ? null : { x: cursorX, points: rows.map((r) => ({ y: log ? Math.abs(r.df) : r.df, colour: r.colour })) };
    renderReadout({ table: $('readout-table'), heading: $('readout-x'), hint: $('readout-hint') }, cursorX, rows);
    if (cursorX !== null && document.activeElement !== readoutInput) {
      readoutInput.value = float32Text(cursorX);
      readoutInput.setAttribute('aria-invalid', 'false');
      $('readout-error').textContent = '';
    }
    if (announce && cursorX !== null) $('announcer').textContent = announcement(cursorX, rows);
  }

  // Redraws the crosshair (and read-out) in the next frame, without resampling.
  function requestCross(announce = false) {
    crossAnnounce ||= announce;
    if (crossFrame) return;
    crossFrame = requestAnimationFrame(() => {
      crossFrame = 0;
      updateCrosshair(crossAnnounce);
      crossAnnounce = false;
      if (state().f) charts.f.render();
      if (state().df) charts.df.render();
    });
  }

  // Rebuilds the function details cards (soon, or after input settles).
  function refreshDetails(delay) {
    clearTimeout(detailsTimer);
    detailsTimer = setTimeout(() => {
      if (!details) return;
      const entries = selectedSpecs().map((spec) => ({ spec, params: paramsOf(state(), spec), ...styleOf(spec.id) }));
      details.update(entries, { x0: state().x0, x1: state().x1 });
    }, delay);
  }

  // Loads the details panel (and KaTeX) when its section comes near the screen.
  function watchDetails() {
    const section = $('details');
    const load = () => {
      import('../details/details-panel.js').then(({ createDetailsPanel }) => {
        details = createDetailsPanel($('details-cards'), lab);
        refreshDetails(0);
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

  // Legend, chart visibility and captions: rebuilt only when what they show changed.
  function syncStructure(s) {
    const key = JSON.stringify([s.fn, s.hide, s.f, s.df, s.log, s.lang]);
    if (key === structureKey) return false;
    structureKey = key;
    renderLegend($('legend'), selectedSpecs(), s.hide, styleOf, toggleHidden);
    $('plot-f').hidden = !s.f;
    $('plot-df').hidden = !s.df;
    $('plot-f').setAttribute('aria-label', t('chartF'));
    $('plot-df').setAttribute('aria-label', t(s.log ? 'chartDfLog' : 'chartDf'));
    $('caption-df').textContent = t(s.log ? 'captionDfLog' : 'captionDf');
    $('no-functions').hidden = s.fn.length > 0;
    return true;
  }

  function toggleHidden(id) {
    const hide = state().hide;
    set({ hide: hide.includes(id) ? hide.filter((h) => h !== id) : [...hide, id] });
    $('legend').querySelector(`[data-id="${CSS.escape(id)}"]`)?.focus();
  }

  // Zoom (factor) around the plot-area fractions fx, fy of chart `which`.
  function zoomAt(which, fx, fy, factor, transient = true) {
    const s = state();
    const changes = {};
    [changes.x0, changes.x1] = zoomRange(s.x0, s.x1, s.x0 + fx * (s.x1 - s.x0), factor, axis('x0', 'x1'));
    if (fy !== null) {
      const [lo, hi] = yKeys(which);
      const a = axis(lo, hi);
      const centre = a.log ? 10 ** (Math.log10(s[lo]) + fy * (Math.log10(s[hi]) - Math.log10(s[lo]))) : s[lo] + fy * (s[hi] - s[lo]);
      [changes[lo], changes[hi]] = zoomRange(s[lo], s[hi], centre, factor, a);
    }
    set(changes, transient);
  }

  for (const which of ['f', 'df']) {
    const chart = charts[which];
    chart.$resample = () => redraw();
    attachGestures(chart.canvas, () => chart.chartArea, {
      start: () => {},
      end: () => endGesture(),
      zoom: (fx, fy, factor) => zoomAt(which, fx, fy, factor),
      pan: (dfx, dfy) => {
        const s = state();
        const changes = {};
        [changes.x0, changes.x1] = panRange(s.x0, s.x1, dfx, axis('x0', 'x1'));
        const [lo, hi] = yKeys(which);
        [changes[lo], changes[hi]] = panRange(s[lo], s[hi], dfy, axis(lo, hi));
        set(changes, true);
      },
      hover: (fx) => {
        const s = state();
        cursorX = fx === null ? null : Math.fround(s.x0 + fx * (s.x1 - s.x0));
        requestCross();
      },
      tap: (fx) => {
        const s = state();
        cursorX = Math.fround(s.x0 + fx * (s.x1 - s.x0));
        requestCross(true);
      },
    });
    attachChartKeys($(`plot-${which}`), {
      step: (direction, big) => {
        const s = state();
        const span = s.x1 - s.x0;
        const start = cursorX ?? (s.x0 + s.x1) / 2;
        const next = cursorX === null ? start : start + direction * span / (big ? 20 : 200);
        cursorX = Math.fround(Math.min(s.x1, Math.max(s.x0, next)));
        requestCross(true);
      },
      jump: (end) => {
        cursorX = Math.fround(end === 'start' ? state().x0 : state().x1);
        requestCross(true);
      },
      zoom: (factor) => {
        const s = state();
        const fx = cursorX === null ? 0.5 : (cursorX - s.x0) / (s.x1 - s.x0);
        zoomAt(which, Math.min(1, Math.max(0, fx)), null, factor, false);
        requestCross(true);
      },
    });
  }

  // A typed x for the read-out: any finite float32; a bad entry is named and changes nothing.
  const readoutInput = $('readout-input');
  readoutInput.addEventListener('input', () => {
    const text = readoutInput.value.trim().replace(/^−/, '-'); // a pasted Unicode minus reads as '-'
    const value = text === '' ? NaN : Number(text);
    const bad = text !== '' && !(Number.isFinite(value) && Number.isFinite(Math.fround(value)));
    readoutInput.setAttribute('aria-invalid', String(bad));
    $('readout-error').textContent = bad ? t('readoutBadX', { text: text.slice(0, 40) }) : '';
    if (text === '' || bad) return;
    cursorX = Math.fround(value);
    requestCross(true);
  });

  $('export-png').addEventListener('click', async () => {
    const parts = [];
    if (state().f) parts.push({ chart: charts.f, caption: $('caption-f').textContent });
    if (state().df) parts.push({ chart: charts.df, caption: $('caption-df').textContent });
    if (!parts.length || !shownSeries().length) { $('export-status').textContent = t('exportNothing'); return; }
    downloadBlob(await chartsPng(parts), 'actlab-curves.png');
    $('export-status').textContent = t('exportedPng');
  });
  $('export-csv').addEventListener('click', () => {
    const source = (state().f ? charts.f : charts.df).data.datasets[0];
    if (!source || !(state().f || state().df)) { $('export-status').textContent = t('exportNothing'); return; }
    const xs = Float32Array.from(source.data, (p) => p.x);
    downloadBlob(new Blob([curvesCsv(lab, xs, shownSeries())], { type: 'text/csv' }), 'actlab-curves.csv');
    $('export-status').textContent = t('exportedCsv', { rows: xs.length });
  });

  applyInk(charts.f);
  applyInk(charts.df);
  watchDetails();

  return {
    /** Resamples and redraws both charts for state; rebuilds the legend and details when they changed. */
    update(s) {
      const structural = syncStructure(s);
      updateCrosshair(false);
      const list = jobs(s);
      updatePlots(lab, list, list.map((job) => buffers[job.kind]), timings);
      const key = JSON.stringify([s.fn, selectedSpecs().map((spec) => paramsOf(s, spec)), s.fx, s.x0, s.x1, s.lang]);
      if (key !== detailsKey) {
        detailsKey = key;
        refreshDetails(structural ? 0 : DETAILS_SETTLE_MS);
      }
    },
    /** Re-inks the charts after a light/dark switch. */
    restyle() {
      applyInk(charts.f);
      applyInk(charts.df);
      structureKey = '';
    },
    /** The two Chart.js charts (for tests). */
    charts,
    /** Milliseconds of each plot update. */
    timings,
  };
}
