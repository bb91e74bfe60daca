// End-to-end tests of the gradient-flow view: the simulator runs in a Web
// Worker and the page draws what it returns; presets reproduce their
// published pattern; bad settings are refused with the previous result kept;
// the state lives in the URL; the activation × initialisation matrix loads
// a cell. dist/ served under a sub-path, in Debian's Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dragSlider } from './page-probes.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';
import { assertClose, checkPreset, close, drawn, lineOf, nextResult, numberAfter, numbersIn, openGradients as openView, parseNumber, perLayer } from './gradient-probes.mjs';

const suite = useServerAndBrowser();
const openGradients = (query, viewport) => openView(suite, query, viewport);




// RMS of dL/dz at layer 1 over the last layer.
const ratio = (result) => result.layers[0].gradZRms / result.layers.at(-1).gradZRms;

describe('the default view', () => {
  test('simulates every shown function in the worker and draws what it returned', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    const last = await page.evaluate(() => window.__actlab.view('gradients').last());
    assert.deepEqual(last.runs.map((r) => r.id), ['sigmoid', 'tanh', 'relu', 'gelu']);
    const byId = Object.fromEntries(last.runs.map((r) => [r.id, r.result]));
    for (const result of Object.values(byId)) assert.equal(result.layers.length, 10);
    // Sigmoid with Xavier: each layer back costs about ×1/4; ReLU about ×1/√2 (He et al.).
    assert.ok(ratio(byId.sigmoid) < 1e-4, `sigmoid layer 1 / layer 10 = ${ratio(byId.sigmoid)}`);
    const reluFactor = ratio(byId.relu) ** (1 / 9);
    assert.ok(Math.abs(reluFactor - Math.SQRT1_2) < 0.08, `ReLU per-layer factor ${reluFactor}`);
    const chart = await page.evaluate(() => {
      const canvas = document.getElementById('g-main-chart');
      const chart = Object.values(window.__actlab.view('gradients')).length && canvas && window.Chart?.getChart?.(canvas);
      return { label: canvas.getAttribute('aria-label'), legend: [...document.querySelectorAll('#g-legend li')].map((li) => li.textContent), chart: Boolean(chart) };
    });
    assert.equal(chart.legend.length, 4);
    assert.match(chart.legend.find((text) => text.startsWith('ReLU')), /theory ×0\.707 per layer/);
    assert.match(chart.legend.find((text) => text.startsWith('Sigmoid')), /bound: at most ×0\.25 per layer/);
    assert.match(chart.label, /Sigmoid: .* → /);
    // The table and the heatmaps describe the focused function (sigmoid).
    const table = await page.locator('#g-stats tbody tr').count();
    assert.equal(table, 10);
    assert.match(await page.locator('#g-heat-a').getAttribute('aria-label'), /Sigmoid/);
    await page.locator('#g-status', { hasText: /Simulated in [\d.]+ ms in the worker \(functions: 4; simd build\)/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}gradients-default-desktop.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });

  test('results follow a dragged slider while the page thread stays free (no long task)', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
    });
    const before = await drawn(page);
    await dragSlider(page, '[data-key="gdepth"] input[type=range]', 0.45, 30);
    const last = await nextResult(page, before);
    const after = await drawn(page);
    const state = await page.evaluate(() => window.__actlab.state());
    assert.ok(after - before >= 3, `${after - before} results drawn during the drag`);
    await page.waitForFunction((depth) => window.__actlab.view('gradients').last().runs[0].result.layers.length === depth, state.gdepth);
    assert.ok(state.gdepth > 10, `depth grew to ${state.gdepth}`);
    assert.match(await page.evaluate(() => location.search), new RegExp(`gdepth=${state.gdepth}`));
    const longTasks = await page.evaluate(() => window.__longTasks);
    assert.ok(longTasks.every((ms) => ms < 200), `long tasks on the page thread: ${longTasks}`);
    assert.ok(last.runs.length === 4);
    assertClean(problems);
    await page.close();
  });
});

