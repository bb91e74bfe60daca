// End-to-end tests of the gated units view (GLU, ReGLU, GeGLU, SwiGLU) and of
// the softmax view's softmin switch: what is drawn and said equals the
// kernels' values at the shown points, the settings round-trip through the
// URL, bad URL values are named and replaced, and nothing overflows at
// desktop, 760 px and phone widths. dist/ served under a sub-path, driven in
// Debian's Chromium through playwright-core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';

const suite = useServerAndBrowser();

// The numbers in a text (typographic minus accepted).
function numbers(text) {
  return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
}

// Opens url in a new page and waits until view name has drawn.
async function openView(url, name, viewport) {
  const page = await suite.browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = watchPage(page, suite.server.origin);
  await page.goto(url);
  await page.waitForFunction((n) => window.__actlab?.viewUpdates()[n] > 0, name, { timeout: 20000 });
  return { page, problems };
}

// What the kernels give on the view's grid: the extremes of y, ∂y/∂a, ∂y/∂b over it, and y(2, 1), g(2).
function kernelTruth(page, id, range, n) {
  return page.evaluate(([id, range, n]) => {
    const { lab } = window.__actlab;
    const unit = lab.catalog.gatedUnits.find((u) => u.id === id);
    const as = new Float32Array(n);
    for (let j = 0; j < n; j++) as[j] = -range + (2 * range * j) / (n - 1);
    as[n - 1] = range;
    const a = new Float32Array(n * n);
    const b = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { a[i * n + j] = as[j]; b[i * n + j] = as[i]; }
    const y = lab.gated(id, a, b);
    const { dGate, dValue } = lab.gatedPartials(id, a, b);
    const ext = (v) => [Math.min(...v), Math.max(...v)];
    return {
      unit, y: ext(y), dGate: ext(dGate), dValue: ext(dValue), zeros: y.filter((v) => v === 0).length,
      yAt: lab.gated(id, [2], [1])[0], gAt: lab.activate(unit.gate, [2])[0],
    };
  }, [id, range, n]);
}

// Share of canvas pixels that are not transparent and not the background (white or the dark panel).
function inkedShare(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245)) inked++;
    return { share: inked / (data.length / 4), width: c.width, height: c.height };
  }, selector);
}

