// End-to-end tests of the explorer's panels beyond the curves: function
// details (formulas, measured properties, code), export, identities,
// softmax, maxout, and accuracy & speed. dist/ served under a sub-path,
// driven in Debian's Chromium through playwright-core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { DIST } from './static-server.mjs';
import { openExplorer } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';

const suite = useServerAndBrowser();

// The numbers in a text (typographic minus accepted).
function numbers(text) {
  return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
}

// Scrolls the details panel into view and waits until every card is measured.
async function measuredCards(page, count) {
  await page.locator('#details').scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => document.querySelectorAll('#details-cards dl.props[aria-busy="false"]').length === n, count, { timeout: 20000 });
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#details-cards .fn-card')].map((card) => [
    card.dataset.id,
    Object.fromEntries([...card.querySelectorAll('.prop')].map((row) => [row.querySelector('dt').textContent, row.querySelector('dd').textContent])),
  ])));
}

describe('function details', () => {
  test('KaTeX, its CSS and fonts stay out of the first view’s bundle', () => {
    const html = readFileSync(`${DIST}index.html`, 'utf8');
    const linked = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map((m) => m[1]);
    assert.ok(linked.some((name) => /^main-[\w-]+\.js$/.test(name)), `entry script among ${linked}`);
    for (const name of linked.filter((n) => /\.(js|css)$/.test(n))) {
      const code = readFileSync(`${DIST}assets/${name}`, 'utf8');
      assert.doesNotMatch(code, /KaTeX parse error|KaTeX_Main/, `${name} holds no KaTeX`);
    }
    const assets = readdirSync(`${DIST}assets`);
    assert.ok(assets.some((name) => /^details-panel-[\w-]+\.js$/.test(name)), 'the details panel is its own chunk');
    assert.ok(assets.some((name) => /^details-panel-[\w-]+\.css$/.test(name)), 'with its own CSS (KaTeX)');
    assert.ok(assets.some((name) => /^KaTeX_Main-Regular-[\w-]+\.woff2$/.test(name)), 'KaTeX fonts are bundled');
    assert.ok(!assets.some((name) => /\.(woff|ttf)$/.test(name)), 'woff2 only');
  });

  test('formulas render with KaTeX (HTML with its fonts, MathML for screen readers) and the properties are measured from the kernels', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?fn=sigmoid,silu,tanh,relu,elu`, suite.server.origin);
    const cards = await measuredCards(page, 5);
    await page.evaluate(() => document.fonts.ready);
    const maths = await page.evaluate(() => [...document.querySelectorAll('#details-cards .math .katex')].map((k) => ({
      ns: k.querySelector('math')?.namespaceURI,
      tex: k.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? '',
      width: k.querySelector('.katex-html').getBoundingClientRect().width,
      hidden: k.querySelector('.katex-html').getAttribute('aria-hidden'),
    })));
    assert.ok(maths.length >= 10, `${maths.length} formulas`);
    for (const m of maths) {
      assert.equal(m.ns, 'http://www.w3.org/1998/Math/MathML');
      assert.ok(m.width > 20, `formula drawn: ${m.tex}`);
      assert.equal(m.hidden, 'true', 'screen readers read the MathML, not the HTML');
    }
    assert.ok(maths.some((m) => m.tex.includes('\\sigma(x) = \\frac{1}{1 + e^{-x}}')));
    assert.ok(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), 'KaTeX fonts loaded');
    // The brace of a piecewise formula stretches over both cases.
    const brace = await page.evaluate(() => {
      const f = document.querySelector('.fn-card[data-id="elu"] .math-f .katex-html');
      return { brace: f.querySelector('.delimsizing')?.getBoundingClientRect().height ?? 0, line: f.querySelector('.mord').getBoundingClientRect().height };
    });
    assert.ok(brace.brace > 2 * brace.line, `ELU brace ${brace.brace} px for ${brace.line} px text`);
    await page.locator('.fn-card[data-id="elu"] .formulas').screenshot({ path: `${SHOTS}formula-elu.png` });

    assert.equal(cards.sigmoid['Largest |f′|'], '0.25 at x = 0');
    assert.equal(cards.tanh['Largest |f′|'], '1 at x = 0');
    assert.equal(cards.sigmoid['Output range'].split(';')[0], '(0, 1)');
    assert.match(cards.sigmoid['Zero-centred'], /^no: mean output 0\.5 /);
    assert.match(cards.tanh['Zero-centred'], /^yes/);
    assert.match(cards.sigmoid['Saturated (|f′| < 1e-3)'], /^x < −6\.906; x > 6\.906$/);
    const [minValue, minX] = numbers(cards.silu['Minimum of f']);
    assert.ok(Math.abs(minValue + 0.27846) < 1e-4, `SiLU minimum ${minValue}`);
    assert.ok(Math.abs(minX + 1.27846) < 1e-3, `SiLU argmin ${minX}`);
    assert.equal(cards.silu.Monotonic, 'no: f′ changes sign');
    assert.equal(cards.relu['Output range'], '[0, +∞)');
    assert.equal(cards.relu['Dead (f′ = 0 exactly)'], 'x ≤ 0');
    assert.match(cards.relu['Smooth at 0'], /kink: f′\(0⁻\) = 0, f′\(0⁺\) = 1/);
    assert.match(cards.elu['Smooth at 0'], /^f′ is continuous/);
    assert.equal(cards.sigmoid['Minimum of f'], undefined, 'monotonic functions have no minimum row');

    // A new parameter is measured again: ELU with alpha 0.5 has a kink at 0.
    await page.locator('#param-elu-alpha-number').fill('0.5');
    await page.locator('#param-elu-alpha-number').press('Enter');
    await page.waitForFunction(() => /kink/.test(document.querySelector('.fn-card[data-id="elu"] .props')?.textContent ?? ''));
    assert.match(await page.locator('.fn-card[data-id="elu"] .props').textContent(), /\(−0\.5, \+∞\)/);

    // Copy as code: PyTorch and NumPy with the current parameter.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.origin });
    const card = page.locator('.fn-card[data-id="elu"]');
    await card.locator('summary').click();
    await card.locator('button.copy-code[data-kind="torch"]').click();
    await page.waitForFunction(() => document.querySelector('.fn-card[data-id="elu"] .copy-status')?.textContent !== '');
    const torch = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(torch, /F\.elu\(x, alpha=0\.5\)/);
    assert.match(torch, /torch\.autograd\.grad/);
    const numpy = await card.locator('pre.code').nth(1).textContent();
    assert.match(numpy, /def elu\(x\):\n {4}return np\.where\(x > 0, x, 0\.5 \* np\.expm1/);
    assert.match(numpy, /def elu_grad\(x\):/);
    const silu = await page.locator('.fn-card[data-id="silu"] pre.code').first().textContent();
    assert.match(silu, /y = F\.silu\(x\)/);
    assertClean(problems);
    await page.close();
  });

  test('the details panel speaks Chinese', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, `${suite.server.url}?lang=zh&fn=gelu`, suite.server.origin);
    const cards = await measuredCards(page, 1);
    assert.match(cards.gelu['f 的最小值'], /^−0\.16997，位于 x = −0\.751[78]/);
    assert.match(await page.locator('.fn-card[data-id="gelu"] .pros').textContent(), /优点/);
    assertClean(problems);
    await page.close();
  });
});

describe('export', () => {
  test('CSV export holds exactly the plotted data; PNG export is an image of the charts', async () => {
    const url = `${suite.server.url}?fn=sigmoid,elu,relu,softplus&elu.alpha=0.5&x0=-100&x1=100&y0=-2&y1=5`;
    const { page, problems } = await openExplorer(suite.browser.context, url, suite.server.origin);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    assert.equal(csvDownload.suggestedFilename(), 'actlab-curves.csv');
    const csv = readFileSync(await csvDownload.path(), 'utf8').trimEnd().split('\n');
    assert.equal(csv[0], "x,sigmoid,sigmoid',elu(alpha=0.5),elu(alpha=0.5)',relu,relu',softplus(beta=1;threshold=20),softplus(beta=1;threshold=20)'");
    const charts = await page.evaluate(() => {
      const { charts } = window.__actlab;
      const pick = (c) => c.data.datasets.map((d) => d.data.map((p) => [p.x, p.y]));
      return { f: pick(charts.f), df: pick(charts.df) };
    });
    const rows = csv.slice(1).map((line) => line.split(','));
    assert.equal(rows.length, charts.f[0].length, 'one row per plotted sample');
    let compared = 0;
    rows.forEach((cells, i) => {
      const values = cells.map(Number);
      for (const cell of cells) assert.match(cell, /^(-?\d+(\.\d+)?(e[+-]?\d+)?|NaN|-?Infinity)$/);
      assert.equal(Math.fround(values[0]), charts.f[0][i][0], `x of row ${i}`);
      assert.ok(cells[0].length <= 12, 'shortest float32 text');
      for (let s = 0; s < 4; s++) {
        const [f, df] = [values[1 + 2 * s], values[2 + 2 * s]];
        assert.equal(Math.fround(f), charts.f[s][i][1], `f of series ${s} at row ${i}`);
        assert.equal(Math.fround(df), charts.df[s][i][1], `f' of series ${s} at row ${i}`);
        compared += 2;
      }
    });
    assert.ok(compared > 2000);
    assert.match(await page.locator('#export-status').textContent(), /rows/);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()]);
    const png = readFileSync(await pngDownload.path());
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    const chartBox = await page.locator('#chart-f').boundingBox();
    assert.ok(Math.abs(width - chartBox.width) <= 2, `PNG width ${width} vs chart ${chartBox.width}`);
    assert.ok(height > 2 * chartBox.height, `PNG height ${height}: both charts`);
    assertClean(problems);
    await page.close();
  });
});

