// End-to-end tests of the gradient view's remedies and of the phase diagram:
// the presets that compare a stack with and without skips, norms or dropout
// (their sentences against the charts they describe), the order-to-chaos
// diagram (timing, coarse-first filling, the page thread kept free, theory
// against measurement, hover and keys, a click loading the point), and the
// new URL keys refused or clamped with a note. dist/ under a sub-path, in
// Debian's Chromium; screenshots at 1440, 760 and 390 px.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';
import { assertClose, checkPreset, drawn, lineOf, numberAfter, openGradients as openView, perLayer } from './gradient-probes.mjs';

const suite = useServerAndBrowser();
const openGradients = (query, viewport) => openView(suite, query, viewport);


// Clicks a preset and waits until its result, table and sentence are drawn.
async function loadPreset(page, id) {
  const before = await drawn(page);
  await page.locator(`.preset[data-preset="${id}"]`).click();
  await page.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, before, { timeout: 120000 });
  await page.waitForFunction(() => document.getElementById('g-narration-live').textContent !== '');
  await page.waitForTimeout(350);
  return page.evaluate(() => ({
    live: document.getElementById('g-narration-live').textContent,
    changed: document.getElementById('g-narration-changed').textContent,
    meanField: document.getElementById('g-mean-field').textContent,
    charts: window.__actlab.view('gradients').chartData(),
    runs: window.__actlab.view('gradients').last().runs.map((r) => ({ label: r.label, variant: r.variant })),
  }));
}


