// End-to-end tests of the training lab: every ticked activation trains in
// the worker and the page draws its curves; run, pause, step and reset, and
// a status line that says where the run is; every preset's claim checked
// against the numbers the page shows, and its live sentence against the
// same numbers; controls inside their cells, chart colours after a preset
// switch, no NaN before a run, Run and the first chart on a phone's first
// two screens; a diverging run stops itself; bad settings and a data set
// that fails to load say so; the state lives in the URL. dist/ under a
// sub-path, Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './static-server.mjs';
import { watchPage } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';
import { num } from '../../web/src/details/property-text.js';

const suite = useServerAndBrowser();
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

// Opens the training view at query (on server) and waits until its networks are ready.
async function openTraining(query, { server = suite.server, viewport } = {}) {
  const page = await suite.browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = watchPage(page, server.origin);
  await page.goto(`${server.url}${query}`);
  await page.waitForFunction(() => window.__actlab?.view('training')?.data().runs.some((r) => r.initial || r.error), null, { timeout: 60000 });
  return { page, problems };
}

const data = (page) => page.evaluate(() => window.__actlab.view('training').data());

// Presses Run and waits until `epochs` epochs are done or the run stopped by itself.
async function runUntil(page, epochs) {
  await page.locator('#t-run').click();
  await page.waitForFunction((n) => {
    const d = window.__actlab.view('training').data();
    return d.epochs >= n || (!d.running && d.epochs > 0);
  }, epochs, { timeout: 120000 });
  if ((await data(page)).running) await page.locator('#t-run').click(); // pause
  await page.waitForFunction(() => !window.__actlab.view('training').data().running);
  return data(page);
}

const last = (run) => run.history.at(-1);
const text = (page, selector) => page.locator(selector).textContent();
// The page's roundings: a share as a percentage with one decimal, numbers to 2 or 3 significant digits.
const pct = (share) => String(Math.round(1000 * share) / 10);
const sig = (x, digits) => String(Number(x.toPrecision(digits)));
const hidden = (list) => list.slice(0, -1); // per-layer lists end with the output layer

// Clicks preset id and waits until its networks (functions ids) are ready.
async function loadPreset(page, id, ids) {
  await page.locator(`.preset[data-preset="${id}"]`).click();
  await page.waitForFunction((want) => {
    const d = window.__actlab.view('training').data();
    return d.runs.map((r) => r.id).join() === want && d.epochs === 0 && d.runs.every((r) => r.initial);
  }, ids.join(), { timeout: 60000 });
  assert.equal(await page.locator(`.preset[data-preset="${id}"]`).getAttribute('aria-pressed'), 'true');
}