// Opens url and waits until view `name` has drawn at least once.
async function openView(url, name) {
  const page = await suite.browser.context.newPage();
  const { watchPage } = await import('./browser.mjs');
  const problems = watchPage(page, suite.server.origin);
  await page.goto(url);
  await page.waitForFunction((n) => window.__actlab?.viewUpdates()[n] > 0, name, { timeout: 20000 });
  return { page, problems };
}

describe('identities', () => {
  test('residuals are within a few ULP except where cancellation must show', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=identities&x0=-20&x1=20`, 'identities');
    assert.equal(await page.locator('#tab-identities').getAttribute('aria-selected'), 'true');
    assert.ok(await page.locator('#panel-curves').isHidden());
    const results = await page.evaluate(() => window.__actlab.view('identities').results());
    const maxAbs = (id, pred = () => true) => results[id].values.reduce((m, v, i) => (pred(results[id].xs[i]) && Math.abs(v) > m ? Math.abs(v) : m), 0);
    for (const id of ['softplus_sigmoid', 'silu_product', 'selu_elu']) assert.ok(maxAbs(id) <= 4, `${id}: ${maxAbs(id)} ULP`);
    // 1 − σ(x) loses every digit for large x, but not for x < 0.
    assert.ok(maxAbs('sigmoid_mirror', (x) => x > 17) > 1e6, 'σ(−x) vs 1 − σ(x) for x > 17');
    assert.ok(maxAbs('sigmoid_mirror', (x) => x < 0) <= 4);
    // ½ + ½ tanh(x/2) loses σ(x) for x ≪ 0, fine for x > 0.
    assert.ok(maxAbs('sigmoid_tanh', (x) => x < -17) > 1e6);
    assert.ok(maxAbs('sigmoid_tanh', (x) => x > 0) <= 4);
    assert.ok(maxAbs('tanh_sigmoid', (x) => Math.abs(x) > 2) <= 8);
    const gap = maxAbs('gelu_tanh');
    assert.ok(gap > 1e-4 && gap < 1e-3, `GELU_tanh − GELU max gap ${gap}`);
    assert.match(await page.locator('.summary[data-id="gelu_tanh"]').textContent(), /Largest \|gap\|: 0\.000473 at x = /);
    assert.equal(await page.locator('.identity-card:not([data-id^="yours"]) canvas').count(), 7);
    // Your function (Snake, the default formula) spells no catalogue function: one card says so, without a chart.
    assert.match(await page.locator('.identity-card[data-id="yours_f"] h3').textContent(), /no catalogue function/);
    assert.ok(await page.locator('.identity-card[data-id="yours_f"] canvas').isHidden());
    assert.ok(await page.locator('.identity-card[data-id="yours_df"]').isHidden());

    // Zoomed in on 0, tanh(x) vs 2σ(2x) − 1 shows the cancellation.
    await page.locator('#range-x0').fill('-0.005');
    await page.locator('#range-x1').fill('0.005');
    await page.locator('#range-x1').press('Enter');
    await page.waitForFunction(() => window.__actlab.state().x1 === 0.005);
    await page.waitForFunction(() => window.__actlab.view('identities').results().tanh_sigmoid.xs[0] === Math.fround(-0.005));
    const zoomed = await page.evaluate(() => window.__actlab.view('identities').results().tanh_sigmoid);
    assert.ok(Math.max(...zoomed.values.map(Math.abs)) > 1000, 'cancellation near 0');
    assertClean(problems);
    await page.close();
  });
});

describe('softmax and maxout', () => {
  test('softmax bars sum to 1, follow the temperature, and the Jacobian heatmap is drawn', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=softmax&softmax=3,1,0.2,-1&temp=1`, 'softmax');
    let data = await page.evaluate(() => window.__actlab.view('softmax').data());
    const sum = data.s.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-6, `Σ s = ${sum}`);
    assert.ok(data.s[0] > data.s[1] && data.s[1] > data.s[2] && data.s[2] > data.s[3]);
    // The Jacobian is diag(s) − s sᵀ: check against s.
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      const expected = (i === j ? data.s[i] : 0) - data.s[i] * data.s[j];
      assert.ok(Math.abs(data.jacobian[i][j] - expected) < 1e-6, `J[${i}][${j}]`);
    }
    const heat = await page.evaluate(() => {
      const c = document.getElementById('softmax-jacobian');
      const ctx = c.getContext('2d');
      const px = ctx.getImageData(Math.floor(c.width * 0.05), Math.floor(c.height * 0.05), 1, 1).data;
      return { w: c.width, h: c.height, px: [...px], label: c.getAttribute('aria-label') };
    });
    assert.ok(heat.w > 100 && heat.h > 100, 'heatmap drawn');
    assert.ok(heat.px[0] > heat.px[2], `J[0][0] > 0 is drawn orange: ${heat.px}`);
    assert.match(heat.label, /4 × 4/);
    assert.match(await page.locator('#softmax-sum').textContent(), /Σ sᵢ = 1\.0000000/);
    // The bars are the chart's data.
    const bars = await page.evaluate(() => [...document.querySelectorAll('#softmax-table tbody tr')].map((tr) => Number(tr.cells[3].textContent.replace('−', '-'))));
    bars.forEach((v, i) => assert.ok(Math.abs(v - data.s[i]) < 1e-6));

    // Add an entry, type a value, lower the temperature: the URL and the bars follow.
    await page.locator('#softmax-entry-add').click();
    await page.waitForFunction(() => window.__actlab.state().softmax.length === 5);
    await page.locator('#softmax-entry-4-z').fill('5');
    await page.locator('#softmax-entry-4-z').press('Enter');
    await page.locator('#softmax-temp-number').fill('0.1');
    await page.locator('#softmax-temp-number').press('Enter');
    await page.waitForFunction(() => window.__actlab.view('softmax').data().T === 0.1);
    data = await page.evaluate(() => window.__actlab.view('softmax').data());
    assert.deepEqual(data.z, [3, 1, 0.2, -1, 5]);
    assert.ok(data.s[4] > 0.999, 'a low temperature picks the largest entry');
    assert.match(page.url(), /softmax=3,1,0\.2,-1,5&temp=0\.1/);
    // A value outside the limits is refused next to the control.
    await page.locator('#softmax-entry-0-z').fill('1e9');
    await page.locator('#softmax-entry-0-z').press('Enter');
    assert.match(await page.locator('#softmax-entry-error').textContent(), /Refused “1e9”/);
    assert.equal(await page.locator('#softmax-entry-0-z').getAttribute('aria-invalid'), 'true');
    // Remove an entry from the keyboard.
    await page.getByRole('button', { name: 'Remove z₂' }).press('Enter');
    await page.waitForFunction(() => window.__actlab.state().softmax.length === 4);
    assertClean(problems);
    await page.close();
  });

  test('bad softmax, temperature and maxout values in the URL are corrected with notes', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=softmax&softmax=1,x,900&temp=0&maxout=1:0,2`, 'softmax');
    const state = await page.evaluate(() => window.__actlab.state());
    assert.deepEqual(state.softmax, [1, 50]);
    assert.equal(state.temp, 0.05);
    assert.deepEqual(state.maxout, [[1, 0]]);
    const notes = await page.locator('#notes').textContent();
    for (const expected of ['“x”', '“900”', 'temp', '“2”']) assert.ok(notes.includes(expected), `note mentions ${expected}: ${notes}`);
    assertClean(problems);
    await page.close();
  });

  test('the maxout envelope equals the largest piece at every x', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=maxout&maxout=1:0,-1:0,0.25:1`, 'maxout');
    const check = async (k) => {
      const data = await page.evaluate(() => window.__actlab.view('maxout').data());
      const pieces = data.datasets.filter((d) => d.role === 'piece');
      const envelope = data.datasets.find((d) => d.role === 'envelope');
      assert.equal(pieces.length, k);
      envelope.ys.forEach((y, i) => assert.equal(y, Math.max(...pieces.map((p) => p.ys[i])), `x = ${data.xs[i]}`));
      return data;
    };
    const data = await check(3);
    assert.equal(data.envelope[data.xs.indexOf(0)], 1, 'at x = 0 the piece 0.25x + 1 is on top');
    await page.locator('#maxout-piece-add').click();
    await page.waitForFunction(() => window.__actlab.state().maxout.length === 4);
    await page.locator('#maxout-piece-3-w').fill('3');
    await page.locator('#maxout-piece-3-w').press('Tab');
    await page.waitForFunction(() => window.__actlab.state().maxout[3][0] === 3);
    await check(4);
    assert.match(page.url(), /maxout=1:0,-1:0,0\.25:1,3:-1/);
    assertClean(problems);
    await page.close();
  });
});

