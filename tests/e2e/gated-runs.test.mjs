// End-to-end tests of the gated units (GLU, ReGLU, GeGLU, SwiGLU) compared
// in the gradient-flow and training views: the `gates` URL key and its
// picker, the runs the worker simulates and trains (a dense layer of twice
// the width, then the gate), the focus, the chain's note, and screenshots.
// dist/ served under a sub-path, in Debian's Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';
import { drawn, nextResult, openGradients as openView } from './gradient-probes.mjs';

const suite = useServerAndBrowser();
const openGradients = (query, viewport) => openView(suite, query, viewport);
const trainingData = (page) => page.evaluate(() => window.__actlab.view('training').data());

describe('gated units in the gradient view', () => {
  test('the ticked units run after the functions, appear in the legend, the focus and the URL, and have no width-1 chain (nor has a stack with a skip)', async () => {
    const { page, problems } = await openGradients('?view=gradients&fn=tanh&gates=swiglu,reglu&gdepth=6&gwidth=32');
    let last = await page.evaluate(() => window.__actlab.view('gradients').last());
    assert.deepEqual(last.runs.map((r) => r.id), ['tanh', 'swiglu', 'reglu']);
    for (const run of last.runs) {
      assert.equal(run.result.layers.length, 6);
      assert.ok(run.result.layers.every((s) => Number.isFinite(s.gradZRms) && s.gradZRms > 0), `${run.id}: finite gradients`);
    }
    const legend = await page.locator('#g-legend li').allTextContents();
    assert.deepEqual(legend.map((text) => text.split(':')[0]), ['Tanh', 'SwiGLU', 'ReGLU']);
    assert.equal(await page.locator('#gate-picker').isVisible(), true);
    assert.match(await page.locator('#picker-toggle').textContent(), /Tanh, SwiGLU, ReGLU/); // the folded picker's summary names them too
    assert.equal(await page.locator('#pick-swiglu').isChecked(), true);
    assert.equal(await page.locator('#pick-glu').isChecked(), false);
    // Ticking GLU adds a run and keeps it in the URL.
    const before = await drawn(page);
    await page.locator('#pick-glu').check();
    last = await nextResult(page, before);
    assert.deepEqual(last.runs.map((r) => r.id), ['tanh', 'swiglu', 'reglu', 'glu']);
    assert.equal(new URL(page.url()).searchParams.get('gates'), 'swiglu,reglu,glu');
    // The focus can show a gated unit's table.
    await page.locator('#g-focus').selectOption('swiglu');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('gfocus') === 'swiglu');
    await page.locator('#g-stats caption', { hasText: 'SwiGLU' }).waitFor(); // the focus redraws at most every FOCUS_MS
    await page.screenshot({ path: `${SHOTS}gradients-gated-desktop.png`, fullPage: true });
    assertClean(problems);
    await page.close();

    const narrow = await openGradients('?view=gradients&fn=tanh&gates=geglu&gdepth=5&gwidth=1&gfocus=geglu', { width: 390, height: 844 });
    assert.match(await narrow.page.locator('#g-chain').textContent(), /GeGLU has no single-neuron chain/);
    const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow at 390 px (${overflow} px)`);
    await narrow.page.screenshot({ path: `${SHOTS}gradients-gated-phone.png`, fullPage: true });
    assertClean(narrow.problems);
    await narrow.page.close();
    // A width-1 stack with a skip: no chain either, and the page says why.
    const skipped = await openGradients('?view=gradients&fn=tanh&gdepth=5&gwidth=1&gskip=1');
    assert.match(await skipped.page.locator('#g-chain').textContent(), /is no single product of one factor w · f′\(z\) per layer/);
    assert.equal(await skipped.page.locator('#g-chain tbody tr').count(), 0);
    assertClean(skipped.problems);
    await skipped.page.close();
  });
});

describe('gated units in the training view', () => {
  test('a gated unit trains beside a function: its hidden layers are dense 2 x width then the gate, and its loss falls', async () => {
    const page = await suite.browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const problems = watchPage(page, suite.server.origin);
    await page.goto(`${suite.server.url}?view=training&fn=relu&gates=swiglu&tdata=circles&tepochs=4`);
    await page.waitForFunction(() => {
      const d = window.__actlab?.view('training')?.data();
      return d && d.runs.length === 2 && d.runs.every((r) => r.initial || r.error) && d.phase !== 'preparing' && d.phase !== 'loading';
    }, null, { timeout: 120000 });
    let d = await trainingData(page);
    assert.deepEqual(d.runs.map((r) => r.id), ['relu', 'swiglu']);
    assert.deepEqual(d.runs[1].config.hidden.map((h) => h.activation.id), d.runs[0].config.hidden.map(() => 'swiglu'));
    assert.ok(!d.runs[1].error, d.runs[1].error);
    await page.locator('#t-run').click();
    await page.waitForFunction(() => {
      const data = window.__actlab.view('training').data();
      return !data.running && data.epochs >= 4;
    }, null, { timeout: 120000, polling: 500 });
    d = await trainingData(page);
    const swiglu = d.runs[1];
    const losses = swiglu.history.map((h) => h.evaluation.train.loss);
    assert.ok(losses.every(Number.isFinite), `finite losses ${losses}`);
    assert.ok(losses.at(-1) < swiglu.initial.train.loss, `SwiGLU's loss falls: ${swiglu.initial.train.loss} → ${losses.at(-1)}`);
    await page.screenshot({ path: `${SHOTS}training-gated-desktop.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});
