// The lab on a phone (390 × 844, touch, mobile viewport): every view's chart
// and the controls that drive it within the first two screens, charts that
// let a vertical swipe scroll the page, sideways drag pans, a tap reads out,
// a typed x reads out, touch targets of at least 24 px, and no control
// overflowing its box in the shell's side panel at phone, 760 px and desktop widths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { launchBrowser } from './browser.mjs';
import { startServer } from './static-server.mjs';
import { SHOTS, assertClean, prepareSuite } from './suite.mjs';
import { readFileSync } from 'node:fs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const PHONE = { width: 390, height: 844 };
const TWO_SCREENS = 2 * PHONE.height;
let server;
let phone;

before(async () => {
  await prepareSuite();
  server = await startServer();
  phone = await launchBrowser({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
});
after(async () => {
  await phone?.close();
  await server?.close();
});

// Opens query on the phone and waits until view `name` has drawn.
async function openOnPhone(query, name) {
  const page = await phone.context.newPage();
  const problems = watchPage(page, server.origin);
  await page.goto(`${server.url}${query}`);
  await page.waitForFunction((n) => window.__actlab?.viewUpdates()[n] > 0, name, { timeout: 30000 });
  return { page, problems };
}

// Top of the element (page coordinates, CSS px), or null when it is not shown.
function pageTop(page, selector) {
  return page.evaluate((sel) => {
    const node = document.querySelector(sel);
    if (!node || !node.getClientRects().length) return null;
    return node.getBoundingClientRect().top + window.scrollY;
  }, selector);
}

// A one-finger swipe on the element's centre by (dx, dy) through CDP touch events, in steps.
async function swipe(page, selector, dx, dy) {
  const box = await page.locator(selector).boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  const touch = (type, px, py) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: px, y: py, id: 1 }] });
  await touch('touchStart', x, y);
  for (let i = 1; i <= 12; i++) {
    await touch('touchMove', x + (dx * i) / 12, y + (dy * i) / 12);
    await page.waitForTimeout(16);
  }
  await touch('touchEnd');
  await page.waitForTimeout(300);
  await cdp.detach();
}

