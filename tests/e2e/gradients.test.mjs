// End-to-end tests of the gradient-flow view: the simulator runs in a Web
// Worker and the page draws what it returns; presets reproduce their
// published pattern; bad settings are refused with the previous result kept;
// the state lives in the URL; the activation × initialisation matrix loads
// a cell. dist/ served under a sub-path, in Debian's Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { dragSlider } from './page-probes.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';

const suite = useServerAndBrowser();

// Opens the gradient view at query; resolves when its first result is drawn.
async function openGradients(query, viewport) {
  const page = await suite.browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = watchPage(page, suite.server.origin);
  await page.goto(`${suite.server.url}${query}`);
  await page.waitForFunction(() => window.__actlab?.view('gradients')?.last(), null, { timeout: 30000 });
  return { page, problems };
}

// The number of results drawn so far.
const drawn = (page) => page.evaluate(() => window.__actlab.view('gradients').timings().length);

// Waits for a result drawn after `since` results; resolves to { ms, runs: [{ id, result }] }.
async function nextResult(page, since) {
  await page.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, since, { timeout: 60000 });
  await page.waitForTimeout(50); // let the last of a burst land
  return page.evaluate(() => window.__actlab.view('gradients').last());
}

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

describe('presets', () => {
  // Each preset: what its published result says, checked on the numbers the page drew.
  const CHECKS = {
    nielsen: ({ sigmoid }) => {
      const speeds = sigmoid.layers.map((s) => s.gradBNorm);
      assert.ok(speeds.every((v, i) => i === 0 || v > 2 * speeds[i - 1]), `‖∂L/∂b‖ per layer ${speeds}`);
      assert.ok(speeds[0] / speeds[3] < 0.1, `first/last ${speeds[0] / speeds[3]}`);
    },
    chain: ({ sigmoid }) => {
      const factors = sigmoid.chain.filter((f) => f.layer >= 2 && f.layer <= 6);
      assert.ok(factors.every((f) => Math.abs(f.factor) <= Math.abs(f.weight) / 4), 'each |w σ′(z)| ≤ |w| / 4');
      assert.ok(Math.abs(factors.reduce((p, f) => p * f.factor, 1)) < 0.01, 'the product of five factors shrinks');
    },
    glorot: ({ sigmoid, tanh }) => {
      assert.ok(ratio(tanh) > 0.2 && ratio(tanh) < 5, `tanh first/last ${ratio(tanh)}`);
      assert.ok(ratio(sigmoid) < 0.01, `sigmoid first/last ${ratio(sigmoid)}`);
    },
    reluXavier: ({ relu }) => {
      const factor = ratio(relu) ** (1 / 29);
      assert.ok(Math.abs(factor - Math.SQRT1_2) < 0.03, `per-layer factor ${factor}`);
    },
    reluHe: ({ relu }) => assert.ok(ratio(relu) > 0.3 && ratio(relu) < 3, `first/last ${ratio(relu)}`),
    selu: ({ selu }) => {
      const last = selu.layers.at(-1);
      assert.ok(Math.abs(last.aMean) < 0.1 && Math.abs(last.aStd - 1) < 0.1, `layer 50 mean ${last.aMean}, std ${last.aStd}`);
    },
    exploding: ({ sigmoid }) => {
      const factors = sigmoid.chain.filter((f) => f.layer >= 2 && f.layer <= 6).map((f) => f.factor);
      assert.deepEqual(factors, [25, 25, 25, 25, 25]);
      assert.equal(sigmoid.clip.scale, 1);
    },
    clipped: ({ sigmoid }) => {
      assert.ok(sigmoid.clip.normBefore > 100 && sigmoid.clip.normAfter <= 1, `norm ${sigmoid.clip.normBefore} → ${sigmoid.clip.normAfter}`);
      assert.ok(sigmoid.clip.scale < 0.01);
    },
    deadRelu: ({ relu, leaky_relu: leaky }) => {
      assert.ok(relu.layers.slice(1).every((s) => s.dead > 0.5), `ReLU dead fractions ${relu.layers.map((s) => s.dead)}`);
      assert.ok(leaky.layers.every((s) => s.dead === 0));
      assert.deepEqual(relu.gradZEdges, [], 'every ReLU gradient is an exact zero');
    },
  };

  test('each preset reproduces its known result; screenshots of each', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    for (const [id, check] of Object.entries(CHECKS)) {
      const before = await drawn(page);
      await page.locator(`.preset[data-preset="${id}"]`).click();
      const last = await nextResult(page, before);
      check(Object.fromEntries(last.runs.map((r) => [r.id, r.result])));
      assert.match(await page.evaluate(() => location.search), /view=gradients/);
      await page.screenshot({ path: `${SHOTS}gradients-preset-${id}.png`, fullPage: true });
    }
    // The all-zero gradient heatmap of the dead-ReLU preset says so in words.
    await page.locator('.preset[data-preset="deadRelu"]').click();
    await page.locator('#g-focus').selectOption('relu');
    await page.waitForFunction(() => /Nothing to draw: every value is an exact zero/.test(document.getElementById('g-heat-grad').getAttribute('aria-label')));
    // The exploding chain is shown term by term.
    await page.locator('.preset[data-preset="exploding"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#g-chain tbody tr').length === 7);
    assert.match(await page.locator('#g-chain').textContent(), /25/);
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
    assert.equal(cells.length, 22 * 10);
    const cell = (fn, init) => cells.find((c) => c.fn === fn && c.init === init).ratio;
    assert.ok(cell('sigmoid', 'xavier_normal') < 1e-2, 'sigmoid vanishes with Xavier');
    assert.ok(cell('relu', 'he_normal') > 0.3 && cell('relu', 'he_normal') < 3, 'ReLU keeps its gradient with He');
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

describe('language and width', () => {
  test('Chinese text and a phone-width layout without horizontal overflow', async () => {
    const { page, problems } = await openGradients('?view=gradients&lang=zh', { width: 390, height: 844 });
    assert.equal(await page.locator('#tab-gradients').textContent(), '梯度流');
    await page.locator('#g-status', { hasText: /函数个数：4/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${overflow} px wider than the phone`);
    await page.screenshot({ path: `${SHOTS}gradients-zh-phone.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});