// What the page shows, read back from it: the narration's texts, the main and
// dead charts' datasets and axis, the legend, the notes under the chart, the
// chain table and the statistics table.
function readPage(page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id)?.textContent ?? '';
    const rows = (selector) => [...document.querySelectorAll(`${selector} tbody tr`)].map((tr) => [...tr.children].map((c) => c.textContent));
    return {
      live: text('g-narration-live'), fixed: text('g-narration-fixed'), changed: text('g-narration-changed'),
      narrationShown: !document.getElementById('g-narration').hidden,
      legend: [...document.querySelectorAll('#g-legend li')].map((li) => li.textContent),
      notes: text('g-offscale'),
      charts: window.__actlab.view('gradients').chartData(),
      chain: rows('#g-chain'), chainSummary: [...document.querySelectorAll('#g-chain .summary')].map((p) => p.textContent),
      stats: rows('#g-stats'), statsHead: [...document.querySelectorAll('#g-stats thead th')].map((th) => th.textContent),
    };
  });
}

// A column of the statistics table, by its header, as numbers.
const column = (page, header) => {
  const i = page.statsHead.indexOf(header);
  return page.stats.map((row) => parseNumber(row[i].replace(' %', '')));
};

describe('presets', () => {
  // Each preset's claim, checked against the numbers the page shows (chart data, tables), and the
  // live sentence checked against the same numbers.
  const CHECKS = {
    nielsen: (p) => {
      const b = lineOf(p.charts, 'Sigmoid');
      assert.equal(b.length, 4);
      assert.ok(b.every((v, i) => i === 0 || v > 2 * b[i - 1]), `‖∂L/∂b‖ per layer ${b}`);
      assertClose(numberAfter(p.live, 'layer 1’s ‖∂L/∂b‖ is'), b[0], 'layer 1');
      assertClose(numberAfter(p.live, 'layer 4’s is'), b[3], 'layer 4');
      assertClose(numberAfter(p.live, 'gradient is'), b[0] / b[3], 'ratio');
      // The claim: about Nielsen's 1/95 (0.003 / 0.285), within a factor 2 as the sentence says.
      assertClose(numberAfter(p.live, 'Nielsen measured'), 0.003 / 0.285, 'Nielsen');
      assert.match(p.live, /close to this/);
      assert.ok(b[3] / b[0] > 95 / 2 && b[3] / b[0] < 95 * 2, `ratio 1/${b[3] / b[0]}`);
      // The scale is said and explained.
      const [, size, times] = p.live.match(/layer 4’s (\S+) here is (\S+) times Nielsen’s 0\.285/);
      assertClose(parseNumber(size), b[3], 'last layer in the scale sentence');
      assertClose(parseNumber(times), b[3] / 0.285, 'times Nielsen’s');
      assert.match(p.live, /N\(0, 1\) entries and ∂L\/∂b sums 100 samples/);
      assert.doesNotMatch(`${p.fixed} ${p.live}`, /tenfold/);
    },
    chain: (p) => {
      // The chain table: layer, factor, w, z, f′(z), value, running product.
      const middle = p.chain.filter((row) => /^[2-6]$/.test(row[0]));
      const factors = middle.map((row) => parseNumber(row[5]));
      const weights = middle.map((row) => parseNumber(row[2]));
      assert.ok(factors.every((f, i) => Math.abs(f) <= Math.abs(weights[i]) / 4 + 1e-4), 'each |w σ′(z)| ≤ |w| / 4');
      const said = numbersIn(p.live.split('are ')[1].split(';')[0]);
      assert.equal(said.length, 5);
      said.forEach((v, i) => assertClose(v, factors[i], `factor ${i + 2}`, 2e-2));
      const upstream = parseNumber(p.chain.at(-1)[5]);
      const product = parseNumber(p.chain.at(-1)[6]);
      assertClose(numberAfter(p.live, '∂L/∂b₁ ='), product, 'product', 2e-2);
      assert.ok(Math.abs(product) < Math.abs(upstream), 'the product shrinks');
      assert.match(p.live, /The product shrinks/);
      assert.equal(numberAfter(p.live, 'factors w·σ′\\(z\\) are [^;]*; '), factors.filter((f) => Math.abs(f) < 1).length);
    },
    glorot: (p) => {
      const tanh = lineOf(p.charts, 'Tanh'), sigmoid = lineOf(p.charts, 'Sigmoid');
      const tf = perLayer(tanh, 1, 5), sf = perLayer(sigmoid, 1, 5);
      assertClose(numberAfter(p.live, 'tanh’s RMS of ∂L/∂z changes ×'), tf, 'tanh per layer');
      assertClose(numberAfter(p.live, 'sigmoid’s ×'), sf, 'sigmoid per layer');
      assert.ok(tf > 0.7 && tf < 1 / 0.7, `tanh per layer ${tf}`);
      assert.ok(sf < 0.5 && sf <= 0.25 * 1.001, `sigmoid per layer ${sf}, bound 0.25`);
      assert.match(p.live, /as described/);
    },
    reluXavier: (p) => {
      const relu = lineOf(p.charts, 'ReLU');
      const f = perLayer(relu, 1, 30);
      assertClose(numberAfter(p.live, 'changes ×'), f, 'per layer');
      assert.ok(Math.abs(f / Math.SQRT1_2 - 1) < 0.05, `per-layer factor ${f}`);
      assert.match(p.legend[0], /theory ×0\.707 per layer/);
      const std = column(p, 'std a');
      assertClose(numberAfter(p.live, 'std of the activations changes ×'), (std[29] / std[0]) ** (1 / 29), 'activations per layer', 2e-2);
      assert.match(p.live, /matches the theory within 5 %/);
    },
    reluHe: (p) => {
      const relu = lineOf(p.charts, 'ReLU');
      assertClose(parseNumber(p.live.match(/is ([\d./]+×?) of layer 30/)[1]), relu[0] / relu[29], 'ratio');
      assert.ok(relu[0] / relu[29] > 0.5 && relu[0] / relu[29] < 2, `first/last ${relu[0] / relu[29]}`);
      assert.match(p.live, /keeps its size within a factor 2/);
    },
    selu: (p) => {
      const std = lineOf(p.charts, 'SELU');
      const mean = column(p, 'mean a');
      assertClose(numberAfter(p.live, 'and std'), std[49], 'std of layer 50', 1e-2);
      assert.ok(Math.abs(numberAfter(p.live, 'have mean') - mean.at(-1)) < 2e-3, 'mean of layer 50');
      assert.ok(Math.abs(mean.at(-1)) < 0.1 && Math.abs(std[49] - 1) < 0.1, `layer 50 mean ${mean.at(-1)}, std ${std[49]}`);
      assert.match(p.live, /within 0\.1 of 0 and 1, as described/);
    },
    exploding: (p) => {
      const b = lineOf(p.charts, 'Sigmoid');
      const factors = p.chain.filter((row) => /^[2-6]$/.test(row[0])).map((row) => parseNumber(row[5]));
      assert.deepEqual(factors, [25, 25, 25, 25, 25]);
      assertClose(perLayer(b, 1, 6), 25, 'per-layer growth on the chart', 1e-3);
      assertClose(numberAfter(p.live, 'grows ×'), perLayer(b, 1, 6), 'said growth');
      assert.equal(p.charts.main.datasets.filter((d) => d.kind === 'data').length, 1, 'no clipped line without clipping');
    },
    clipped: (p) => {
      const lines = p.charts.main.datasets.filter((d) => d.kind === 'data');
      assert.deepEqual(lines.map((d) => d.label), ['Sigmoid', 'Sigmoid (clipped)']);
      const [before, after] = lines.map((d) => d.data.map((q) => q.y));
      const scales = after.map((v, i) => v / before[i]);
      assert.ok(scales.every((k) => close(k, scales[0], 1e-4)), `one scale for every layer: ${scales}`);
      assert.ok(scales[0] < 1e-6, `scale ${scales[0]}`);
      const legend = p.legend.find((text) => /after clipping/.test(text));
      assertClose(numberAfter(legend, 'after clipping \\(×'), scales[0], 'scale in the legend');
      assert.ok(numberAfter(legend, '→') <= 1, 'norm after clipping ≤ 1');
      assertClose(numberAfter(p.live, 'by'), scales[0], 'scale in the sentence');
      const [, from, to] = p.live.match(/Layer 1’s ‖∂L\/∂b‖ goes from (\S+) to (\S+),/);
      assertClose(parseNumber(from), before[0], 'layer 1 before');
      assertClose(parseNumber(to), after[0], 'layer 1 after');
    },
    deadRelu: (p) => {
      const floor = p.charts.main.y.min;
      const marks = p.charts.main.datasets.find((d) => d.kind === 'marker' && d.label.startsWith('ReLU'));
      assert.ok(marks, 'the all-zero ReLU line is marked');
      assert.deepEqual(marks.data.map((q) => q.x), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.ok(marks.data.every((q) => q.y === floor), 'on the floor of the axis');
      assert.ok(lineOf(p.charts, 'ReLU').every((v) => v === null), 'no ReLU value drawn as a number');
      assert.match(p.notes, /ReLU is exactly 0 .* in layers 1–10/);
      assert.equal(numberAfter(p.live, 'exactly 0 in'), marks.data.length);
      const dead = p.charts.dead.datasets.find((d) => d.label === 'ReLU dead').data.map((q) => q.y);
      assertClose(numberAfter(p.live, 'Here'), 100 * dead.slice(1).reduce((a, b) => a + b, 0) / 9, 'dead share');
      assert.ok(dead.slice(1).every((d) => d > 0.5), `ReLU dead fractions ${dead}`);
      assert.ok(p.charts.dead.datasets.find((d) => d.label === 'Leaky ReLU dead').data.every((q) => q.y === 0), 'no dead Leaky ReLU unit');
      const leaky = lineOf(p.charts, 'Leaky ReLU');
      assertClose(numberAfter(p.live, 'shrinks about'), 1 / perLayer(leaky, 2, 10), 'Leaky ReLU shrink per layer');
    },
  };

  test('each preset\'s sentence agrees with the chart and tables it describes; screenshots of each', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    for (const [id, check] of Object.entries(CHECKS)) {
      const before = await drawn(page);
      await page.locator(`.preset[data-preset="${id}"]`).click();
      await nextResult(page, before);
      await page.waitForFunction(() => document.querySelectorAll('#g-stats tbody tr').length > 0 && document.getElementById('g-narration-live').textContent !== '');
      await page.waitForTimeout(300); // the table and chain follow the charts within 250 ms
      const shown = await readPage(page);
      assert.ok(shown.narrationShown, `${id}: narration shown`);
      assert.equal(shown.changed, '', `${id}: nothing changed since loading`);
      checkPreset(id, shown, check);
      await page.screenshot({ path: `${SHOTS}gradients-preset-${id}.png`, fullPage: true });
    }
    // The all-zero gradient heatmap of the dead-ReLU preset says so in words.
    await page.locator('.preset[data-preset="deadRelu"]').click();
    await page.locator('#g-focus').selectOption('relu');
    await page.waitForFunction(() => /Nothing to draw: every value is an exact zero/.test(document.getElementById('g-heat-grad').getAttribute('aria-label')));
    assertClean(problems);
    await page.close();
  });

  test('after a change the live sentence still reads the current run and says what changed', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    let before = await drawn(page);
    await page.locator('.preset[data-preset="nielsen"]').click();
    await nextResult(page, before);
    before = await drawn(page);
    await page.locator('#g-gdepth').fill('6');
    await page.locator('#g-gdepth').press('Enter');
    await nextResult(page, before);
    await page.waitForFunction(() => /6’s/.test(document.getElementById('g-narration-live').textContent));
    const shown = await readPage(page);
    assert.match(shown.changed, /Changed since the preset was loaded: depth \(layers\) 4 → 6/);
    const b = lineOf(shown.charts, 'Sigmoid');
    assert.equal(b.length, 6);
    assertClose(numberAfter(shown.live, 'gradient is'), b[0] / b[5], 'ratio at depth 6');
    assert.match(shown.live, /is for 4 layers/);
    assert.equal(await page.locator('.preset[data-preset="nielsen"]').getAttribute('aria-pressed'), 'true');
    // Chinese: the same numbers in the Chinese sentence.
    await page.locator('#language').selectOption('zh');
    await page.waitForFunction(() => /第 1 层的 ‖∂L\/∂b‖/.test(document.getElementById('g-narration-live').textContent));
    const zh = await readPage(page);
    assert.match(zh.changed, /载入预设后已改动：深度（层数） 4 → 6/);
    assertClose(numberAfter(zh.live, '最后一层的 '), b[0] / b[5], 'ratio in Chinese');
    assertClean(problems);
    await page.close();
  });
});