describe('remedy presets', () => {
  const CHECKS = {
    residual50: (p) => residualCheck(p, 50),
    residual200: (p) => residualCheck(p, 200),
    sigmoidBn: (p) => {
      const bn = lineOf(p.charts, 'Sigmoid'), plain = lineOf(p.charts, 'Sigmoid (no norm)');
      assertClose(numberAfter(p.live, 'changes ×'), perLayer(bn, 1, 30), 'with BatchNorm per layer');
      assertClose(numberAfter(p.live, 'and ×'), perLayer(plain, 1, 30), 'without per layer');
      assert.ok(perLayer(bn, 1, 30) > 0.9 && perLayer(plain, 1, 30) < 0.5);
    },
    prePost: (p) => {
      const post = lineOf(p.charts, 'ReLU'), pre = lineOf(p.charts, 'ReLU (pre-norm)');
      assertClose(numberAfter(p.live, '‖∂L/∂W‖ is'), post[23], 'post-norm layer 24');
      assertClose(numberAfter(p.live, 'post-norm and'), pre[23], 'pre-norm layer 24');
      assertClose(numberAfter(p.live, 'pre-norm:'), post[23] / pre[23], 'ratio');
      assertClose(numberAfter(p.live, 'Layer 2’s are'), post[1], 'post-norm layer 2');
    },
    seluDropout: (p) => {
      const alpha = lineOf(p.charts, 'SELU'), inverted = lineOf(p.charts, 'SELU (Dropout)');
      assertClose(numberAfter(p.live, 'and std'), alpha[49], 'AlphaDropout std at 50');
      assertClose(numberAfter(p.live, 'with AlphaDropout, and mean \\S+ and std'), inverted[49], 'Dropout std at 50');
      assert.ok(Math.abs(alpha[49] - 1) < 0.1 && Math.abs(inverted[49] - 1) > 0.1);
    },
    edgeOfChaos: (p) => {
      const lines = p.runs.map((r) => lineOf(p.charts, r.label));
      assert.equal(lines.length, 3);
      const said = [...p.live.matchAll(/×([\d.]+) at σ_w² = ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      assert.equal(said.length, 3, p.live);
      for (const [factor, sw2] of said) {
        const run = p.runs.findIndex((r) => (r.variant ? r.label.includes(`σ_w² = ${sw2}`) : Math.abs(sw2 - 1.76) < 0.01));
        assert.ok(run >= 0, `a line for σ_w² = ${sw2}`);
        assertClose(factor, perLayer(lines[run], 6, 50), `factor at ${sw2}`);
      }
      assert.match(p.meanField, /χ₁ = 1 is at most 1/); // the base run sits on the critical line
      const corr = lineOf(p.charts, 'Tanh', 'pairs');
      assertClose(numberAfter(p.live, 'have correlation \\S+, '), corr[49], 'correlation at layer 50 (critical)');
    },
    shattered: (p) => {
      const residual = lineOf(p.charts, 'ReLU', 'pairs'), plain = lineOf(p.charts, 'ReLU (no skips)', 'pairs');
      assertClose(numberAfter(p.live, 'have correlation'), residual[0], 'with skips, layer 1');
      assertClose(numberAfter(p.live, 'and'), plain[0], 'without, layer 1');
      assert.ok(residual[0] > plain[0] + 0.2);
    },
  };
  function residualCheck(p, L) {
    const residual = lineOf(p.charts, 'ReLU'), plain = lineOf(p.charts, 'ReLU (no skips)');
    assertClose(numberAfter(p.live, 'RMS of ∂L/∂a is'), residual[0] / residual[L - 1], 'residual ratio');
    assert.ok(residual[0] / residual[L - 1] < 10 && residual[0] / residual[L - 1] > 0.1);
    if (/underflows/.test(p.live)) assert.ok(plain.slice(0, L - 1).every((v) => v === null || v === 0 || v < 1e-30), 'plain zeros');
    else assertClose(numberAfter(p.live, 'and'), plain[0] / plain[L - 1], 'plain ratio', 1e-2);
  }

  test('each preset\'s sentence agrees with the lines it compares; screenshots', async () => {
    const { page, problems } = await openGradients('?view=gradients');
    for (const [id, check] of Object.entries(CHECKS)) {
      const shown = await loadPreset(page, id);
      assert.equal(shown.changed, '', `${id}: nothing changed since loading`);
      assert.match(shown.live, /as described|as the source’s scaling says/, `${id}: ${shown.live}`);
      checkPreset(id, shown, check);
      await page.screenshot({ path: `${SHOTS}gradients-preset-${id}.png`, fullPage: true });
    }
    assertClean(problems);
    await page.close();
  });
});

describe('phase diagram', () => {
  test('fills coarse-first in the workers within 10 s, keeps the page thread free, agrees with mean-field theory, and a click loads the point', async () => {
    const { page, problems } = await openGradients('?view=gradients&fn=tanh');
    await page.waitForTimeout(3000); // let the first run and the warm-up finish, as a reader would
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
      window.__phaseSeen = [];
      const poll = () => {
        const d = window.__actlab.view('gradients').phase();
        if (d) window.__phaseSeen.push({ points: d.points.length, strides: [...new Set(d.points.map((p) => p.stride))], done: d.done });
        if (!d?.done) setTimeout(poll, 100);
      };
      poll();
    });
    const started = Date.now();
    await page.click('#phase-compute');
    await page.waitForFunction(() => window.__actlab.view('gradients').phase()?.done, null, { timeout: 60000 });
    const wall = Date.now() - started;
    const d = await page.evaluate(() => window.__actlab.view('gradients').phase());
    const seen = await page.evaluate(() => window.__phaseSeen);
    const longTasks = await page.evaluate(() => window.__longTasks);
    console.log(`  phase diagram: ${d.points.length} points in ${wall} ms (workers ${Math.round(d.ms)} ms); long tasks on the page: ${longTasks.length ? Math.max(...longTasks).toFixed(0) : 0} ms max`);
    assert.equal(d.points.length, 24 * 24);
    assert.ok(d.ms < 10000, `the diagram took ${d.ms} ms`);
    assert.deepEqual(longTasks.filter((ms) => ms > 50), [], 'no long task over 50 ms while the diagram fills');
    // Progressive, coarse first: the first picture already had coarse (stride-8) points and far from all of them.
    // (Each worker goes coarse to fine through its half; one may start a little later, so finer points of the
    // other can be there too. The order within a worker is checked in tests/js/phase-diagram.test.js.)
    const early = seen.find((s) => s.points > 0 && !s.done);
    assert.ok(early && early.points < (24 * 24) / 2 && early.strides.includes(8), `early state ${JSON.stringify(early)}`);
    // Measurement against theory: the per-layer growth of dL/da against ln(chi_1) / 2.
    const theory = new Map(d.theory.map((row) => [row.j, row]));
    const gaps = d.points.map((p) => Math.abs(p.growth - Math.log(theory.get(p.j).points[p.i].chi1) / 2));
    const within = gaps.filter((g) => g < 0.02).length / gaps.length;
    console.log(`  growth vs ln(chi_1)/2: ${(100 * within).toFixed(1)} % of points within 0.02, worst ${Math.max(...gaps).toFixed(3)}`);
    assert.ok(within > 0.9, `${within}`);
    // The theory's critical line: tanh at sigma_b^2 = 0 is critical at sigma_w^2 = 1.
    assert.ok(Math.abs(theory.get(0).critical.sigmaW2 - 1) < 1e-3, `${theory.get(0).critical.sigmaW2}`);
    // Keys move the cursor and the read-out follows; Enter loads the point.
    await page.focus('#phase-growth');
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp']) await page.keyboard.press(key);
    const readout = await page.textContent('#phase-readout');
    const cursor = (await page.evaluate(() => window.__actlab.view('gradients').phase().cursor));
    assert.match(readout, new RegExp(`σ_w² = ${d.sw2[cursor.i].toPrecision(3).replace(/\.?0+$/, '')}`));
    assert.match(readout, /χ₁ = [\d.]+.*measured: gradient ×[\d.]+ per layer/);
    const before = await drawn(page);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, before, { timeout: 60000 });
    const state = await page.evaluate(() => window.__actlab.state());
    assert.equal(state.ginit, 'lecun_normal');
    assertClose(state.ggain ** 2, d.sw2[cursor.i], 'loaded sigma_w^2', 1e-5);
    assertClose(state.gbstd ** 2, d.sb2[cursor.j], 'loaded sigma_b^2', 1e-5);
    await page.waitForTimeout(300);
    const meanField = await page.textContent('#g-mean-field');
    assert.match(meanField, new RegExp(`Tanh \\(σ_w² = ${Number(d.sw2[cursor.i].toPrecision(3))}`));
    await page.locator('#g-phase').screenshot({ path: `${SHOTS}gradients-phase-tanh.png` });
    assertClean(problems);
    await page.close();
  });

  test('a newer request stops the running one: switching the activation mid-run computes the new one only', async () => {
    const { page, problems } = await openGradients('?view=gradients&fn=relu');
    await page.click('#phase-compute');
    await page.waitForFunction(() => (window.__actlab.view('gradients').phase()?.points.length ?? 0) > 20);
    await page.locator('#phase-fn').selectOption('relu');
    await page.waitForFunction(() => window.__actlab.view('gradients').phase()?.done, null, { timeout: 60000 });
    const d = await page.evaluate(() => window.__actlab.view('gradients').phase());
    assert.equal(d.request.activation?.id ?? 'relu', 'relu');
    const state = await page.evaluate(() => window.__actlab.state());
    assert.equal(state.gpd, 'relu');
    // ReLU's critical point: sigma_w^2 = 2 at sigma_b^2 = 0 (He initialisation).
    const row0 = d.theory.find((row) => row.j === 0);
    assert.ok(Math.abs(row0.critical.sigmaW2 - 2) < 1e-6, `${row0.critical.sigmaW2}`);
    await page.locator('#g-phase').screenshot({ path: `${SHOTS}gradients-phase-relu.png` });
    assertClean(problems);
    await page.close();
  });
});