describe('gated units view', () => {
  test('SwiGLU: the heatmap and slices are drawn from the kernels, and the text’s numbers are the kernels’ values', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=gated`, 'gated');
    const data = await page.evaluate(() => window.__actlab.view('gated').data());
    assert.equal(data.unit, 'swiglu');
    assert.equal(data.range, 4);
    assert.equal(data.part, 'y');
    const heat = await inkedShare(page, '#gated-heatmap');
    assert.ok(heat.width > 200 && heat.height > 200, `heatmap ${heat.width} × ${heat.height}`);
    assert.ok(heat.share > 0.2, `heatmap has colour: ${heat.share}`);
    // The heatmap's corner (a, b) = (4, 4) is y > 0: orange; (4, −4) is y < 0: blue.
    const corners = await page.evaluate(() => {
      const c = document.getElementById('gated-heatmap');
      const { left, top, size } = window.__actlab.view('gated').data().heatLayout;
      const r = c.width / parseFloat(c.style.width);
      const at = (x, y) => [...c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data];
      return { topRight: at(left + size - 2, top + 2), bottomRight: at(left + size - 2, top + size - 2) };
    });
    assert.ok(corners.topRight[0] > corners.topRight[2], `y(4, 4) > 0 drawn orange: ${corners.topRight}`);
    assert.ok(corners.bottomRight[2] > corners.bottomRight[0], `y(4, −4) < 0 drawn blue: ${corners.bottomRight}`);

    // Every slice's points are lab.gated / lab.gatedPartials at the same (a, b).
    const mismatches = await page.evaluate(() => {
      const { lab } = window.__actlab;
      const d = window.__actlab.view('gated').data();
      const xs = Float32Array.from(d.xs);
      let bad = 0;
      for (const [chart, key] of [[d.y, 'y'], [d.d, 'dGate']]) {
        for (const ds of chart.datasets) {
          const bs = new Float32Array(xs.length).fill(ds.b);
          const truth = key === 'y' ? lab.gated('swiglu', xs, bs) : lab.gatedPartials('swiglu', xs, bs).dGate;
          ds.ys.forEach((v, i) => { if (!Object.is(v, truth[i])) bad++; });
        }
      }
      return { bad, counts: [d.y.datasets.length, d.d.datasets.length], n: xs.length };
    });
    assert.deepEqual(mismatches.counts, [4, 4]);
    assert.equal(mismatches.bad, 0, 'every drawn point is the kernel value');
    // b = 1 is the gate itself: the y slice at b = 1 is SiLU(a) from the elementwise kernel.
    const gateSlice = await page.evaluate(() => {
      const d = window.__actlab.view('gated').data();
      const silu = window.__actlab.lab.activate('silu', Float32Array.from(d.xs));
      return d.y.datasets.find((s) => s.b === 1).ys.every((v, i) => Object.is(v, silu[i]));
    });
    assert.ok(gateSlice, 'the b = 1 slice is SiLU(a), bit for bit');

    // The sentences' numbers are the kernels' values.
    const truth = await kernelTruth(page, 'swiglu', 4, data.n);
    const text = await page.locator('#gated-summary').textContent();
    const [first, second, third, fourth, fifth] = data.sentences;
    assert.ok(text.includes(first) && text.includes(fifth));
    const gateNumbers = numbers(first);
    assert.ok(gateNumbers.includes(Number(truth.yAt.toPrecision(7))), `${first} names y(2, 1) = ${truth.yAt}`);
    assert.ok(gateNumbers.includes(Number(truth.gAt.toPrecision(7))), `${first} names SiLU(2) = ${truth.gAt}`);
    assert.match(first, /the same float32/);
    const near = (shown, exact) => Math.abs(shown - exact) <= Math.abs(exact) * 1e-4 + 1e-9;
    const after = (sentence) => numbers(sentence.split('runs from')[1]);
    const [yLo, yHi] = after(second);
    assert.ok(near(yLo, truth.y[0]) && near(yHi, truth.y[1]), `${second} vs ${truth.y}`);
    const daNumbers = after(third);
    assert.ok(near(daNumbers[0], truth.dGate[0]), `${third} vs ${truth.dGate}`);
    assert.ok(daNumbers.some((v) => near(v, truth.dGate[1])), `${third} vs ${truth.dGate}`);
    const dbNumbers = after(fourth);
    assert.ok(near(dbNumbers[0], truth.dValue[0]) && near(dbNumbers[1], truth.dValue[1]), `${fourth} vs ${truth.dValue}`);
    assert.match(fourth, /does not depend on b/);
    assert.ok(numbers(fifth).includes(truth.zeros), `${fifth}: ${truth.zeros} zeros`);
    // The ULP bounds are the gated catalogue's.
    const ulp = await page.locator('#gated-ulp').textContent();
    for (const v of [truth.unit.forwardUlp, truth.unit.dGateUlp, truth.unit.dValueUlp]) assert.ok(numbers(ulp).includes(v), `${ulp} names ${v}`);
    assert.match(await page.locator('#gated-formula').textContent(), /SwiGLU\(a, b\) = SiLU\(a\) · b/);
    assert.match(await page.locator('#gated-sources').textContent(), /Shazeer 2020/);

    // The read-out follows the pointer on a slice chart and shows the kernels' values there.
    await page.locator('#gated-y-chart').scrollIntoViewIfNeeded();
    const box = await page.locator('#gated-y-chart').boundingBox();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.waitForFunction(() => window.__actlab.view('gated').data().cursor.a !== 2);
    const readout = await page.evaluate(() => {
      const { cursor, sliceBs } = window.__actlab.view('gated').data();
      const rows = [...document.querySelectorAll('#gated-readout-table tbody tr')].map((tr) => [...tr.cells].map((c) => Number(c.textContent.replace(/−/g, '-'))));
      const lab = window.__actlab.lab;
      const as = sliceBs.map(() => cursor.a);
      return { a: cursor.a, rows, y: [...lab.gated('swiglu', as, sliceBs)], ...lab.gatedPartials('swiglu', as, sliceBs), heading: document.getElementById('gated-readout-heading').textContent };
    });
    assert.equal(readout.rows.length, 4);
    readout.rows.forEach(([b, y, da, db], k) => {
      assert.ok(near(y, readout.y[k]) && near(da, readout.dGate[k]) && near(db, readout.dValue[k]), `read-out row b = ${b}`);
    });
    assert.ok(numbers(readout.heading).some((v) => near(v, readout.a)), readout.heading);
    // And on the heatmap: the values at that (a, b).
    await page.locator('#gated-heatmap').scrollIntoViewIfNeeded();
    const heatBox = await page.locator('#gated-heatmap').boundingBox();
    const layout = data.heatLayout;
    await page.mouse.move(heatBox.x + layout.left + layout.size * 0.75, heatBox.y + layout.top + layout.size * 0.25);
    await page.waitForFunction(() => window.__actlab.view('gated').data().heatPoint !== null);
    const point = await page.evaluate(() => {
      const p = window.__actlab.view('gated').data().heatPoint;
      return { p, y: window.__actlab.lab.gated('swiglu', [p.a], [p.b])[0], text: document.getElementById('gated-heat-readout').textContent };
    });
    assert.ok(Math.abs(point.p.a - 2) < 0.1 && Math.abs(point.p.b - 2) < 0.1, `pointer at (${point.p.a}, ${point.p.b})`);
    assert.equal(point.p.y, point.y);
    assert.ok(numbers(point.text).some((v) => near(v, point.y)), point.text);
    // Keys move the read-out.
    await page.locator('#gated-y-chart').evaluate((c) => c.closest('figure').focus());
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.__actlab.view('gated').data().cursor.a === 4);
    assertClean(problems);
    await page.close();
  });

  test('ReGLU: the closed gate is named from the kernels, and ∂y/∂b is one line for every b', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=gated&glu=reglu&glupart=dvalue&glurange=3`, 'gated');
    const data = await page.evaluate(() => window.__actlab.view('gated').data());
    assert.equal(data.d.datasets.length, 1, 'one line: ∂y/∂b = ReLU(a) for every b');
    assert.equal(data.d.title, '∂y/∂b');
    const closed = data.sentences.find((s) => /closed/.test(s));
    assert.ok(closed, data.sentences.join(' | '));
    const truth = await kernelTruth(page, 'reglu', 3, data.n);
    assert.equal(data.numbers.closed.length, (data.n + 1) / 2, 'ReLU(a) = 0 for a ≤ 0: half the grid and the middle');
    assert.ok(numbers(closed).includes(truth.zeros), `${closed}: ${truth.zeros}`);
    assert.equal(data.numbers.closed.at(-1), 0);
    assertClean(problems);
    await page.close();
  });

  test('the settings round-trip through the URL and the controls', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=gated&glu=geglu&glurange=6&glupart=dgate`, 'gated');
    assert.equal(await page.locator('#gated-unit').inputValue(), 'geglu');
    assert.equal(await page.locator('#gated-range').inputValue(), '6');
    assert.ok(await page.locator('#gated-part-dgate').isChecked());
    let data = await page.evaluate(() => window.__actlab.view('gated').data());
    assert.deepEqual([data.unit, data.range, data.part], ['geglu', 6, 'dgate']);
    assert.match(await page.locator('#gated-heat-caption').textContent(), /GeGLU: ∂y\/∂a over \[−6, 6\]²/);

    await page.locator('#gated-unit').selectOption('glu');
    await page.waitForFunction(() => window.__actlab.view('gated').data().unit === 'glu');
    await page.locator('#gated-part-dvalue').check();
    await page.waitForFunction(() => window.__actlab.view('gated').data().part === 'dvalue');
    await page.locator('#gated-range').fill('2.5');
    await page.locator('#gated-range').press('Enter');
    await page.waitForFunction(() => window.__actlab.view('gated').data().range === 2.5);
    assert.match(page.url(), /view=gated.*glu=glu&glurange=2\.5&glupart=dvalue/);
    // A refused range is named beside the box and changes nothing.
    await page.locator('#gated-range').fill('1');
    await page.locator('#gated-range').press('Enter');
    assert.match(await page.locator('#gated-range-error').textContent(), /Refused “1”: enter a number from 2 to 20/);
    assert.equal(await page.locator('#gated-range').getAttribute('aria-invalid'), 'true');
    assert.equal((await page.evaluate(() => window.__actlab.state())).glurange, 2.5);
    // Back in history, and a reload of the link, give the same view.
    await page.goBack();
    await page.waitForFunction(() => window.__actlab.state().glurange === 6);
    const url = page.url();
    await page.goto(url);
    await page.waitForFunction(() => window.__actlab?.viewUpdates().gated > 0);
    data = await page.evaluate(() => window.__actlab.view('gated').data());
    assert.deepEqual([data.unit, data.range, data.part], ['glu', 6, 'dvalue']);
    // The default settings are not written.
    await page.locator('#gated-unit').selectOption('swiglu');
    await page.locator('#gated-part-y').check();
    await page.waitForFunction(() => window.__actlab.state().glupart === 'y');
    assert.doesNotMatch(page.url(), /glu=|glupart=/);
    assertClean(problems);
    await page.close();
  });

  test('bad URL values are named in the notes and replaced, and the rest of the page keeps working', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=gated&glu=mystery&glurange=999&glupart=dz`, 'gated');
    const state = await page.evaluate(() => window.__actlab.state());
    assert.deepEqual([state.glu, state.glurange, state.glupart], ['swiglu', 20, 'y']);
    const notes = await page.locator('#notes').textContent();
    for (const expected of ['glu: “mystery” is not valid, used swiglu', 'glurange: 999 is outside [2, 20], used 20', 'glupart: “dz” is not valid, used y']) {
      assert.ok(notes.includes(expected), `note “${expected}” in: ${notes}`);
    }
    assert.match((await page.evaluate(() => window.__actlab.view('gated').data())).sentences[1], /\[−20, 20\]²/);
    await page.locator('#tab-softmax').click();
    await page.waitForFunction(() => window.__actlab.viewUpdates().softmax > 0);
    await page.locator('#tab-curves').click();
    await page.waitForFunction(() => window.__actlab.state().view === 'curves');
    assert.ok(await page.locator('#plot-f').isVisible());
    assertClean(problems);
    await page.close();
  });

  test('Chinese text, and no horizontal overflow at desktop, 760 px and phone width (screenshots)', async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['760', { width: 760, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      for (const lang of ['en', 'zh']) {
        const { page, problems } = await openView(`${suite.server.url}?view=gated&glu=glu&lang=${lang}`, 'gated', viewport);
        const overflow = await page.evaluate(() => {
          const wide = [...document.querySelectorAll('#panel-gated *')].filter((n) => n.getBoundingClientRect().right > window.innerWidth + 0.5).map((n) => n.id || n.className || n.tagName);
          return { page: document.documentElement.scrollWidth - window.innerWidth, wide: wide.slice(0, 5) };
        });
        assert.ok(overflow.page <= 0, `${name} ${lang}: page ${overflow.page} px too wide`);
        assert.deepEqual(overflow.wide, [], `${name} ${lang}: nothing sticks out`);
        const heat = await inkedShare(page, '#gated-heatmap');
        assert.ok(heat.share > 0.1, `${name}: heatmap drawn`);
        if (lang === 'zh') assert.match(await page.locator('#gated-summary').textContent(), /在 b = 1 处，切片就是门函数本身/);
        await page.screenshot({ path: `${SHOTS}gated-${name}-${lang}.png`, fullPage: true });
        assertClean(problems);
        await page.close();
      }
    }
  });
});

