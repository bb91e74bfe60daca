// "Your function" in the browser: the formula field checks as you type and
// never applies a refused text, hostile text stays text, a slider writes its
// value into the formula and the link, the card's numbers are the page's
// own, and the gradient-flow and training views run the same formula.
// Screenshots of a custom function in all three views at three widths.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openExplorer } from './browser.mjs';
import { compareChartWithLab, dragSlider } from './page-probes.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';
import { openGradients } from './gradient-probes.mjs';
import { watchPage } from './browser.mjs';

const suite = useServerAndBrowser();
const fxOf = (page) => page.evaluate(() => new URLSearchParams(location.search).get('fx'));

// Types text into the formula field as a reader would (replacing what is there).
async function typeFormula(page, text) {
  const input = page.locator('#formula-input');
  await input.fill('');
  await input.pressSequentially(text, { delay: 5 });
}

describe('Your function', () => {
  test('checks each keystroke: a refusal names the column and leaves the plotted formula and the link alone', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=sigmoid,custom`, suite.server.origin);
    assert.equal(await page.locator('#formula-input').inputValue(), 'x + sin(a * x)^2 / a; a in [0.1, 5] = 1');
    assert.match(await page.locator('#formula-source').textContent(), /Ziyin/);
    for (const which of ['f', 'df']) for (const s of await compareChartWithLab(page, which)) assert.equal(s.mismatches, 0, `${which} ${s.id}`);

    await typeFormula(page, 'x * sigmod(x)');
    assert.match(await page.locator('#formula-error').textContent(), /unknown name 'sigmod' at column 5; did you mean sigmoid/);
    assert.equal(await page.locator('#formula-input').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#formula-marker').textContent(), 'x * sigmod(x)\n    ^');
    // Typing applies a formula only when it pauses (or on Enter): the prefixes "x", "x " were never plotted.
    await page.waitForTimeout(800);
    assert.equal(await fxOf(page), null, 'the link still holds the default formula');
    assert.equal(await page.evaluate(() => window.__actlab.lab.yours.text), 'x + sin(a * x)^2 / a; a in [0.1, 5] = 1');
    for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0, `the plot is the last applied formula (${s.id})`);
    // A slider moved now writes the applied formula, and leaves the refused edit in the field with its message.
    await page.locator('#param-custom-a-slider').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('fx')?.startsWith('x + sin(a * x)^2 / a; a in [0.1, 5] = 1.0'));
    assert.equal(await page.locator('#formula-input').inputValue(), 'x * sigmod(x)');
    assert.match(await page.locator('#formula-error').textContent(), /sigmod/);

    await typeFormula(page, 'x * sigmoid(x)');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('fx') === 'x * sigmoid(x)');
    assert.equal(await page.locator('#formula-error').textContent(), '');
    assert.match(await page.locator('#formula-status').textContent(), /Compiled: \d+ instructions/);
    await page.waitForTimeout(300);
    const series = await compareChartWithLab(page, 'f');
    assert.deepEqual(series.map((s) => s.id), ['sigmoid', 'custom']);
    for (const s of series) assert.equal(s.mismatches, 0);
    const silu = await page.evaluate(() => {
      const xs = new Float32Array([-3, -0.5, 0.25, 4]);
      return [Array.from(window.__actlab.lab.activate('custom', xs)), Array.from(xs, (x) => x / (1 + Math.exp(-x)))];
    });
    silu[0].forEach((v, i) => assert.ok(Math.abs(v - silu[1][i]) < 1e-6, `x·σ(x) at ${i}`));
    assertClean(problems);
    await page.close();
  });

  test('shows hostile text as text: nothing typed becomes an element or runs', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=custom`, suite.server.origin);
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await typeFormula(page, hostile);
    assert.match(await page.locator('#formula-error').textContent(), /^Not applied: .* at column \d+/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // A line break counts as one character: the caret stays under the column the engine names.
    await page.locator('#formula-input').fill('x *\n  sigmod(x)');
    assert.match(await page.locator('#formula-error').textContent(), /at column 7/);
    assert.equal(await page.locator('#formula-marker').textContent(), 'x *↵  sigmod(x)\n      ^');
    assert.equal(await page.locator('img[src=x]').count(), 0);
    // A hand-made link with a refused formula: the default, and a note naming the problem.
    const bad = await openExplorer(suite.browser.context, `${suite.server.url}?fn=custom&fx=${encodeURIComponent(hostile)}`, suite.server.origin);
    assert.match(await bad.page.locator('#notes').textContent(), /fx: the formula was refused/);
    // The refused formula stays in the field, with its message, to be fixed; the default one is plotted.
    assert.equal(await bad.page.locator('#formula-input').inputValue(), hostile);
    assert.match(await bad.page.locator('#formula-error').textContent(), /^Not applied: /);
    assert.equal(await bad.page.evaluate(() => window.__actlab.lab.yours.text), 'x + sin(a * x)^2 / a; a in [0.1, 5] = 1');
    assert.equal(await bad.page.locator('img[src=x]').count(), 0);
    assertClean(problems);
    await page.close();
    await bad.page.close();
  });

  test('an example and a dragged slider write the formula and the link; the card reports what the page measures', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=custom`, suite.server.origin);
    await page.locator('#formula-examples').selectOption('elu');
    assert.equal(await page.locator('#formula-input').inputValue(), 'where(x > 0, x, a * expm1(x)); a in [0, 5] = 1');
    assert.match(await page.locator('#formula-source').textContent(), /Clevert/);
    await dragSlider(page, '#param-custom-a-slider', 0.5);
    await page.waitForFunction(() => /= 2\.5$/.test(document.getElementById('formula-input').value));
    await page.waitForFunction(() => new URLSearchParams(location.search).get('fx') === 'where(x > 0, x, a * expm1(x)); a in [0, 5] = 2.5');
    const minusOne = await page.evaluate(() => window.__actlab.lab.activate('custom', new Float32Array([-1]), { a: 2.5 })[0]);
    for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0);
    assert.ok(Math.abs(minusOne - 2.5 * Math.expm1(-1)) < 1e-6);

    await page.locator('#details').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => /a = 2\.5 ∈/.test(document.querySelector('.fn-card[data-id=custom]')?.textContent ?? '')); // the card after the drag settled
    const card = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.fn-card[data-id=custom] dl.formula-accuracy .prop')].map((p) => [p.querySelector('dt').textContent, p.querySelector('dd').textContent]);
      return { rows, formula: document.querySelector('.fn-card[data-id=custom] .formula-text').textContent };
    });
    assert.equal(card.formula, 'where(x > 0, x, a * expm1(x))');
    const fRow = card.rows.find(([label]) => /^f, largest error/.test(label));
    const twinRow = card.rows.find(([label]) => /catalogue function/.test(label));
    assert.match(fRow[1], /^[\d.]+ ULP \(at x = /);
    // The card's f error is the largest |float32 − twin| in ULPs over the grid it names; recompute it here from the page's lab.
    const measured = await page.evaluate(() => {
      const { lab } = window.__actlab;
      const xs = new Float32Array(4001).map((_, i) => Math.fround(-6 + (12 * i) / 4000));
      const f = lab.activate('custom', xs, { a: 2.5 });
      const twin = lab.yours.reference(xs, { a: 2.5 }).f;
      const ulp = (v) => { const b = new Float32Array([Math.abs(v)]); const e = (new Uint32Array(b.buffer)[0] >>> 23) & 255; return e === 0 ? 2 ** -149 : 2 ** (e - 150); };
      let worst = 0;
      for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(f[i] - twin[i]) / ulp(twin[i]));
      return worst;
    });
    assert.ok(Number(fRow[1].split(' ')[0]) >= measured * 0.999, `card ${fRow[1]} ≥ the view's own ${measured}`);
    assert.match(twinRow[1], /no catalogue function/, 'ELU with α = 2.5 is not the catalogue ELU at its default');
    assertClean(problems);
    await page.close();
  });

  test('the gradient-flow and training views run the formula through the engines, and all three views are photographed', async () => {
    const fx = encodeURIComponent('x * sigmoid(1.702 * x)');
    for (const width of [1280, 760, 390]) {
      const curves = await openExplorer(suite.browser.context, `${suite.server.url}?fn=gelu,custom&fx=${fx}`, suite.server.origin);
      await curves.page.setViewportSize({ width, height: 900 });
      await curves.page.waitForTimeout(400);
      await curves.page.screenshot({ path: `${SHOTS}your-function-curves-${width}.png`, fullPage: true });
      assertClean(curves.problems);
      await curves.page.close();
    }
    const { page, problems } = await openGradients(suite, `?view=gradients&fn=gelu,custom&fx=${fx}&gdepth=12&gwidth=64&gbatch=64`);
    await page.waitForFunction(() => window.__actlab.view('gradients').last().runs.length === 2, null, { timeout: 60000 });
    const runs = await page.evaluate(() => window.__actlab.view('gradients').last().runs.map((r) => ({ id: r.id, layers: r.result.layers.length, grad: r.result.layers.map((l) => l.gradZRms) })));
    assert.deepEqual(runs.map((r) => r.id), ['gelu', 'custom']);
    assert.equal(runs[1].layers, 12);
    assert.ok(runs[1].grad.every((g) => Number.isFinite(g) && g > 0), 'the formula network has finite, non-zero gradients');
    assert.notDeepEqual(runs[1].grad, runs[0].grad, 'QuickGELU is not GELU');
    for (const width of [1280, 760, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}your-function-gradients-${width}.png`, fullPage: true });
    }
    assertClean(problems);
    await page.close();

    const tp = await suite.browser.context.newPage();
    const training = { problems: watchPage(tp, suite.server.origin) };
    await tp.goto(`${suite.server.url}?view=training&fn=relu,custom&fx=${fx}`);
    await tp.waitForFunction(() => window.__actlab?.view('training')?.data().runs.some((r) => r.initial || r.error), null, { timeout: 60000 });
    await tp.locator('#t-run').click();
    await tp.waitForFunction(() => window.__actlab.view('training').data().epochs >= 3, null, { timeout: 120000 });
    await tp.locator('#t-run').click();
    await tp.waitForFunction(() => !window.__actlab.view('training').data().running, null, { timeout: 60000 });
    const d = await tp.evaluate(() => window.__actlab.view('training').data());
    const custom = d.runs.find((r) => r.fn === 'custom');
    assert.ok(custom, 'a training run for Your function');
    assert.equal(custom.error, '');
    assert.ok(custom.history.length >= 3 && custom.history.every((h) => Number.isFinite(h.evaluation.train.loss)), 'its loss is finite every epoch');
    for (const width of [1280, 760, 390]) {
      await tp.setViewportSize({ width, height: 900 });
      await tp.waitForTimeout(500);
      await tp.screenshot({ path: `${SHOTS}your-function-training-${width}.png`, fullPage: true });
    }
    assertClean(training.problems);
    await tp.close();
  });
});