describe('accuracy and speed', () => {
  test('the naive JS sigmoid derivative loses its digits while the kernels stay within a few ULP', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=accuracy&fn=sigmoid,elu&acc=sigmoid&x0=-40&x1=40`, 'accuracy');
    await page.waitForFunction(() => window.__actlab.view('accuracy').data().df.errors.scalar !== null, null, { timeout: 20000 });
    const data = await page.evaluate(() => window.__actlab.view('accuracy').data());
    const max = (list, pred = () => true) => list.reduce((m, v, i) => (pred(data.df.xs[i]) ? Math.max(m, Math.abs(v)) : m), 0);
    assert.ok(data.df.worst.simd.value <= 4, `SIMD σ′ ${data.df.worst.simd.value} ULP`);
    assert.equal(data.df.worst.scalar.value, data.df.worst.simd.value, 'scalar and SIMD give the same bits');
    assert.ok(max(data.df.errors.js64, (x) => x > 38) > 1e6, 'double 1 − σ: every digit lost beyond x ≈ 37');
    assert.ok(max(data.df.errors.js32, (x) => x > 6 && x < 17) > 100, 'float32 1 − σ blows up already before x = 17');
    assert.ok(max(data.df.errors.js64, (x) => Math.abs(x) < 5) <= 1, 'double naive formula is fine near 0');
    assert.ok(data.f.worst.simd.value <= 3);
    const rows = await page.locator('#accuracy-table tbody tr').count();
    assert.equal(rows, 4, 'sigmoid and ELU, f and f′');
    const eluRow = (await page.locator('#accuracy-table tr[data-id="elu"][data-kind="f"] td').allTextContents()).map(Number);
    assert.ok(eluRow[3] > eluRow[0], `exp(x) − 1 in float32 is worse than the kernel's expm1: ${eluRow}`);

    // The speed test reports Melem/s for each build without freezing the page.
    await page.locator('#measure-speed').click();
    let ticks = 0;
    while (!(await page.evaluate(() => window.__actlab.view('accuracy').speed()))) {
      ticks += await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(1))));
      if (ticks > 2000) break;
    }
    const speed = await page.evaluate(() => window.__actlab.view('accuracy').speed());
    assert.equal(speed.length, 4);
    for (const row of speed) for (const name of ['simd', 'scalar', 'js']) assert.ok(row[name] > 1, `${row.id} ${row.kind} ${name}: ${row[name]} Melem/s`);
    assert.ok(ticks > 10, `the page kept drawing frames while measuring (${ticks})`);
    assert.match(await page.locator('#speed-status').textContent(), /Done/);
    assertClean(problems);
    await page.close();
  });
});