describe('log charts', () => {
  test('at depth 1000 the axis follows the data with regular decades, theory stays inside, zeros sit on the floor', async () => {
    const { page, problems } = await openGradients('?view=gradients&fn=sigmoid,tanh,relu&gdepth=1000&gwidth=32&gbatch=16');
    await page.waitForTimeout(300);
    const { charts, notes } = await readPage(page);
    const { y, datasets } = charts.main;
    const data = datasets.filter((d) => d.kind === 'data').flatMap((d) => d.data.map((q) => q.y)).filter((v) => v !== null);
    const lo = Math.min(...data), hi = Math.max(...data);
    const exps = y.ticks.map((v) => Math.log10(v));
    assert.ok(exps.every((e) => Math.abs(e - Math.round(e)) < 1e-9), `ticks are powers of ten: ${y.ticks}`);
    const steps = exps.slice(1).map((e, i) => Math.round(e - exps[i]));
    assert.ok(steps.every((d) => d === steps[0]) && y.ticks.length <= 9, `regular ticks: ${y.ticks}`);
    assert.ok(y.min <= lo && y.max >= hi, `axis ${y.min}..${y.max} holds the data ${lo}..${hi}`);
    assert.ok(Math.log10(lo / y.min) <= steps[0] + 1 && Math.log10(y.max / hi) <= steps[0] + 1, `axis ${y.min}..${y.max} no wider than the data ${lo}..${hi} needs`);
    for (const theory of datasets.filter((d) => d.kind === 'theory')) {
      assert.ok(theory.data.every((q) => q.y === null || (q.y >= y.min * (1 - 1e-9) && q.y <= y.max * (1 + 1e-9))), `${theory.label} inside the axis`);
    }
    const marks = datasets.filter((d) => d.kind === 'marker');
    assert.ok(marks.length > 0 && marks.every((d) => d.data.every((q) => q.y === y.min || q.y === y.max)), 'off-scale values marked on the edges');
    assert.match(notes, /exactly 0/);
    await page.screenshot({ path: `${SHOTS}gradients-depth-1000.png` });
    assertClean(problems);
    await page.close();
  });
});