describe('new settings in the URL', () => {
  test('out-of-range values are clamped or refused with a note; an impossible placement is refused by the engine with what to set', async () => {
    const { page, problems } = await openGradients('?view=gradients&gdrop=2&gskip=5000&gnorm=bogus&gpairc=3');
    const state = await page.evaluate(() => window.__actlab.state());
    assert.equal(state.gdrop, 0.99);
    assert.equal(state.gskip, 1000);
    assert.equal(state.gnorm, 'none');
    assert.equal(state.gpairc, 1);
    const notes = await page.evaluate(() => document.getElementById('notes').textContent);
    for (const key of ['gdrop', 'gskip', 'gnorm', 'gpairc']) assert.match(notes, new RegExp(key), `a note names ${key}`);
    await page.close();
    // Refused from the first run: nothing was drawn before, so the error stands alone.
    const second = await suite.browser.context.newPage();
    const secondProblems = watchPage(second, suite.server.origin);
    await second.goto(`${suite.server.url}?view=gradients&gnorm=layernorm&gnormat=pre_residual`);
    await second.waitForFunction(() => /normPlacement/.test(document.getElementById('g-error')?.textContent ?? ''), null, { timeout: 30000 });
    assert.equal(await second.evaluate(() => document.getElementById('g-error').hidden), false);
    assert.match(await second.textContent('#g-error'), /normPlacement = pre_residual needs skips: set residualEvery to 1 or more/);
    assertClean(problems);
    assertClean(secondProblems);
    await second.close();
  });
});

describe('screenshots', () => {
  test('the shattered-gradients preset and the phase diagram at 1440, 760 and 390 px, English and Chinese', async () => {
    for (const lang of ['en', 'zh']) {
      for (const width of [1440, 760, 390]) {
        const { page, problems } = await openGradients(`?view=gradients&lang=${lang}`, { width, height: 900 });
        await loadPreset(page, 'shattered');
        await page.screenshot({ path: `${SHOTS}gradients-shattered-${lang}-${width}.png`, fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${lang} ${width}: the page scrolls sideways by ${overflow} px`);
        assertClean(problems);
        await page.close();
      }
    }
  });
});