const VIEW_URLS = {
  curves: '?fn=sigmoid,silu,relu,elu',
  gradients: '?view=gradients&fn=sigmoid,silu,relu,elu&gdepth=6',
  training: '?view=training&fn=sigmoid,relu&tdata=moons',
  identities: '?view=identities&x0=-20&x1=20',
  softmax: '?view=softmax',
  maxout: '?view=maxout',
  gated: '?view=gated',
  accuracy: '?view=accuracy&fn=sigmoid,tanh,elu,gelu&x0=-10&x1=10',
};

// Waits until view name is drawn (and, for the curves, the details are measured).
async function settle(page, name) {
  if (name === 'curves') {
    await page.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
    await page.locator('#details').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('#details-cards dl.props[aria-busy="false"]').length === 4, null, { timeout: 20000 });
  } else {
    await page.waitForFunction((n) => window.__actlab?.viewUpdates()[n] > 0, name, { timeout: 20000 });
  }
  if (name === 'accuracy') await page.waitForFunction(() => window.__actlab.view('accuracy').data().f.errors.scalar !== null);
  if (name === 'gradients') await page.waitForFunction(() => window.__actlab.view('gradients')?.last(), null, { timeout: 20000 });
  if (name === 'training') await page.waitForFunction(() => window.__actlab.view('training')?.data().runs.every((r) => r.initial), null, { timeout: 20000 });
}