describe('bad settings', () => {
  test('a refused value names the setting and its range, and nothing is recomputed', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    const before = await drawn(page);
    for (const [key, text, pattern] of [['gdepth', '0', /depth \(layers\): 0 is outside the allowed range 1 to 1000/], ['ggain', '-1', /gain: -1 is outside/], ['gwidth', '2.5', /not a whole number/]]) {
      await page.locator(`#g-${key}`).fill(text);
      await page.locator(`#g-${key}`).press('Enter');
      assert.match(await page.locator(`#g-${key}-error`).textContent(), pattern);
      assert.equal(await page.locator(`#g-${key}`).getAttribute('aria-invalid'), 'true');
    }
    await page.waitForTimeout(200);
    assert.equal(await drawn(page), before, 'no recomputation for refused values');
    assert.equal((await page.evaluate(() => window.__actlab.state())).gdepth, 10);
    assertClean(problems);
    await page.close();
  });

  test('settings beyond the memory budget are refused by the engine with what to lower; the previous result stays', async () => {
    const { page, problems } = await openGradients('?view=gradients&fn=relu&gbatch=4096');
    const shown = await page.evaluate(() => window.__actlab.view('gradients').last());
    await page.locator('#g-gwidth').fill('2048');
    await page.locator('#g-gwidth').press('Enter');
    await page.locator('#g-error').waitFor({ state: 'visible', timeout: 30000 });
    const message = await page.locator('#g-error').textContent();
    assert.match(message, /needs [\d.]+ MiB, above the memory budget of 512 MiB.*lower batch/);
    const still = await page.evaluate(() => window.__actlab.view('gradients').last());
    assert.deepEqual(still, shown, 'the previous result is kept');
    assert.equal(await page.locator('#g-stats tbody tr').count(), 10);
    await page.screenshot({ path: `${SHOTS}gradients-refused.png`, fullPage: false });
    // A valid change afterwards is simulated again.
    const before = await drawn(page);
    await page.locator('#g-gwidth').fill('32');
    await page.locator('#g-gwidth').press('Enter');
    await nextResult(page, before);
    assert.ok(await page.locator('#g-error').isHidden());
    assertClean(problems);
    await page.close();
  });
});