describe('phone layout', () => {
  // Each view's primary chart and the control that drives it.
  const VIEWS = [
    { name: 'curves', query: '', chart: '#chart-f', control: '#picker-toggle' },
    { name: 'gradients', query: '?view=gradients', chart: '#g-main-chart', control: '.g-presets .preset' },
    { name: 'training', query: '?view=training', chart: '#panel-training canvas', control: '#panel-training button' },
    { name: 'identities', query: '?view=identities', chart: '#panel-identities canvas', control: '#ranges-x input' },
    { name: 'softmax', query: '?view=softmax', chart: '#panel-softmax canvas', control: '#panel-softmax input' },
    { name: 'maxout', query: '?view=maxout', chart: '#panel-maxout canvas', control: '#panel-maxout input' },
    { name: 'gated', query: '?view=gated', chart: '#gated-heatmap', control: '#gated-unit' },
    { name: 'accuracy', query: '?view=accuracy', chart: '#panel-accuracy canvas', control: '#ranges-x input' },
  ];
  for (const view of VIEWS) {
    test(`${view.name}: the chart and its control are within the first two screens`, async () => {
      const { page, problems } = await openOnPhone(view.query, view.name);
      const chart = await pageTop(page, view.chart);
      const control = await pageTop(page, view.control);
      assert.ok(chart !== null && chart < TWO_SCREENS, `${view.name}: chart top ${chart} px (two screens: ${TWO_SCREENS})`);
      assert.ok(control !== null && control < TWO_SCREENS, `${view.name}: control top ${control} px`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${view.name}: the page is ${width} px wide, wider than the phone`);
      console.log(`# phone ${view.name}: chart at ${Math.round(chart)} px, control at ${Math.round(control)} px`);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(violations, [], `${view.name}: axe on the phone layout`);
      await page.screenshot({ path: `${SHOTS}phone-${view.name}.png`, fullPage: true });
      assertClean(problems);
      await page.close();
    });
  }

  test('the picker folds into one button naming the functions, and unfolds', async () => {
    const { page, problems } = await openOnPhone('?fn=elu,relu', 'curves');
    const toggle = page.locator('#picker-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.match(await toggle.textContent(), /2 shown: ELU, ReLU/);
    assert.ok(await page.locator('#picker-list').isHidden());
    await toggle.tap();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#picker-list').isVisible());
    await page.locator('label[for="pick-gelu"]').tap();
    await page.waitForFunction(() => window.__actlab.state().fn.includes('gelu'));
    assert.match(await toggle.textContent(), /3 shown: ELU, ReLU, GELU/);
    assertClean(problems);
    await page.close();
  });

  test('a vertical swipe on a chart scrolls the page and leaves the range alone', async () => {
    const { page, problems } = await openOnPhone('', 'curves');
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = await page.evaluate(() => ({ y: window.scrollY, x0: window.__actlab.state().x0, x1: window.__actlab.state().x1 }));
    await swipe(page, '#chart-f', 0, -250);
    const afterSwipe = await page.evaluate(() => ({ y: window.scrollY, x0: window.__actlab.state().x0, x1: window.__actlab.state().x1 }));
    assert.ok(afterSwipe.y > before.y + 100, `page scrolled from ${before.y} to ${afterSwipe.y}`);
    assert.deepEqual([afterSwipe.x0, afterSwipe.x1], [before.x0, before.x1], 'the x range did not move');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#chart-f')).touchAction), 'pan-y');
    assertClean(problems);
    await page.close();
  });

  test('a sideways drag pans x only, and a tap reads out the values at that x', async () => {
    const { page, problems } = await openOnPhone('', 'curves');
    await page.locator('#chart-f').scrollIntoViewIfNeeded();
    const start = await page.evaluate(() => window.__actlab.state());
    await swipe(page, '#chart-f', -120, 0);
    const panned = await page.evaluate(() => window.__actlab.state());
    assert.ok(panned.x0 > start.x0 + 0.5, `x0 moved right: ${start.x0} -> ${panned.x0}`);
    assert.ok(Math.abs((panned.x1 - panned.x0) - (start.x1 - start.x0)) < 1e-9, 'the span is kept');
    assert.deepEqual([panned.y0, panned.y1], [start.y0, start.y1], 'a finger does not pan y');
    const box = await page.locator('#chart-f').boundingBox();
    const area = await page.evaluate(() => window.__actlab.charts.f.chartArea);
    await page.touchscreen.tap(box.x + (area.left + area.right) / 2, box.y + (area.top + area.bottom) / 2);
    await page.waitForFunction(() => !document.querySelector('#readout-table').hidden);
    const x = await page.evaluate(() => Number(document.querySelector('#readout-input').value));
    assert.ok(Math.abs(x - (panned.x0 + panned.x1) / 2) < 0.1, `tapped the middle: read-out x = ${x}`);
    const rows = await page.locator('#readout-table tbody tr').count();
    assert.equal(rows, 4);
    assertClean(problems);
    await page.close();
  });

  test('a typed x reads out the kernels at that float32 x; a bad one is named and changes nothing', async () => {
    const { page, problems } = await openOnPhone('?fn=sigmoid', 'curves');
    const input = page.locator('#readout-input');
    await input.fill('20');
    await page.waitForFunction(() => /x = 20/.test(document.querySelector('#readout-x').textContent));
    const shown = await page.locator('#readout-table tbody td').allTextContents();
    const expected = await page.evaluate(() => window.__actlab.lab.derivative('sigmoid', [20])[0]);
    assert.equal(Number(shown[1].replace('−', '-')).toPrecision(6), expected.toPrecision(6), `sigmoid'(20) shown as ${shown[1]}`);
    await input.fill('1e99');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#readout-error').textContent(), /x must be a number from .* “1e99” is not/);
    assert.deepEqual(await page.locator('#readout-table tbody td').allTextContents(), shown, 'the read-out kept its values');
    await input.fill('abc');
    assert.match(await page.locator('#readout-error').textContent(), /“abc” is not/);
    await input.fill('-0.5');
    await page.waitForFunction(() => /x = −0\.5/.test(document.querySelector('#readout-x').textContent));
    assert.equal(await page.locator('#readout-error').textContent(), '');
    assertClean(problems);
    await page.close();
  });

  test('every control of the shell and the curve view is a touch target of at least 24 × 24 px', async () => {
    const { page, problems } = await openOnPhone('?fn=elu,hardtanh', 'curves');
    await page.locator('#picker-toggle').tap();
    const small = await page.evaluate(() => {
      const out = [];
      const targets = document.querySelectorAll('header button, header select, .tabs button, aside button, aside input, aside select, #panel-curves button, #panel-curves input, .legend-item');
      for (const node of targets) {
        if (!node.getClientRects().length) continue;
        // A checkbox's target is its label (tapping the label ticks the box).
        const box = (node.type === 'checkbox' && node.closest('label') || node).getBoundingClientRect();
        if (box.width < 24 || box.height < 24) out.push(`${node.id || node.className || node.tagName} ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
      return out;
    });
    assert.deepEqual(small, []);
    assertClean(problems);
    await page.close();
  });
});

describe('no control overflows its box', () => {
  // Every visible control of the side panel and of the view's panel lies inside its parent and its panel.
  const overflowsOf = (page) => page.evaluate(() => {
    const out = [];
    const shown = [...document.querySelectorAll('aside, .view-panel:not([hidden])')];
    // Inside a box that scrolls sideways (tables, heatmaps, the phone's preset strip) controls may lie beyond its edges.
    const inScroller = (node) => {
      for (let up = node.parentElement; up; up = up.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
      return false;
    };
    for (const node of shown.flatMap((root) => [...root.querySelectorAll('input, select, button, label, textarea')])) {
      if (!node.getClientRects().length || inScroller(node)) continue;
      const box = node.getBoundingClientRect();
      const cell = node.parentElement.getBoundingClientRect();
      const panel = (node.closest('fieldset, .panel, figure, .view-panel') ?? document.body).getBoundingClientRect();
      for (const [name, outer] of [['cell', cell], ['panel', panel]]) {
        if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) out.push(`${node.id || node.htmlFor || node.className || node.tagName} (${Math.round(box.left)}–${Math.round(box.right)}) leaves its ${name} (${Math.round(outer.left)}–${Math.round(outer.right)})`);
      }
    }
    return out;
  });
  for (const width of [1440, 760, 390]) {
    for (const view of ['curves', 'gradients', 'training', 'identities', 'softmax', 'maxout', 'gated', 'accuracy']) {
      test(`${view} at ${width} px: every control stays inside its cell and its panel (English and Chinese, light and dark; screenshots)`, async () => {
        const page = await phone.context.newPage();
        await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'zh']) {
          for (const colorScheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme });
            await page.goto(`${server.url}?view=${view}&fn=elu,hardtanh,softplus&lang=${lang}`);
            await page.waitForFunction((v) => window.__actlab?.viewUpdates()[v] > 0, view, { timeout: 30000 });
            if (await page.locator('#picker-toggle').isVisible()) await page.locator('#picker-toggle').click();
            await page.waitForTimeout(400);
            assert.deepEqual(await overflowsOf(page), [], `${lang} ${colorScheme}`);
            await page.screenshot({ path: `${SHOTS}views-${view}-${width}-${lang}-${colorScheme}.png`, fullPage: true });
          }
        }
        await page.close();
      });
    }
  }
});

describe('formulas fit their cards', () => {
  const ALL = 'sigmoid,tanh,relu,relu6,leaky_relu,prelu,rrelu,elu,celu,selu,xielu,gelu,gelu_tanh,quick_gelu,silu,swish,mish,softplus,softsign,hardsigmoid,hardswish,hardtanh,hardshrink,softshrink,tanhshrink,threshold,squared_relu,logsigmoid,scaled_sigmoid,identity';
  for (const width of [1440, 760, 390]) {
    test(`every formula of every function is fully visible at ${width} px (none clipped, none needs scrolling)`, async () => {
      const page = await phone.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}?fn=${ALL}`);
      await page.waitForFunction(() => document.body.classList.contains('ready'));
      await page.evaluate(() => document.querySelector('#details').scrollIntoView());
      await page.waitForFunction((n) => document.querySelectorAll('.fn-card').length === n, ALL.split(',').length, { timeout: 20000 });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const clipped = await page.evaluate(() => [...document.querySelectorAll('.fn-card .math')]
        .filter((m) => m.scrollWidth > m.clientWidth + 1 || m.getBoundingClientRect().right > m.closest('.fn-card').getBoundingClientRect().right)
        .map((m) => `${m.closest('.fn-card').dataset.id} ${m.className}: ${m.scrollWidth} px in ${m.clientWidth}`));
      assert.deepEqual(clipped, []);
      await page.close();
    });
  }
});