describe('softmin on the softmax view', () => {
  test('the switch gives softmin = softmax(−z), says so from the kernels, and round-trips through the URL', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=softmax&softmax=3,1,0.2,-1`, 'softmax');
    await page.locator('#softmax-op-softmin').check();
    await page.waitForFunction(() => window.__actlab.view('softmax').data().op === 'softmin');
    assert.match(page.url(), /softop=softmin/);
    const data = await page.evaluate(() => {
      const d = window.__actlab.view('softmax').data();
      const { lab } = window.__actlab;
      return { ...d, truth: [...lab.activate('softmin', d.z, { rowLength: d.z.length })], mirrored: [...lab.activate('softmax', d.z.map((v) => -v), { rowLength: d.z.length })] };
    });
    assert.deepEqual(data.s, data.truth, 'the bars are lab.activate("softmin")');
    assert.deepEqual(data.s, data.mirrored, 'softmin(z) = softmax(−z) bit for bit here');
    assert.equal(data.s.indexOf(Math.max(...data.s)), 3, 'the smallest input z₄ = −1 gets the largest probability');
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      const expected = -((i === j ? data.s[i] : 0) - data.s[i] * data.s[j]);
      assert.ok(Math.abs(data.jacobian[i][j] - expected) < 1e-6, `J[${i}][${j}] = −(diag(s) − s sᵀ)`);
    }
    const sum = await page.locator('#softmax-sum').textContent();
    assert.match(sum, /largest: s₄ = 0\.6874, at the smallest input z₄ = −1/);
    assert.match(sum, /softmin\(z \/ T\) = softmax\(−z \/ T\): the two kernels give the same bits/);
    assert.equal(await page.locator('#panel-softmax h2').textContent(), 'Softmin of a vector');
    assert.match(await page.locator('#softmax-heat-note').textContent(), /diagonal entries −sᵢ\(1 − sᵢ\) are negative/);
    assert.match(await page.locator('#softmax-bars-caption').textContent(), /s = softmin\(z \/ T\)/);
    // Chinese follows the switch too.
    await page.locator('#language').selectOption('zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.equal(await page.locator('#panel-softmax h2').textContent(), '向量的 Softmin');
    assert.match(await page.locator('#softmax-sum').textContent(), /对应最小的输入 z₄ = −1/);
    // Reload and back: the state comes back from the URL.
    await page.goto(page.url());
    await page.waitForFunction(() => window.__actlab?.viewUpdates().softmax > 0);
    assert.equal((await page.evaluate(() => window.__actlab.view('softmax').data())).op, 'softmin');
    assert.ok(await page.locator('#softmax-op-softmin').isChecked());
    await page.locator('#softmax-op-softmax').check();
    await page.waitForFunction(() => window.__actlab.view('softmax').data().op === 'softmax');
    assert.doesNotMatch(page.url(), /softop=/);
    assert.equal(await page.locator('#panel-softmax h2').textContent(), '向量的 Softmax');
    assertClean(problems);
    await page.close();
  });

  test('a bad softop in the URL is named and softmax is used', async () => {
    const { page, problems } = await openView(`${suite.server.url}?view=softmax&softop=argmin`, 'softmax');
    assert.equal((await page.evaluate(() => window.__actlab.state())).softop, 'softmax');
    assert.match(await page.locator('#notes').textContent(), /softop: “argmin” is not valid, used softmax/);
    assertClean(problems);
    await page.close();
  });

  test('softmin at 760 px and phone width: no horizontal overflow (screenshots)', async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['760', { width: 760, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      const { page, problems } = await openView(`${suite.server.url}?view=softmax&softop=softmin`, 'softmax', viewport);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: page ${overflow} px too wide`);
      await page.screenshot({ path: `${SHOTS}softmin-${name}.png`, fullPage: true });
      assertClean(problems);
      await page.close();
    }
  });
});
