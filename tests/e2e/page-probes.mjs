// In-page probes for the e2e tests: read the charts back from the Chart.js
// instances exposed on window.__actlab and compare them with the lab's API.

/** For each series of chart `which` ('f' | 'df'): id, sample count, plot width and mismatches against lab. */
export function compareChartWithLab(page, which) {
  return page.evaluate((which) => {
    const { lab, charts, state } = window.__actlab;
    const s = state();
    const chart = charts[which];
    const log = which === 'df' && s.log;
    return chart.data.datasets.map((ds) => {
      const spec = lab.catalog.activations.find((a) => a.id === ds.actlabId);
      const params = Object.fromEntries(spec.params.map((p) => [p.name, s[`${spec.id}.${p.name}`]]));
      const xs = Float32Array.from(ds.data, (p) => p.x);
      const ys = which === 'f' ? lab.activate(spec.id, xs, params) : lab.derivative(spec.id, xs, params);
      let mismatches = 0;
      let xNotFloat32 = 0;
      let drawn = 0;
      for (let i = 0; i < xs.length; i++) {
        let y = ys[i];
        if (log) y = Math.abs(y);
        const expected = Number.isFinite(y) && !(log && y === 0) ? y : NaN;
        const actual = ds.data[i].y;
        if (!(expected === actual || (Number.isNaN(expected) && Number.isNaN(actual)))) mismatches++;
        if (Math.fround(ds.data[i].x) !== ds.data[i].x) xNotFloat32++;
        if (!Number.isNaN(actual)) drawn++;
      }
      return {
        id: ds.actlabId, n: xs.length, drawn, mismatches, xNotFloat32,
        first: xs[0], last: xs[xs.length - 1], plotWidth: chart.chartArea.right - chart.chartArea.left,
      };
    });
  }, which);
}

/** A summary of the explorer's view as the page shows it. */
export function viewSummary(page) {
  return page.evaluate(() => {
    const { charts, state, notes } = window.__actlab;
    const scales = (c) => ({ type: c.options.scales.y.type, x: [c.options.scales.x.min, c.options.scales.x.max], y: [c.options.scales.y.min, c.options.scales.y.max] });
    return {
      state: state(),
      notes: notes(),
      f: { ...scales(charts.f), ids: charts.f.data.datasets.map((d) => d.actlabId), hidden: document.getElementById('plot-f').hidden },
      df: { ...scales(charts.df), ids: charts.df.data.datasets.map((d) => d.actlabId), hidden: document.getElementById('plot-df').hidden },
      checked: [...document.querySelectorAll('#picker-list input:checked')].map((b) => b.value),
      lang: document.documentElement.lang,
      heading: document.querySelector('h1 [data-i18n="heading"]').textContent,
      notesShown: !document.getElementById('notes').hidden,
      notesText: document.getElementById('notes').textContent,
    };
  });
}

/** Waits until the explorer has drawn at least `count` more updates than `since`. */
export async function waitForUpdates(page, since, count = 1) {
  await page.waitForFunction(([since, count]) => window.__actlab.timings.length >= since + count, [since, count]);
}

/** Number of chart updates so far. */
export function updateCount(page) {
  return page.evaluate(() => window.__actlab.timings.length);
}

/** Drags the range input `selector` with the real mouse from its current value to `toFraction` of its track in `steps` moves. */
export async function dragSlider(page, selector, toFraction, steps = 20) {
  const slider = page.locator(selector);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const { value, min, max } = await slider.evaluate((s) => ({ value: Number(s.value), min: Number(s.min), max: Number(s.max) }));
  const thumb = 8; // half the thumb width: the track usable for values is a little shorter
  const xAt = (fraction) => box.x + thumb + fraction * (box.width - 2 * thumb);
  const y = box.y + box.height / 2;
  await page.mouse.move(xAt((value - min) / (max - min)), y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    const from = (value - min) / (max - min);
    await page.mouse.move(xAt(from + ((toFraction - from) * i) / steps), y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

/** Clicks the training lab's Run/Pause button while it runs: ms until the status says paused. */
export function timePause(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const status = document.querySelector('#t-status');
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (status.dataset.phase !== 'paused') return;
      observer.disconnect();
      resolve(performance.now() - start);
    });
    observer.observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
    document.querySelector('#t-run').click();
  }));
}