describe('training the default networks', () => {
  test('every ticked activation trains on the spiral; ReLU and GELU separate it; the decision regions are drawn', async () => {
    const { page, problems } = await openTraining('?view=training');
    const before = await data(page);
    assert.deepEqual(before.runs.map((r) => r.id), ['sigmoid', 'tanh', 'relu', 'gelu']);
    assert.equal(before.points, 480);
    const after = await runUntil(page, 200);
    assert.ok(after.epochs >= 200, `${after.epochs} epochs`);
    const byId = Object.fromEntries(after.runs.map((r) => [r.id, r]));
    for (const id of ['relu', 'gelu']) assert.ok(last(byId[id]).evaluation.test.accuracy >= 0.9, `${id} test accuracy ${last(byId[id]).evaluation.test.accuracy}`);
    for (const run of after.runs) assert.ok(last(run).evaluation.train.loss < run.initial.train.loss, `${run.id} loss fell`);
    assert.equal(await page.locator('#t-table tbody tr').count(), 4);
    assert.match(await page.locator('#t-boundary').getAttribute('aria-label'), /Decision regions of Sigmoid over the plane, with 480 training points/);
    await page.screenshot({ path: `${SHOTS}training-default-desktop.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });

  test('pause stops, one epoch steps once, reset starts again from the same weights; the status says epoch k of N and Run goes on to a visible target', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu&tepochs=20');
    assert.equal(await text(page, '#t-status'), 'Networks ready: 1. Run trains them to epoch 20; One epoch trains one.');
    assert.equal(await text(page, '#t-run'), 'Run to epoch 20');
    await page.locator('#t-run').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().epochs >= 5);
    const during = await text(page, '#t-status');
    await page.locator('#t-run').click();
    await page.waitForFunction(() => !window.__actlab.view('training').data().running);
    const paused = (await data(page)).epochs;
    const seen = Number(during.match(/^Training: epoch (\d+) of 20 · ([\d,]+) samples\/s \(all networks\)\.$/)?.[1]);
    assert.ok(seen >= 5 && seen <= paused, `status while running: ${during}`);
    assert.equal(await text(page, '#t-status'), `Paused at epoch ${paused} of 20. Run goes on to epoch 20.`);
    assert.equal(await text(page, '#t-run'), 'Run to epoch 20');
    await page.waitForTimeout(300);
    assert.equal((await data(page)).epochs, paused, 'no epoch after the pause');
    await page.locator('#t-step').click();
    await page.waitForFunction((n) => window.__actlab.view('training').data().epochs === n + 1, paused);
    const firstRun = (await data(page)).runs[0].history[0].report.meanLoss;
    await page.locator('#t-reset').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().epochs === 0);
    await page.locator('#t-step').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().epochs === 1);
    assert.equal((await data(page)).runs[0].history[0].report.meanLoss, firstRun, 'the same first epoch after a reset');
    assert.equal(await text(page, '#t-status'), 'Epoch 1, one at a time. Run trains to epoch 20.');
    // A finished run says so, and Run then trains to a new target it names, not one silent epoch more.
    const finished = await runUntil(page, 20);
    assert.equal(finished.epochs, 20);
    assert.equal(await text(page, '#t-status'), 'Finished: epoch 20 of 20. Run trains on to epoch 40.');
    assert.equal(await text(page, '#t-run'), 'Run to epoch 40');
    const again = await runUntil(page, 40);
    assert.equal(again.epochs, 40, 'Run after a finished run trains to the named target');
    assert.equal(again.runs[0].history.length, 40);
    assertClean(problems);
    await page.close();
  });
});

describe('presets', () => {
  test('Nielsen: at epoch 1 each earlier sigmoid layer learns several times slower; by epoch 10 the layers have caught up; the sentence reads those numbers', async () => {
    const { page, problems } = await openTraining('?view=training');
    await loadPreset(page, 'nielsen', ['sigmoid']);
    assert.ok(problems.requests.some((url) => /fashion-mnist-12k\.bin-[\w-]{8}\.gz$/.test(url)), 'the data set is downloaded when picked');
    assert.match(await text(page, '#t-preset-note'), /he measured 0\.003, 0\.017, 0\.070, 0\.285 on MNIST/);
    assert.equal(await text(page, '#t-preset-live'), 'Press Run: this sentence then reads the chart’s numbers after each epoch.');
    const done = await runUntil(page, 10);
    assert.equal(done.epochs, 10);
    const history = done.runs[0].history;
    const speeds = (e) => hidden(history[e - 1].report.biasSpeed);
    for (let l = 1; l < 4; l++) assert.ok(speeds(1)[l] > 2 * speeds(1)[l - 1], `epoch 1: layer ${l + 1} at least twice as fast as layer ${l}: ${speeds(1)}`);
    const first = speeds(1)[0] / speeds(1)[3], now = speeds(10)[0] / speeds(10)[3];
    assert.ok(first < 0.5 && now >= 0.5, `ratio layer 1 / layer 4: ${first} at epoch 1, ${now} at epoch 10`);
    const acc = (e) => pct(history[e - 1].evaluation.test.accuracy);
    assert.equal(await text(page, '#t-preset-live'),
      `At epoch 1 hidden layer 1 learns ${sig(first, 2)} times as fast as layer 4 (about 1/${Math.round(1 / first)}), as Nielsen says. `
      + `By epoch 10 the ratio is ${sig(now, 2)}: the layers have caught up, which the chapter does not show. `
      + `Test accuracy: ${acc(1)}\u00a0% after epoch 1, ${acc(10)}\u00a0% after epoch 10.`);
    assert.equal(await text(page, '#t-speed-legend'), speeds(10).map((v, l) => `hidden layer ${l + 1}: ${num(v, 3)}`).join(''));
    await page.screenshot({ path: `${SHOTS}training-preset-nielsen.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });

  test('dead ReLU: in a narrow net ReLU loses units on every sample of the epoch and test accuracy against both Leaky ReLU and ELU; chart, table and sentence agree', async () => {
    const { page, problems } = await openTraining('?view=training');
    await loadPreset(page, 'deadRelu', ['relu', 'leaky_relu', 'elu']);
    const dead = await runUntil(page, 60);
    assert.equal(dead.epochs, 60);
    assert.ok(dead.runs.every((r) => !r.diverged), 'no run diverges in this preset');
    const [relu, leaky, elu] = dead.runs;
    const shares = (run) => hidden(last(run).report.deadEpoch);
    const worst = Math.max(...shares(relu));
    assert.ok(worst >= 0.25, `ReLU's deadest layer: ${worst}`);
    assert.deepEqual([...shares(leaky), ...shares(elu)], Array(10).fill(0), 'no Leaky ReLU or ELU unit dies');
    const accuracy = (run) => last(run).evaluation.test.accuracy;
    const gap = Math.min(accuracy(leaky), accuracy(elu)) - accuracy(relu);
    assert.ok(gap >= 0.05, `ReLU ${accuracy(relu)} against ${accuracy(leaky)}, ${accuracy(elu)}`);
    const layer = shares(relu).indexOf(worst);
    const mean = shares(relu).reduce((a, b) => a + b, 0) / 5;
    assert.equal(await text(page, '#t-preset-live'),
      `After epoch 60, ${pct(worst)}\u00a0% of ReLU’s units in hidden layer ${layer + 1} were inactive on every training sample of the epoch: `
      + `${Math.round(8 * (1 - worst))} of 8 still learn (${pct(mean)}\u00a0% dead over all hidden layers). Leaky ReLU / ELU: 0\u00a0% dead. `
      + `ReLU reaches ${pct(accuracy(relu))}\u00a0% test accuracy against Leaky ReLU ${pct(accuracy(leaky))}\u00a0%, ELU ${pct(accuracy(elu))}\u00a0%: `
      + `${pct(gap)} points below both, the price of its dead units.`);
    // The table's dead column and the dead-units chart show the same whole-epoch counts.
    const cells = await page.locator('#t-table tbody tr td:nth-child(7)').allTextContents();
    assert.deepEqual(cells, dead.runs.map((r) => shares(r).map((d) => `${num(100 * d, 3)}\u00a0%`).join(' / ')));
    const drawn = await page.evaluate(() => window.__actlab.view('training').drawn().dead);
    assert.equal(drawn.length, 15, 'one line per function and hidden layer');
    assert.deepEqual(drawn.map((d) => d.line), dead.runs.flatMap((r) => Array(5).fill(r.colour)));
    assert.deepEqual([...new Set(drawn.flatMap((d) => d.radius))], [0], 'no markers past 40 epochs');
    await page.screenshot({ path: `${SHOTS}training-preset-deadRelu.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});

describe('more presets', () => {
  test('SELU passes 80 % test accuracy on the digits epochs before ReLU in the same deep stack; on Fashion-MNIST sigmoid’s loss stays well above ReLU’s and GELU’s; sentences read the numbers', async () => {
    const { page, problems } = await openTraining('?view=training');
    await loadPreset(page, 'selu', ['selu', 'relu']);
    const selu = await runUntil(page, 30);
    const firstAt = (run, share) => run.history.findIndex((h) => h.evaluation.test.accuracy >= share) + 1;
    const [mine, relu] = selu.runs;
    const es = firstAt(mine, 0.8), er = firstAt(relu, 0.8);
    assert.ok(es > 0 && es <= 5, `SELU first passes 80 % at epoch ${es}`);
    assert.ok(er === 0 || er > es + 5, `ReLU first passes 80 % at epoch ${er}`);
    const acc = (run) => pct(last(run).evaluation.test.accuracy);
    const second = er ? `SELU passed 80\u00a0% at epoch ${es}, ReLU only at epoch ${er}.` : `SELU passed 80\u00a0% at epoch ${es}; ReLU has not yet.`;
    assert.equal(await text(page, '#t-preset-live'), `After epoch 30: SELU ${acc(mine)}\u00a0% test accuracy, ReLU ${acc(relu)}\u00a0%. ${second}`);
    await page.screenshot({ path: `${SHOTS}training-preset-selu.png`, fullPage: true });

    await loadPreset(page, 'fashion', ['sigmoid', 'relu', 'gelu']);
    const fashion = await runUntil(page, 2);
    const loss = (run, e = run.history.length) => run.history[e - 1].evaluation.train.loss;
    const [sigmoid, reluF, gelu] = fashion.runs;
    const ratio = loss(sigmoid) / Math.min(loss(reluF), loss(gelu));
    const k = fashion.epochs; // 2, or 3 when an epoch was under way at the pause
    assert.ok(k >= 2 && ratio >= 1.5, `sigmoid's loss over the best other after ${k} epochs: ${ratio}`);
    assert.ok(loss(sigmoid, k) > loss(reluF, 1), `sigmoid after ${k} epochs is still above ReLU after 1`);
    assert.equal(await text(page, '#t-preset-live'),
      `After epoch ${k} the training loss is sigmoid ${sig(loss(sigmoid), 3)}, ReLU ${sig(loss(reluF), 3)}, GELU ${sig(loss(gelu), 3)}: `
      + `sigmoid’s is ${sig(ratio, 2)} times the lower of the other two. In ${k} epochs sigmoid has not reached ReLU’s loss after one (${sig(loss(reluF, 1), 3)}).`);
    assert.match(await text(page, '#t-table'), /‖ΔW‖ \/ ‖W‖/);
    await page.screenshot({ path: `${SHOTS}training-preset-fashion.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});

describe('layout and drawing', () => {
  // Every control of the settings inside its grid cell, and every cell inside the settings box.
  const controlsOutside = (page) => page.evaluate(() => {
    const box = document.querySelector('.t-controls').getBoundingClientRect();
    const out = [];
    for (const row of document.querySelectorAll('.t-controls .param-row:not([hidden])')) {
      const cell = row.getBoundingClientRect();
      if (cell.left < box.left - 0.5 || cell.right > box.right + 0.5) out.push(`${row.dataset.key} cell ${cell.left}-${cell.right} outside ${box.left}-${box.right}`);
      for (const control of row.querySelectorAll('select, input')) {
        const r = control.getBoundingClientRect();
        if (r.left < cell.left - 0.5 || r.right > cell.right + 0.5) out.push(`${row.dataset.key} ${control.type} ${r.left}-${r.right} outside ${cell.left}-${cell.right}`);
      }
    }
    return out;
  });

  test('each setting’s control stays inside its grid cell at 1440 and 760 px; no NaN before a run; canvases let the page scroll', async () => {
    const { page, problems } = await openTraining('?view=training&tdata=fashion-mnist&fn=relu,leaky_relu');
    for (const width of [1440, 760]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(100);
      assert.deepEqual(await controlsOutside(page), [], `at ${width} px`);
    }
    const view = await page.evaluate(() => document.querySelector('.t-grid').innerText);
    assert.doesNotMatch(view, /NaN/, 'nothing says NaN before any epoch');
    assert.match(await text(page, '#t-speed-legend'), /^hidden layer 1: —hidden layer 2: —$/);
    const labels = await page.evaluate(() => [...document.querySelectorAll('.t-grid [aria-label]')].map((n) => n.getAttribute('aria-label')).join('\n'));
    assert.doesNotMatch(labels, /NaN/);
    const touch = await page.evaluate(() => [...document.querySelectorAll('.t-grid canvas')].map((c) => `${c.id}:${getComputedStyle(c).touchAction}`));
    assert.equal(touch.length, 6); // loss, accuracy, dead units, speed, decision regions, layer output statistics
    for (const entry of touch) assert.doesNotMatch(entry, /:none$/, entry);
    assertClean(problems);
    await page.close();
  });

  test('after switching presets every line and marker has its function’s colour, as in the legend and the function list', async () => {
    const { page, problems } = await openTraining('?view=training&tepochs=2');
    await runUntil(page, 2);
    await loadPreset(page, 'deadRelu', ['relu', 'leaky_relu', 'elu']);
    await page.locator('#t-step').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().epochs === 1);
    const { runs } = await data(page);
    const picker = await page.evaluate((ids) => ids.map((id) => document.querySelector(`input[type=checkbox][value="${id}"]`).closest('label').style.getPropertyValue('--series')), runs.map((r) => r.id));
    const swatches = await page.locator('#t-legend .swatch').evaluateAll((nodes) => nodes.map((n) => getComputedStyle(n).backgroundColor));
    const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    assert.deepEqual(picker, runs.map((r) => r.colour), 'the function list');
    assert.deepEqual(swatches, runs.map((r) => rgb(r.colour)), 'the legend');
    const drawn = await page.evaluate(() => window.__actlab.view('training').drawn());
    for (const chart of ['loss', 'accuracy']) {
      const want = [...runs, ...runs].map((r) => r.colour); // training lines, then test lines
      assert.deepEqual(drawn[chart].map((d) => d.line), want, `${chart} lines`);
      assert.deepEqual(drawn[chart].map((d) => d.markers), want.map((c) => [c]), `${chart} markers`);
    }
    assertClean(problems);
    await page.close();
  });

  test('on a phone (390 × 844) Run and the loss chart are within the first two screens', async () => {
    for (const lang of ['en', 'zh']) {
      const { page, problems } = await openTraining(`?view=training&lang=${lang}`, { viewport: { width: 390, height: 844 } });
      await loadPreset(page, 'deadRelu', ['relu', 'leaky_relu', 'elu']);
      await page.locator('#t-step').click();
      await page.waitForFunction(() => window.__actlab.view('training').data().epochs === 1);
      const bottoms = await page.evaluate(() => Object.fromEntries(['#t-run', '#t-loss-figure'].map((s) => [s, document.querySelector(s).getBoundingClientRect().bottom + window.scrollY])));
      for (const [selector, bottom] of Object.entries(bottoms)) assert.ok(bottom < 2 * 844, `${lang}: ${selector} ends at y = ${bottom}`);
      console.log(`phone ${lang}: ${JSON.stringify(bottoms)}`);
      assertClean(problems);
      await page.close();
    }
  });
});

describe('bad settings and failures', () => {
  test('a diverging run stops itself and says so; refused values name the setting and its range', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu&topt=momentum&tlr=10&tinit=normal&thidden=256,256,256');
    const result = await runUntil(page, 200);
    assert.ok(result.runs[0].diverged, 'the run diverged');
    assert.ok(result.epochs < 200, `stopped at epoch ${result.epochs}`);
    assert.equal(await text(page, '#t-status'), `Stopped at epoch ${result.epochs}: every network diverged. Lower the learning rate and press Reset.`);
    assert.match(await page.locator('#t-error').textContent(), /ReLU stopped at epoch \d+: its loss became NaN or infinite \(the run diverged\); the other runs go on\. Lower the learning rate/);
    // With two functions, only the one that diverges stops.
    const mixed = await openTraining('?view=training&fn=relu,elu&tdata=moons&thidden=32,32,32&tinit=he_normal&topt=sgd&tlr=1&tepochs=15');
    const both = await runUntil(mixed.page, 15);
    const [relu, elu] = both.runs;
    assert.ok(elu.diverged && !relu.diverged, 'ELU diverges at this rate, ReLU does not');
    assert.equal(relu.history.length, 15, 'ReLU trained on to the end');
    assert.ok(elu.history.length < 15, 'ELU stopped');
    assert.match(await mixed.page.locator('#t-error').textContent(), /ELU stopped at epoch \d+/);
    assert.equal(await text(mixed.page, '#t-status'), `Finished: epoch 15 of 15. Run trains on to epoch 30. Diverged (at epoch): ELU (${elu.history.length}).`);
    assertClean(mixed.problems);
    await mixed.page.close();
    for (const [key, text, pattern] of [['tlr', '0', /learning rate: 0 is outside the allowed range 0\.00001 to 10/], ['thidden', '16, 0', /hidden layers \(widths\): 0 is outside the allowed range 1 to 512/], ['tbatch', '5000', /batch: 5000 is outside the allowed range 1 to 1024/]]) {
      await page.locator(`#t-${key}`).fill(text);
      await page.locator(`#t-${key}`).press('Enter');
      assert.match(await page.locator(`#t-${key}-error`).textContent(), pattern);
    }
    assertClean(problems);
    await page.close();
  });

  test('a data set that cannot be loaded is reported, and the rest of the page keeps working', async () => {
    const server = await startServer({ missing: /fashion-mnist.*\.gz$/ });
    const page = await suite.browser.context.newPage();
    await page.goto(`${server.url}?view=training&tdata=fashion-mnist&fn=relu`);
    await page.locator('#t-error').waitFor({ state: 'visible', timeout: 60000 });
    assert.match(await page.locator('#t-error').textContent(), /^The site did not deliver the data set file \(HTTP 404\): could not load the fashion-mnist data set \(HTTP 404 for \S+\)\. The file may be missing from this host\.$/);
    assert.equal(await page.locator('#t-run').isDisabled(), true, 'nothing to run without the data');
    await page.locator('#tab-curves').click();
    await page.waitForFunction(() => window.__actlab.timings.length > 0);
    await page.close();
    await server.close();
  });
});

describe('state, language, accessibility', () => {
  test('a link restores the settings; Chinese at phone width; no axe violation', async () => {
    const query = '?view=training&fn=tanh,elu&elu.alpha=0.5&tdata=moons&tpoints=300&thidden=8,8,8&topt=momentum&tlr=0.05&tbatch=8&tseed=7&tfocus=elu';
    const { page, problems } = await openTraining(query);
    assert.equal(await page.locator('#t-thidden').inputValue(), '8, 8, 8');
    assert.equal(await page.locator('#t-topt').inputValue(), 'momentum');
    assert.equal(await page.locator('#t-focus').inputValue(), 'elu');
    assert.equal((await data(page)).points, 240);
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    assert.deepEqual(violations, []);
    assertClean(problems);
    await page.close();
    const zh = await openTraining('?view=training&lang=zh', { viewport: { width: 390, height: 844 } });
    assert.equal(await zh.page.locator('#tab-training').textContent(), '训练');
    await runUntil(zh.page, 30);
    const overflow = await zh.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${overflow} px wider than the phone`);
    await zh.page.screenshot({ path: `${SHOTS}training-zh-phone.png`, fullPage: true });
    assertClean(zh.problems);
    await zh.page.close();
  });
});
