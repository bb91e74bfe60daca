// End-to-end tests of the training lab: every ticked activation trains in
// the worker and the page draws its curves; run, pause, step and reset;
// presets reproduce their pattern (Nielsen's slow early layers, dead ReLU);
// a diverging run stops itself; bad settings and a data set that fails to
// load say so; the state lives in the URL. dist/ under a sub-path, Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './static-server.mjs';
import { watchPage } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';

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

  test('pause stops, one epoch steps once, and reset starts again from the same weights', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu&tepochs=1000');
    await page.locator('#t-run').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().epochs >= 5);
    await page.locator('#t-run').click();
    await page.waitForFunction(() => !window.__actlab.view('training').data().running);
    const paused = (await data(page)).epochs;
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
    assertClean(problems);
    await page.close();
  });
});

describe('presets', () => {
  test('Nielsen: on Fashion-MNIST each earlier sigmoid layer learns slower; dead ReLU: ReLU units die, Leaky ReLU and ELU do not; screenshots', async () => {
    const { page, problems } = await openTraining('?view=training');
    await page.locator('.preset[data-preset="nielsen"]').click();
    await page.waitForFunction(() => {
      const d = window.__actlab.view('training').data();
      return d.runs.length === 1 && d.runs[0].id === 'sigmoid' && d.runs[0].initial;
    }, null, { timeout: 60000 });
    assert.ok(problems.requests.some((url) => /fashion-mnist-12k\.bin-[\w-]{8}\.gz$/.test(url)), 'the data set is downloaded when picked');
    await page.locator('#t-step').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().epochs === 1, null, { timeout: 60000 });
    const speeds = (await data(page)).runs[0].history[0].report.biasSpeed.slice(0, 4);
    for (let l = 1; l < 4; l++) assert.ok(speeds[l] > 2 * speeds[l - 1], `layer speeds ${speeds}`);
    assert.match(await page.locator('#t-preset-note').textContent(), /Nielsen measured 0\.003, 0\.017, 0\.070, 0\.285/);
    await page.screenshot({ path: `${SHOTS}training-preset-nielsen.png`, fullPage: true });

    await page.locator('.preset[data-preset="deadRelu"]').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().runs.map((r) => r.id).join() === 'relu,leaky_relu,elu' && window.__actlab.view('training').data().runs[0].initial, null, { timeout: 60000 });
    const dead = await runUntil(page, 20);
    assert.ok(dead.runs.every((r) => !r.diverged), 'no run diverges in this preset');
    const deadShare = (run) => Math.max(...last(run).report.dead.slice(0, -1));
    const [relu, leaky, elu] = dead.runs;
    assert.ok(deadShare(relu) >= 0.25, `ReLU dead share ${deadShare(relu)}`);
    assert.equal(deadShare(leaky), 0);
    assert.equal(deadShare(elu), 0);
    await page.screenshot({ path: `${SHOTS}training-preset-deadRelu.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});

describe('more presets', () => {
  test('SELU trains a deep stack of the digits; on Fashion-MNIST ReLU and GELU lower the loss faster than sigmoid; screenshots', async () => {
    const { page, problems } = await openTraining('?view=training');
    await page.locator('.preset[data-preset="selu"]').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().runs.map((r) => r.id).join() === 'selu,relu' && window.__actlab.view('training').data().runs.every((r) => r.initial), null, { timeout: 60000 });
    const selu = await runUntil(page, 5);
    assert.ok(last(selu.runs[0]).evaluation.test.accuracy > 0.8, `SELU test accuracy ${last(selu.runs[0]).evaluation.test.accuracy}`);
    await page.screenshot({ path: `${SHOTS}training-preset-selu.png`, fullPage: true });
    await page.locator('.preset[data-preset="fashion"]').click();
    await page.waitForFunction(() => window.__actlab.view('training').data().runs.map((r) => r.id).join() === 'sigmoid,relu,gelu' && window.__actlab.view('training').data().runs.every((r) => r.initial), null, { timeout: 60000 });
    const fashion = await runUntil(page, 2);
    const loss = Object.fromEntries(fashion.runs.map((r) => [r.id, last(r).evaluation.train.loss]));
    assert.ok(loss.relu < loss.sigmoid && loss.gelu < loss.sigmoid, `losses after 2 epochs ${JSON.stringify(loss)}`);
    assert.match(await page.locator('#t-table').textContent(), /‖ΔW‖ \/ ‖W‖/);
    await page.screenshot({ path: `${SHOTS}training-preset-fashion.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});

describe('bad settings and failures', () => {
  test('a diverging run stops itself and says so; refused values name the setting and its range', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu&topt=momentum&tlr=10&tinit=normal&thidden=256,256,256');
    const result = await runUntil(page, 200);
    assert.ok(result.runs[0].diverged, 'the run diverged');
    assert.ok(result.epochs < 200, `stopped at epoch ${result.epochs}`);
    assert.match(await page.locator('#t-error').textContent(), /ReLU stopped at epoch \d+: its loss became NaN or infinite \(the run diverged\); the other runs go on\. Lower the learning rate/);
    // With two functions, only the one that diverges stops.
    const mixed = await openTraining('?view=training&fn=relu,elu&tdata=moons&thidden=32,32,32&tinit=he_normal&topt=sgd&tlr=1&tepochs=15');
    const both = await runUntil(mixed.page, 15);
    const [relu, elu] = both.runs;
    assert.ok(elu.diverged && !relu.diverged, 'ELU diverges at this rate, ReLU does not');
    assert.equal(relu.history.length, 15, 'ReLU trained on to the end');
    assert.ok(elu.history.length < 15, 'ELU stopped');
    assert.match(await mixed.page.locator('#t-error').textContent(), /ELU stopped at epoch \d+/);
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
    assert.match(await page.locator('#t-error').textContent(), /Could not prepare the training: could not load the fashion-mnist data set \(HTTP 404/);
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