describe('every view', () => {
  test('the view tabs work from the keyboard and restore from the URL', async () => {
    const { page, problems } = await openExplorer(suite.browser.context, suite.server.url, suite.server.origin);
    await page.locator('#tab-curves').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.__actlab.state().view === 'gradients');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-gradients');
    assert.ok(await page.locator('#panel-gradients').isVisible());
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.__actlab.state().view === 'accuracy');
    assert.match(page.url(), /view=accuracy/);
    await page.goBack();
    await page.waitForFunction(() => window.__actlab.state().view === 'gradients');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => window.__actlab.state().view === 'curves');
    assert.doesNotMatch(page.url(), /view=/, 'the default view is not written');
    assert.ok(await page.locator('#plot-f').isVisible());
    assertClean(problems);
    await page.close();
  });

  test('axe-core finds no accessibility violation in any view, light and dark', async () => {
    const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    for (const [name, query] of Object.entries(VIEW_URLS)) {
      for (const colorScheme of ['light', 'dark']) {
        const page = await suite.browser.context.newPage();
        await page.emulateMedia({ colorScheme });
        await page.goto(suite.server.url + query);
        await settle(page, name);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () =>
          (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
        assert.deepEqual(violations, [], `${name} ${colorScheme}`);
        await page.close();
      }
    }
  });

  test('screenshots of every view at desktop and phone widths', async () => {
    const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
    const extra = [
      ['curves', 'desktop', 'zh-dark', `${VIEW_URLS.curves}&lang=zh`, true],
      ['softmax', 'desktop', 'dark', VIEW_URLS.softmax, true],
      ['accuracy', 'desktop', 'zh', `${VIEW_URLS.accuracy}&lang=zh`, false],
    ];
    const jobs = [];
    for (const [name, query] of Object.entries(VIEW_URLS)) for (const size of Object.keys(sizes)) jobs.push([name, size, '', query, false]);
    for (const [name, size, tag, query, dark] of [...jobs, ...extra]) {
      const page = await suite.browser.context.newPage();
      await page.setViewportSize(sizes[size]);
      if (dark) await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(suite.server.url + query);
      await settle(page, name);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(100);
      await page.screenshot({ path: `${SHOTS}view-${name}-${size}${tag ? `-${tag}` : ''}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name} ${size}: the page is ${overflow} px wider than the screen`);
      await page.close();
    }
  });
});