describe('state in the URL', () => {
  test('a link restores every gradient setting; bad values are corrected with a note', async () => {
    const query = '?view=gradients&fn=relu,elu&elu.alpha=0.5&gdepth=12&gwidth=40&gbatch=20&ginit=he_uniform&gbias=0.1&gclip=norm&gclipv=0.5&gseed=9&gq=gradWNorm&gfocus=elu';
    const { page, problems } = await openGradients(query);
    const last = await page.evaluate(() => window.__actlab.view('gradients').last());
    assert.deepEqual(last.runs.map((r) => r.id), ['relu', 'elu']);
    assert.equal(last.runs[0].result.layers.length, 12);
    assert.ok(last.runs.every((r) => r.result.clip.normAfter <= 0.5 + 1e-6));
    assert.equal(await page.locator('#g-ginit').inputValue(), 'he_uniform');
    assert.equal(await page.locator('#g-gq').inputValue(), 'gradWNorm');
    assert.equal(await page.locator('#g-focus').inputValue(), 'elu');
    assert.match(await page.locator('#g-stats caption').textContent(), /ELU/);
    // The same link gives the same bits.
    const again = await openGradients(query);
    const same = await again.page.evaluate(() => window.__actlab.view('gradients').last());
    assert.deepEqual(same.runs.map((r) => r.result.bitsHash), last.runs.map((r) => r.result.bitsHash));
    await again.page.close();
    // Corrected values.
    const bad = await openGradients('?view=gradients&gdepth=0&gwidth=12.6&ginit=bogus&ggain=NaN');
    const notes = await bad.page.locator('#notes').textContent();
    assert.match(notes, /gdepth: 0 is outside \[1, 1000\], used 1/);
    assert.match(notes, /gwidth: 12\.6 is not a whole number, used 13/);
    assert.match(notes, /ginit: “bogus” is not valid, used xavier_normal/);
    assert.match(notes, /ggain: “NaN” is not valid, used 1/);
    assert.equal((await bad.page.evaluate(() => window.__actlab.view('gradients').last())).runs[0].result.layers.length, 1);
    assertClean(bad.problems);
    await bad.page.close();
    assertClean(problems);
    await page.close();
  });
});

