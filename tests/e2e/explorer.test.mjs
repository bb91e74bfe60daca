// End-to-end tests of the curve explorer: dist/ served under a deep sub-path,
// driven in Debian's Chromium through playwright-core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openExplorer, watchPage } from './browser.mjs';
import { compareChartWithLab, dragSlider, updateCount, viewSummary, waitForUpdates } from './page-probes.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';

const suite = useServerAndBrowser();

describe('curve explorer', () => {
  test('loads from a sub-path with no console error and only same-origin requests', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, suite.server.url, suite.server.origin);
    const wasm = problems.requests.filter((url) => url.endsWith('.wasm'));
    assert.equal(wasm.length, 1, 'exactly one .wasm fetched');
    const type = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), wasm[0]);
    assert.equal(type, 'application/wasm');
    const view = await viewSummary(page);
    assert.deepEqual(view.f.ids, ['sigmoid', 'tanh', 'relu', 'gelu']);
    assert.deepEqual(view.df.ids, ['sigmoid', 'tanh', 'relu', 'gelu']);
    assert.equal(view.notesShown, false);
    assert.match(await page.locator('#status-text').textContent(), /Kernels loaded/);
    assert.ok(await page.locator('#load-error').isHidden());
    for (const which of ['f', 'df']) {
      for (const series of await compareChartWithLab(page, which)) {
        assert.ok(series.n >= series.plotWidth, `${which} ${series.id}: ${series.n} samples for ${series.plotWidth} px`);
        assert.equal(series.first, -6);
        assert.equal(series.last, 6);
      }
    }
    assertClean(problems);
    await page.close();
  });

  test('chart data equals lab.activate / lab.derivative at the same x values, linear and log', async () => {
    const url = `${suite.server.url}?fn=sigmoid,tanh,relu,gelu,elu,softplus&elu.alpha=0.7&softplus.beta=2&x0=-25&x1=25`;
    const { page, problems } = await openExplorer(suite.browser.context, url, suite.server.origin);
    for (const which of ['f', 'df']) {
      const series = await compareChartWithLab(page, which);
      assert.equal(series.length, 6);
      for (const s of series) {
        assert.equal(s.mismatches, 0, `${which} ${s.id}`);
        assert.equal(s.xNotFloat32, 0, `${which} ${s.id}: x values are float32`);
        assert.ok(s.drawn > s.n * 0.9, `${which} ${s.id}: most samples drawn`);
      }
    }
    const before = await updateCount(page);
    await page.locator('#log-df').check();
    await waitForUpdates(page, before);
    const logged = await compareChartWithLab(page, 'df');
    for (const s of logged) assert.equal(s.mismatches, 0, `log ${s.id}`);
    const view = await viewSummary(page);
    assert.equal(view.df.type, 'logarithmic');
    // sigmoid' at x = 20 is about 2e-9 and is drawn (not zero, not a gap).
    const near20 = await page.evaluate(() => {
      const ds = window.__actlab.charts.df.data.datasets.find((d) => d.actlabId === 'sigmoid');
      return ds.data.reduce((best, p) => (Math.abs(p.x - 20) < Math.abs(best.x - 20) ? p : best));
    });
    assert.ok(near20.y > 1e-9 && near20.y < 3e-9, `sigmoid'(~20) = ${near20.y}`);
    // ReLU's derivative is exactly 0 for x < 0: gaps on the log chart, not -Infinity.
    const reluGaps = await page.evaluate(() => {
      const ds = window.__actlab.charts.df.data.datasets.find((d) => d.actlabId === 'relu');
      return ds.data.filter((p) => p.x < 0).every((p) => Number.isNaN(p.y));
    });
    assert.ok(reluGaps);
    assertClean(problems);
    await page.close();
  });

  test('ticking functions and dragging a parameter slider with the mouse change the charts', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, suite.server.url, suite.server.origin);
    let before = await updateCount(page);
    await page.locator('label[for="pick-elu"]').click();
    await page.locator('label[for="pick-leaky_relu"]').click();
    await waitForUpdates(page, before);
    let view = await viewSummary(page);
    assert.deepEqual(view.f.ids, ['sigmoid', 'tanh', 'relu', 'gelu', 'elu', 'leaky_relu']);
    assert.match(page.url(), /fn=sigmoid,tanh,relu,gelu,elu,leaky_relu/);

    const eluAt = () => page.evaluate(() => {
      const ds = window.__actlab.charts.f.data.datasets.find((d) => d.actlabId === 'elu');
      return ds.data[0].y; // f(x0 = -6)
    });
    const initial = await eluAt();
    assert.ok(Math.abs(initial + 1) < 0.01, `elu(-6) with alpha 1 ≈ -1, got ${initial}`);
    before = await updateCount(page);
    await dragSlider(page, '#param-elu-alpha-slider', 0.5);
    await waitForUpdates(page, before);
    view = await viewSummary(page);
    const alpha = view.state['elu.alpha'];
    assert.ok(alpha > 3 && alpha < 7, `alpha after the drag: ${alpha}`);
    assert.ok(Math.abs((await eluAt()) + alpha) < 0.05 * alpha, 'the ELU curve follows alpha');
    assert.equal(Math.fround(Number(await page.locator('#param-elu-alpha-number').inputValue())), Math.fround(alpha), 'the number box follows the slider');
    assert.match(page.url(), /elu\.alpha=/);
    for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0, s.id);
    for (const s of await compareChartWithLab(page, 'df')) assert.equal(s.mismatches, 0, s.id);

    // Back restores the view before the drag.
    await page.goBack();
    await page.waitForFunction(() => window.__actlab.state()['elu.alpha'] === 1);
    await page.waitForFunction(() => Math.abs(window.__actlab.charts.f.data.datasets.find((d) => d.actlabId === 'elu').data[0].y + 1) < 0.01);
    assertClean(problems);
    await page.close();
  });

  test('xielu has a control for each of its three parameters, each driving the curves and the URL; rrelu keeps lower <= upper', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=xielu,rrelu`, suite.server.origin);
    for (const name of ['alpha_p', 'alpha_n', 'beta']) {
      assert.equal(await page.locator(`#param-xielu-${name}-slider`).count(), 1, name);
      assert.equal(await page.locator(`#param-xielu-${name}-number`).count(), 1, name);
    }
    const values = { alpha_p: 1.5, alpha_n: 2, beta: 0.25 };
    for (const [name, value] of Object.entries(values)) {
      const number = page.locator(`#param-xielu-${name}-number`);
      await number.fill(String(value));
      await number.press('Enter');
      await page.waitForFunction(([key, v]) => window.__actlab.state()[key] === v, [`xielu.${name}`, value]);
    }
    await page.waitForFunction(() => ['alpha_p=1.5', 'alpha_n=2', 'beta=0.25'].every((kv) => location.search.includes(`xielu.${kv}`)));
    for (const which of ['f', 'df']) for (const s of await compareChartWithLab(page, which)) assert.equal(s.mismatches, 0, `${which} ${s.id}`);
    const lower = page.locator('#param-rrelu-lower-number');
    await lower.fill('0.5');
    await lower.press('Enter');
    assert.match(await page.locator('#param-rrelu-lower-error').textContent(), /rrelu: lower = 0\.5 must not exceed upper = 0\.333333343/);
    assert.equal((await viewSummary(page)).state['rrelu.lower'], 0.125);
    assertClean(problems);
    await page.close();
  });

  test('an out-of-range typed parameter is refused next to its control and the page keeps working', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=elu,hardtanh`, suite.server.origin);
    const number = page.locator('#param-elu-alpha-number');
    await number.fill('11');
    await number.press('Enter');
    const error = page.locator('#param-elu-alpha-error');
    await assert.doesNotReject(error.waitFor({ state: 'visible' }));
    assert.match(await error.textContent(), /alpha = 11 is outside the allowed range \[0, 10\]/);
    assert.equal(await number.getAttribute('aria-invalid'), 'true');
    assert.equal((await viewSummary(page)).state['elu.alpha'], 1);
    // hardtanh: min_val above max_val is refused with the API's message.
    const minVal = page.locator('#param-hardtanh-min_val-number');
    await minVal.fill('5');
    await minVal.press('Enter');
    assert.match(await page.locator('#param-hardtanh-min_val-error').textContent(), /must not exceed max_val/);
    // A good value is then accepted and clears the message.
    await number.fill('2.5');
    await number.press('Enter');
    await page.waitForFunction(() => window.__actlab.state()['elu.alpha'] === 2.5);
    assert.equal(await error.textContent(), '');
    for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0, s.id);
    assertClean(problems);
    await page.close();
  });

  test('a URL restores exactly its view, and back/forward move between views', async () => {
    const query = '?lang=zh&fn=swish,elu,hardtanh,tanh&hide=tanh&x0=-3&x1=4&y0=-2&y1=5&dy0=-1&dy1=2&ly0=1e-9&ly1=10&f=1&df=1&log=1'
      + '&swish.beta=2.5&elu.alpha=0.5&hardtanh.min_val=-2&hardtanh.max_val=0.5';
    const { page, problems } = await openExplorer(suite.browser.context, suite.server.url + query, suite.server.origin);
    const view = await viewSummary(page);
    assert.equal(view.notesShown, false, view.notesText);
    assert.deepEqual(view.state.fn, ['swish', 'elu', 'hardtanh', 'tanh']);
    assert.deepEqual(view.state.hide, ['tanh']);
    assert.deepEqual(view.checked.sort(), ['elu', 'hardtanh', 'swish', 'tanh']);
    assert.deepEqual(view.f.ids, ['swish', 'elu', 'hardtanh']);
    assert.deepEqual(view.f.x, [-3, 4]);
    assert.deepEqual(view.f.y, [-2, 5]);
    assert.deepEqual(view.df.y, [1e-9, 10]);
    assert.equal(view.df.type, 'logarithmic');
    assert.equal(view.state['swish.beta'], 2.5);
    assert.equal(view.state['elu.alpha'], 0.5);
    assert.equal(view.state['hardtanh.min_val'], -2);
    assert.equal(await page.locator('#param-swish-beta-number').inputValue(), '2.5');
    assert.equal(await page.locator('#log-df').isChecked(), true);
    assert.equal(view.lang, 'zh-Hans');
    assert.equal(view.heading, '激活函数浏览器');
    assert.equal(await page.locator('#language').inputValue(), 'zh');
    const written = new URL(page.url()).searchParams;
    for (const [key, value] of new URLSearchParams(query)) {
      assert.equal(written.get(key), value, `the address bar keeps ${key}`);
    }
    for (const s of await compareChartWithLab(page, 'df')) assert.equal(s.mismatches, 0, s.id);

    // The same view in a fresh page from the address bar's URL.
    const again = await openExplorer(suite.browser.context, page.url(), suite.server.origin);
    assert.deepEqual((await viewSummary(again.page)).state, view.state);
    await again.page.close();

    // Change the language and the f' chart, then go back twice and forward once.
    await page.locator('#language').selectOption('en');
    await page.locator('#show-df').uncheck();
    await page.waitForFunction(() => document.getElementById('plot-df').hidden);
    assert.equal((await viewSummary(page)).heading, 'Activation function explorer');
    await page.goBack();
    await page.waitForFunction(() => !document.getElementById('plot-df').hidden);
    await page.goBack();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.deepEqual((await viewSummary(page)).state, view.state);
    await page.goForward();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assertClean(problems);
    await page.close();
  });

  test('bad URL values are corrected with a visible note and no error', async () => {
    const query = '?fn=sigmoid,foo,<b>x</b>,relu&x0=5&x1=-5&y0=NaN&y1=1e300&dy0=Infinity&ly0=-3&log=maybe'
      + '&elu.alpha=99&hardtanh.min_val=5&hardtanh.max_val=2&zzz=1&lang=xx&f=%ZZ';
    const page = await suite.browser.context.newPage();
    const problems = watchPage(page, suite.server.origin);
    await page.goto(suite.server.url + query);
    await page.waitForFunction(() => window.__actlab?.timings.length > 0);
    const view = await viewSummary(page);
    assert.equal(view.notesShown, true);
    assert.deepEqual(view.state.fn, ['sigmoid', 'relu']);
    assert.deepEqual([view.state.x0, view.state.x1], [-5, 5]);
    assert.equal(view.state.y0, -1.5);
    assert.equal(view.state.y1, 3, 'a huge range falls back to the default view');
    assert.equal(view.state.dy0, -0.25);
    assert.equal(view.state.ly0 > 0, true);
    assert.equal(view.state.log, false);
    assert.equal(view.state['elu.alpha'], 10);
    assert.deepEqual([view.state['hardtanh.min_val'], view.state['hardtanh.max_val']], [-1, 1]);
    assert.equal(view.state.lang, 'en');
    for (const expected of ['“foo”', '“<b>x</b>”', 'x0 and x1', 'y0: “NaN”', 'y1: 1e300', 'zzz', 'elu.alpha', 'Hard tanh', 'lang']) {
      assert.ok(view.notesText.includes(expected), `note mentions ${expected}: ${view.notesText}`);
    }
    assert.equal(await page.locator('#notes b').count(), 0, 'URL text is never inserted as HTML');
    for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0, s.id);
    assert.doesNotMatch(page.url(), /foo|zzz/, 'the corrected URL replaces the bad one');
    await page.screenshot({ path: `${SHOTS}bad-url-notes.png` });
    assertClean(problems);
    await page.close();
  });

  test('wheel zoom, drag pan, and the keyboard read-out with its live announcement', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, suite.server.url, suite.server.origin);
    const canvas = page.locator('#chart-f');
    const box = await canvas.boundingBox();
    const area = await page.evaluate(() => ({ ...window.__actlab.charts.f.chartArea }));
    // Wheel at the plot's centre (x = 0): zooming in keeps 0 in the middle.
    const cx = box.x + (area.left + area.right) / 2;
    const cy = box.y + (area.top + area.bottom) / 2;
    await page.mouse.move(cx, cy);
    let before = await updateCount(page);
    await page.mouse.wheel(0, -200);
    await waitForUpdates(page, before);
    let view = await viewSummary(page);
    assert.ok(view.state.x1 - view.state.x0 < 12, `zoomed in: ${view.state.x0}..${view.state.x1}`);
    assert.ok(Math.abs(view.state.x0 + view.state.x1) < 0.05, 'zoom centred on the cursor');
    const samples = await compareChartWithLab(page, 'f');
    assert.equal(samples[0].first, Math.fround(view.state.x0));
    assert.ok(samples[0].n >= samples[0].plotWidth, 'resampled at one sample per pixel after zoom');
    // Drag right by 100 px: the window moves left.
    const span = view.state.x1 - view.state.x0;
    before = await updateCount(page);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 50, cy, { steps: 5 });
    await page.mouse.move(cx + 100, cy, { steps: 5 });
    await page.mouse.up();
    await waitForUpdates(page, before);
    const panned = await viewSummary(page);
    const expectedShift = (-100 / (area.right - area.left)) * span;
    assert.ok(Math.abs(panned.state.x0 - view.state.x0 - expectedShift) < 0.02 * span, `pan by ${panned.state.x0 - view.state.x0}, expected ${expectedShift}`);
    assert.equal(Number(await page.locator('#range-x0').inputValue()).toPrecision(4), panned.state.x0.toPrecision(4));

    // Keyboard: focus the chart, Home, then a few steps right.
    await page.locator('#plot-f').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction(() => document.getElementById('announcer').textContent.includes('Sigmoid'));
    const readout = await page.evaluate(() => {
      const x = Number(document.getElementById('readout-x').textContent.replace('x = ', '').replace('−', '-'));
      const cells = [...document.querySelectorAll('#readout-table tbody tr')].map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[2].textContent]);
      const { lab } = window.__actlab;
      const at = new Float32Array([x]);
      const sig = [lab.activate('sigmoid', at)[0], lab.derivative('sigmoid', at)[0]];
      return { x, cells, sig, spoken: document.getElementById('announcer').textContent };
    });
    assert.equal(readout.cells.length, 4);
    assert.equal(readout.cells[0][0], 'Sigmoid');
    assert.ok(Math.abs(Number(readout.cells[0][1]) - readout.sig[0]) <= 1e-6 * Math.abs(readout.sig[0]), `${readout.cells[0][1]} vs ${readout.sig[0]}`);
    assert.match(readout.spoken, /^x = .*Sigmoid: f = .*derivative = /);
    await page.keyboard.press('End');
    await page.waitForFunction((x1) => document.getElementById('readout-x').textContent.includes(String(Number(Math.fround(x1).toPrecision(7))).replace('-', '−')), panned.state.x1);

    // Reset view.
    await page.locator('#reset-view').click();
    await page.waitForFunction(() => window.__actlab.state().x0 === -6);
    assertClean(problems);
    await page.close();
  });

  test('axe-core finds no accessibility violation, in light and dark', async () => {
    const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    for (const colorScheme of ['light', 'dark']) {
      const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=sigmoid,elu,hardtanh,swish`, suite.server.origin);
      await page.emulateMedia({ colorScheme });
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () =>
        (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(violations, [], colorScheme);
      assertClean(problems);
      await page.close();
    }
  });

  test('a failed wasm load shows what failed and what to do', async () => {
    const page = await suite.browser.context.newPage();
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(suite.server.url);
    const error = page.locator('#load-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), /could not be loaded.*Reload the page.*application\/wasm/s);
    assert.ok(await page.locator('#status').isHidden());
    await page.screenshot({ path: `${SHOTS}load-failed.png` });
    await page.close();
  });

  test('screenshots at desktop and phone widths', async () => {
    const views = [
      { name: 'desktop', viewport: { width: 1280, height: 800 }, query: '?fn=sigmoid,tanh,relu,gelu,elu,leaky_relu&leaky_relu.negative_slope=0.1' },
      { name: 'phone', viewport: { width: 390, height: 844 }, query: '' },
      { name: 'desktop-log-zh', viewport: { width: 1280, height: 800 }, query: '?lang=zh&fn=sigmoid,tanh,relu,silu&x0=-25&x1=25&log=1' },
      { name: 'desktop-dark', viewport: { width: 1280, height: 800 }, query: '?fn=sigmoid,tanh,relu,gelu,swish,mish&swish.beta=2', dark: true },
    ];
    for (const v of views) {
      const page = await suite.browser.context.newPage();
      await page.setViewportSize(v.viewport);
      if (v.dark) await page.emulateMedia({ colorScheme: 'dark' });
      const problems = watchPage(page, suite.server.origin);
      await page.goto(suite.server.url + v.query);
      await page.waitForFunction(() => window.__actlab?.timings.length > 0);
      // Hover the f chart a little right of centre so the read-out shows.
      const box = await page.locator('#chart-f').boundingBox();
      await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.5);
      await page.waitForFunction(() => !document.getElementById('readout-table').hidden);
      await page.screenshot({ path: `${SHOTS}${v.name}.png`, fullPage: true });
      assertClean(problems);
      for (const s of await compareChartWithLab(page, 'f')) assert.ok(s.n >= s.plotWidth, `${v.name}: ${s.id} samples`);
      await page.close();
    }
  });
});