describe('activation × initialisation matrix', () => {
  test('computes every activation and scheme, and a click loads the cell', async () => {
    const { page, problems } = await openGradients('?view=gradients&gdepth=6&gwidth=32&gbatch=32');
    await page.locator('#matrix-compute').click();
    await page.waitForFunction(() => /Done/.test(document.getElementById('matrix-status').textContent), null, { timeout: 120000 });
    assert.equal(await page.locator('#matrix-compute').textContent(), 'Recompute for the current settings');
    const cells = await page.evaluate(() => [...document.querySelectorAll('.matrix-cell')].map((b) => ({ fn: b.dataset.fn, init: b.dataset.init, ratio: Number(b.dataset.ratio) })));
    assert.equal(cells.length, 30 * 10);  // 30 activations of the catalogue (no identity, PReLU per channel aside) x 10 schemes
    const cell = (fn, init) => cells.find((c) => c.fn === fn && c.init === init).ratio;
    assert.ok(cell('sigmoid', 'xavier_normal') < 1e-2, 'sigmoid vanishes with Xavier');
    assert.ok(cell('relu', 'he_normal') > 0.3 && cell('relu', 'he_normal') < 3, 'ReLU keeps its gradient with He');
    // The caption sits above the headers, every header is shown whole, and cells with no ratio say why.
    const layout = await page.evaluate(() => {
      const box = (node) => node.getBoundingClientRect();
      const caption = box(document.querySelector('#init-matrix caption'));
      return {
        caption: { bottom: caption.bottom },
        headers: [...document.querySelectorAll('#init-matrix thead th')].map((th) => {
          const span = th.querySelector('span') ?? th;
          const a = box(th), b = box(span);
          return { text: th.textContent, top: a.top, spanTop: b.top, spanBottom: b.bottom, bottom: a.bottom, clipped: span.scrollHeight > span.clientHeight + 1 || span.scrollWidth > span.clientWidth + 1 };
        }),
        blanks: [...document.querySelectorAll('.matrix-cell')].filter((b) => b.dataset.ratio === 'NaN').map((b) => ({ why: b.dataset.undefinedWhy, text: b.firstChild.textContent, label: b.getAttribute('aria-label') })),
        note: document.getElementById('matrix-note').hidden ? '' : document.getElementById('matrix-note').textContent,
      };
    });
    for (const h of layout.headers) {
      assert.ok(h.top >= layout.caption.bottom - 0.5, `header “${h.text}” (top ${h.top}) under the caption (bottom ${layout.caption.bottom})`);
      assert.ok(h.spanTop >= h.top - 0.5 && h.spanBottom <= h.bottom + 0.5 && !h.clipped, `header “${h.text}” shown whole`);
    }
    assert.ok(layout.headers.some((h) => h.text === 'Uniform(±bound)'));
    assert.ok(layout.blanks.length > 0, 'this matrix has cells with no ratio (ReLU6 with constant weights)');
    assert.ok(layout.blanks.some((blank) => blank.why === 'zero'), 'ReLU6 with constant weights: gradients exactly 0');
    for (const blank of layout.blanks) {
      // A cell whose gradient overflows float32 has no finite ratio either (the 'nonFinite' reason).
      assert.ok(['zero', 'nonFinite'].includes(blank.why), blank.why);
      assert.equal(blank.text, 'no ratio');
      if (blank.why === 'zero') assert.match(blank.label, /no ratio, the gradients are exactly 0/);
    }
    assert.match(layout.note, /Grey cells have no ratio: every gradient of the last layer is exactly 0/);
    await page.locator('#init-matrix').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}gradients-matrix.png`, fullPage: true });
    const before = await drawn(page);
    await page.locator('.matrix-cell[data-fn="tanh"][data-init="orthogonal"]').click();
    const last = await nextResult(page, before);
    const state = await page.evaluate(() => window.__actlab.state());
    assert.deepEqual([state.fn, state.ginit], [['tanh'], 'orthogonal']);
    assert.deepEqual(last.runs.map((r) => r.id), ['tanh']);
    assert.match(await page.locator('#matrix-status').textContent(), /settings changed/);
    assertClean(problems);
    await page.close();
  });
});

// Each visible gradient control's box against its grid cell (the setting's row) and the rows against the controls grid.
function controlOverflow(page) {
  return page.evaluate(() => {
    const out = [];
    const grid = document.querySelector('.g-controls').getBoundingClientRect();
    for (const row of document.querySelectorAll('.g-controls .g-setting:not([hidden])')) {
      const cell = row.getBoundingClientRect();
      if (cell.left < grid.left - 0.5 || cell.right > grid.right + 0.5) out.push(`${row.dataset.key}: row ${cell.left}–${cell.right} outside the grid ${grid.left}–${grid.right}`);
      for (const control of row.querySelectorAll('select, input')) {
        const b = control.getBoundingClientRect();
        if (b.left < cell.left - 0.5 || b.right > cell.right + 0.5) out.push(`${row.dataset.key} ${control.type}: ${b.left}–${b.right} outside its cell ${cell.left}–${cell.right}`);
      }
    }
    return out;
  });
}

describe('layout, keyboard and screen reader', () => {
  test('every control stays inside its grid cell at 1600, 1440 and 760 px, in English and Chinese', async () => {
    for (const lang of ['en', 'zh']) {
      const { page, problems } = await openGradients(`?view=gradients&lang=${lang}&gloss=mse&gclip=norm&ginit=he_normal`, { width: 1440, height: 900 });
      for (const width of [1600, 1440, 760]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(150);
        assert.deepEqual(await controlOverflow(page), [], `${lang} at ${width} px`);
      }
      assertClean(problems);
      await page.close();
    }
  });

  test('log-scale sliders announce the value, not the slider position', async () => {
    const { page, problems } = await openGradients('?view=gradients&gwidth=30');
    const sliders = await page.evaluate(() => [...document.querySelectorAll('.g-setting:not([hidden]) input[type=range]')].map((s) => ({
      key: s.closest('.g-setting').dataset.key, position: s.value, text: s.getAttribute('aria-valuetext'), value: s.closest('.g-setting').querySelector('input[type=number]').value,
    })));
    for (const s of sliders) assert.equal(s.text, s.value, `${s.key}: aria-valuetext ${s.text}, value ${s.value}`);
    assert.equal(sliders.find((s) => s.key === 'gwidth').text, '30');
    assert.notEqual(sliders.find((s) => s.key === 'gwidth').position, '30', 'the log slider position differs from the value');
    await page.locator('[data-key="gdepth"] input[type=range]').focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight'); // 0.01 decade per step
    await page.waitForFunction(() => window.__actlab.state().gdepth !== 10);
    const after = await page.evaluate(() => ({ text: document.querySelector('[data-key="gdepth"] input[type=range]').getAttribute('aria-valuetext'), depth: window.__actlab.state().gdepth }));
    assert.equal(after.text, String(after.depth));
    assertClean(problems);
    await page.close();
  });
});

describe('language and width', () => {
  test('phone (390 × 844): presets, the chart and the network settings within the first two screens; charts let the page scroll', async () => {
    const { page, problems } = await openGradients('?view=gradients&lang=zh', { width: 390, height: 844 });
    assert.equal(await page.locator('#tab-gradients').textContent(), '梯度流');
    await page.locator('#g-status', { hasText: /函数个数：4/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${overflow} px wider than the phone`);
    const measure = () => page.evaluate(() => {
      const y = (selector) => { const b = document.querySelector(selector).getBoundingClientRect(); return { top: b.top + scrollY, bottom: b.bottom + scrollY }; };
      return { presets: y('.g-presets .preset-bar'), chart: y('#g-main-chart'), settings: y('.g-settings'), depth: y('#g-gdepth'), narration: y('.g-plot') };
    });
    for (const lang of ['zh', 'en']) {
      if (lang === 'en') {
        await page.locator('#language').selectOption('en');
        await page.waitForFunction(() => /^Here layer 1/.test(document.getElementById('g-narration-live').textContent));
      } else {
        const before = await drawn(page);
        await page.locator('.preset[data-preset="nielsen"]').click(); // the longest sentence
        await nextResult(page, before);
      }
      await page.waitForTimeout(300);
      const boxes = await measure();
      for (const [what, box] of Object.entries(boxes)) {
        if (what === 'narration') continue;
        assert.ok(box.top < 1688, `${lang}: ${what} starts at ${box.top}`);
        if (what !== 'settings') assert.ok(box.bottom < 1688, `${lang}: ${what} ends at ${box.bottom}`);
      }
      console.log(`phone (390 px, ${lang}, Nielsen loaded):`, JSON.stringify(boxes));
    }
    const touch = await page.evaluate(() => [...document.querySelectorAll('#panel-gradients canvas')].map((c) => [c.id, getComputedStyle(c).touchAction]));
    for (const [id, value] of touch) assert.notEqual(value, 'none', `${id} touch-action`);
    assertClean(problems);
    await page.close();
  });

  test('screenshots at 1440, 760 and 390 px in English and Chinese: presets, depth 1000, clipping, the matrix', async () => {
    for (const lang of ['en', 'zh']) {
      for (const width of [1440, 760, 390]) {
        const { page, problems } = await openGradients(`?view=gradients&lang=${lang}`, { width, height: 900 });
        const shot = (name) => page.screenshot({ path: `${SHOTS}gradients-${name}-${lang}-${width}.png`, fullPage: true });
        let before = await drawn(page);
        await page.locator('.preset[data-preset="nielsen"]').click();
        await nextResult(page, before);
        await page.waitForTimeout(300);
        await shot('nielsen');
        before = await drawn(page);
        await page.locator('.preset[data-preset="clipped"]').click();
        await nextResult(page, before);
        await page.locator('#matrix-compute').click();
        await page.waitForFunction(() => /Done|完成/.test(document.getElementById('matrix-status').textContent), null, { timeout: 60000 });
        await page.waitForTimeout(300);
        await shot('clipped-matrix');
        assertClean(problems);
        await page.close();
        const deep = await openGradients(`?view=gradients&lang=${lang}&gdepth=1000&gwidth=32&gbatch=16`, { width, height: 900 });
        await deep.page.waitForTimeout(400);
        await deep.page.locator('#g-main-figure').screenshot({ path: `${SHOTS}gradients-depth1000-${lang}-${width}.png` });
        assertClean(deep.problems);
        await deep.page.close();
      }
    }
  });
});
