// End-to-end tests of static hosting: dist/ served at the root and under a
// deep sub-path, only same-origin requests, hashed asset names, the size
// budget, the scalar build, a missing .wasm, a Content-Security-Policy, and
// the API example page. Debian's Chromium through playwright-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { BASE_PATH, DIST, startServer } from './static-server.mjs';
import { launchBrowser, watchPage } from './browser.mjs';
import { compareChartWithLab } from './page-probes.mjs';
import { FIRST_VIEW_LIMIT, WASM_LIMIT, firstViewSizes, wasmSizes } from './size-report.mjs';
import { SHOTS, assertClean, prepareSuite } from './suite.mjs';

// The policy README's "Host it yourself" recommends.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'self'"; // no 'unsafe-eval'

let browser;
const servers = [];

// A server for options, closed after the suite.
async function serve(options) {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

// Opens url in a new page, recording CSP violations too; waits for `ready` (a predicate run in the page).
async function open(server, path, ready = () => document.body.classList.contains('ready')) {
  const page = await browser.context.newPage();
  const problems = watchPage(page, server.origin);
  problems.cspViolations = [];
  await page.exposeFunction('__cspViolation', (text) => problems.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(server.url + path);
  await page.waitForFunction(ready, null, { timeout: 20000 });
  return { page, problems };
}

before(async () => {
  await prepareSuite();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

describe('static hosting', () => {
  for (const base of ['/', BASE_PATH]) {
    test(`dist/ served at ${base} works with only same-origin requests`, async () => {
      const server = await serve({ base });
      const { page, problems } = await open(server, '?fn=elu,gelu', () => window.__actlab?.timings.length > 0);
      assert.ok(problems.requests.length > 5);
      for (const url of problems.requests) assert.ok(url.startsWith(`${server.origin}${base}`), `${url} is under ${base}`);
      for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0, s.id);
      // The details panel (KaTeX, its CSS and fonts) is same-origin too.
      await page.locator('#details').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelectorAll('#details-cards .katex-html').length >= 4, null, { timeout: 20000 });
      await page.evaluate(() => document.fonts.ready);
      assert.ok(problems.requests.some((url) => url.endsWith('.woff2')), 'KaTeX fonts come from dist/');
      assertClean(problems);
      await page.close();
    });
  }

  test('every long-lived asset has a content hash in its name; entry pages do not need one', () => {
    const files = [];
    const walk = (dir) => {
      for (const entry of readdirSync(`${DIST}${dir}`, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(`${dir}${entry.name}/`);
        else files.push(`${dir}${entry.name}`);
      }
    };
    walk('');
    const entries = files.filter((f) => f.endsWith('.html')).sort();
    assert.deepEqual(entries, ['examples/gradient-norms.html', 'examples/plot-one-activation.html', 'index.html']);
    // Stable names on purpose: api/ (the npm package, unpacked: authors import it), examples/ (the
    // API examples, which import api/ as it is), vendor/ (Chart.js's UMD build for them) and
    // embed.js (host pages include it by its URL).
    assert.ok(files.includes('embed.js'), 'dist/embed.js is shipped under its stable name');
    const stable = /^(api|examples|vendor)\/|^embed\.js$/;
    for (const file of files.filter((f) => !f.endsWith('.html') && !stable.test(f))) {
      assert.match(file, /^assets\/[\w.-]+-[\w-]{8}\.(js|css|wasm|woff2|svg|gz)$/, `${file} is a hashed asset`);
    }
    const wasm = files.filter((f) => f.startsWith('assets/') && f.endsWith('.wasm')).map((f) => f.replace(/-[\w-]{8}\.wasm$/, '')).sort();
    assert.deepEqual(wasm, ['assets/actlab-scalar', 'assets/actlab-simd', 'assets/actlab-simulator-scalar', 'assets/actlab-simulator-simd'], 'SIMD and scalar .wasm of the kernels and of the simulator');
  });

  test('size budget: first view under 400 KB gzip, each .wasm under 150 KB gzip', async () => {
    const server = await serve({});
    const files = await firstViewSizes(browser.context, server.url);
    const total = files.reduce((sum, f) => sum + f.gzip, 0);
    assert.ok(total < FIRST_VIEW_LIMIT, `first view ${(total / 1024).toFixed(1)} KB gzip`);
    assert.ok(!files.some((f) => /katex|details-panel/i.test(f.path)), 'KaTeX is not part of the first view');
    for (const w of wasmSizes()) assert.ok(w.gzip < WASM_LIMIT, `${w.name}: ${(w.gzip / 1024).toFixed(1)} KB gzip`);
    console.log(`first view: ${(total / 1024).toFixed(1)} KB gzip in ${files.length} files; ${wasmSizes().map((w) => `${w.name} ${(w.gzip / 1024).toFixed(1)} KB`).join(', ')}`);
  });
});

describe('no SIMD, missing .wasm', () => {
  test('simd=0 in the URL loads the scalar build and says so', async () => {
    const server = await serve({});
    const { page, problems } = await open(server, '?simd=0&fn=sigmoid,elu', () => window.__actlab?.timings.length > 0);
    assert.match(await page.locator('#status-text').textContent(), /scalar build/);
    assert.equal(await page.evaluate(() => window.__actlab.lab.simd), false);
    assert.ok(problems.requests.some((url) => /actlab-scalar-[\w-]+\.wasm$/.test(url)));
    assert.ok(!problems.requests.some((url) => /actlab-simd-[\w-]+\.wasm$/.test(url)));
    for (const s of await compareChartWithLab(page, 'df')) assert.equal(s.mismatches, 0, s.id);
    assert.match(page.url(), /simd=0/, 'the choice stays in the link');
    assertClean(problems);
    await page.close();
  });

  test('an engine without SIMD128 gets the scalar build, and the page says so', async () => {
    const server = await serve({});
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.origin);
    await page.addInitScript(() => { WebAssembly.validate = () => false; }); // what an engine without SIMD answers for the probe
    await page.goto(`${server.url}?fn=gelu,tanh`);
    await page.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
    assert.match(await page.locator('#status-text').textContent(), /scalar build \(this browser has no WebAssembly SIMD\)/);
    assert.equal(await page.evaluate(() => window.__actlab.lab.simd), false);
    for (const s of await compareChartWithLab(page, 'f')) assert.equal(s.mismatches, 0, s.id);
    assert.equal(await page.evaluate(() => window.__actlab.charts.f.data.datasets.length), 2);
    assertClean(problems);
    await page.close();
  });

  test('a .wasm answered with 404 gives a visible message naming the file and what to do', async () => {
    const server = await serve({ missing: /\.wasm$/ });
    const page = await browser.context.newPage();
    await page.goto(server.url);
    const error = page.locator('#load-error');
    await error.waitFor({ state: 'visible', timeout: 20000 });
    const text = await error.textContent();
    assert.match(text, /actlab-simd-[\w-]+\.wasm was not delivered \(HTTP 404\)/);
    assert.match(text, /upload the whole dist\/ folder.*application\/wasm/);
    assert.ok(await page.locator('#status').isHidden());
    assert.ok(await page.locator('#explorer').isHidden(), 'no blank charts');
    await page.screenshot({ path: `${SHOTS}wasm-404.png` });
    await page.close();
  });
});

describe('Content-Security-Policy', () => {
  test('the README policy: every view, the formulas and the share dialog work with no violation', async () => {
    const server = await serve({ headers: { 'content-security-policy': CSP } });
    const { page, problems } = await open(server, '?fn=elu,relu,gelu', () => window.__actlab?.timings.length > 0);
    await page.locator('#details').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('#details-cards .katex-html').length >= 6, null, { timeout: 20000 });
    await page.evaluate(() => document.fonts.ready);
    for (const view of ['identities', 'softmax', 'maxout', 'gated', 'accuracy', 'gradients', 'training']) {
      await page.locator(`#tab-${view}`).click();
      await page.waitForFunction((v) => window.__actlab.viewUpdates()[v] > 0, view, { timeout: 20000 });
    }
    await page.waitForFunction(() => window.__actlab.view('gradients')?.last(), null, { timeout: 20000 }); // the simulator worker ran
    await page.waitForFunction(() => window.__actlab.view('training')?.data().runs.every((r) => r.initial), null, { timeout: 20000 }); // and the training worker
    await page.locator('#share-embed').click();
    await page.frameLocator('#share-preview').locator('body.ready').waitFor({ timeout: 20000 });
    assert.deepEqual(problems.cspViolations, []);
    assertClean(problems);
    await page.close();
  });

  test("without 'wasm-unsafe-eval' the page says why the kernels cannot start instead of staying blank", async () => {
    const server = await serve({ headers: { 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'" } });
    const page = await browser.context.newPage();
    await page.goto(server.url);
    const error = page.locator('#load-error');
    await error.waitFor({ state: 'visible', timeout: 20000 });
    assert.match(await error.textContent(), /Content-Security-Policy does not allow compiling WebAssembly.*script-src 'self' 'wasm-unsafe-eval'/s);
    assert.ok(await page.locator('#explorer').isHidden());
    await page.screenshot({ path: `${SHOTS}csp-no-wasm-unsafe-eval.png` });
    await page.close();
  });
});

describe('API examples (examples/: no bundler, importing api/ as shipped, Chart.js from vendor/)', () => {
  // The number of canvas pixels drawn in a clearly non-grey colour (curves, not axes).
  const colouredPixels = (page) => page.evaluate(() => {
    const canvas = document.getElementById('chart');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.abs(data[i] - data[i + 2]) > 80) coloured++;
    return coloured;
  });

  test('plot-one-activation plots GELU with Chart.js from loadActLab, in under 30 lines, under the strict policy', async () => {
    const source = readFileSync(new URL('../../web/public/examples/plot-one-activation.js', import.meta.url), 'utf8');
    const code = source.split('\n').filter((line) => line.trim() && !line.trim().startsWith('//'));
    assert.ok(code.length < 30, `${code.length} lines of code`);
    assert.match(source, /loadActLab/);
    const server = await serve({ headers: { 'content-security-policy': CSP } });
    const { page, problems } = await open(server, 'examples/plot-one-activation.html', () => /Computed by|could not/.test(document.getElementById('status').textContent));
    assert.match(await page.locator('#status').textContent(), /Computed by the SIMD128 build/);
    assert.ok(await colouredPixels(page) > 500, 'curves drawn');
    assert.deepEqual(problems.cspViolations, []);
    assertClean(problems);
    await page.screenshot({ path: `${SHOTS}example-plot-one-activation.png` });
    await page.close();
  });

  test("gradient-norms simulates in the API's worker, and its sentence and table agree with simulate() run here", async () => {
    const server = await serve({ base: BASE_PATH, headers: { 'content-security-policy': CSP } });
    const { page, problems } = await open(server, 'examples/gradient-norms.html', () => /times layer 30|could not/.test(document.getElementById('status').textContent));
    const status = await page.locator('#status').textContent();
    const cells = await page.locator('#norms tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.equal(cells.length, 30);
    const { simulate } = await import('../../web/src/api/index.js');
    const stack = { inputWidth: 64, depth: 30, width: 64, batch: 128, seed: 1 };
    const sigmoid = (await simulate({ ...stack, activation: 'sigmoid', init: 'xavier_normal' })).layers.map((l) => l.gradWNorm);
    const relu = (await simulate({ ...stack, activation: 'relu', init: 'he_normal' })).layers.map((l) => l.gradWNorm);
    cells.forEach(([layer, s, r], i) => {
      assert.equal(Number(layer), i + 1);
      assert.equal(s, sigmoid[i].toExponential(2));
      assert.equal(r, relu[i].toExponential(2));
    });
    assert.ok(status.includes(`${(sigmoid[0] / sigmoid[29]).toExponential(1)} times layer 30's with sigmoid`), status);
    assert.ok(status.includes(`${(relu[0] / relu[29]).toFixed(2)} times with ReLU`), status);
    assert.ok(await colouredPixels(page) > 500, 'curves drawn');
    assert.ok(problems.requests.some((url) => url.endsWith('/api/src/simulator/simulator-worker.js')), 'the API started its own worker');
    assert.deepEqual(problems.cspViolations, []);
    assertClean(problems);
    for (const width of [1280, 760, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}example-plain-gradient-norms-${width}.png`, fullPage: true });
    }
    await page.close();
  });
});

describe('API module in dist/', () => {
  test('dist/api/src/actlab.js imports from a page and computes with either build', async () => {
    const server = await serve({ headers: { 'content-security-policy': CSP } });
    const { page, problems } = await open(server, '', () => Boolean(window.__actlab));
    const results = await page.evaluate(async () => {
      const { loadActLab } = await import(new URL('api/src/actlab.js', document.baseURI).href);
      const out = {};
      for (const simd of [true, false]) {
        const lab = await loadActLab({ simd });
        out[simd ? 'simd' : 'scalar'] = { simd: lab.simd, y: Array.from(lab.activate('sigmoid', new Float32Array([0, 2]))) };
      }
      return out;
    });
    // sigmoid's bound: 2.5 ULP (docs/ACCURACY.md); the ULP of 0.88 is 2^-24.
    assert.equal(results.simd.simd, true);
    assert.equal(results.simd.y[0], 0.5);
    assert.ok(Math.abs(results.simd.y[1] - 1 / (1 + Math.exp(-2))) <= 2.5 * 2 ** -24, `sigmoid(2) = ${results.simd.y[1]}`);
    assert.deepEqual(results.scalar.y, results.simd.y);
    assert.equal(results.scalar.simd, false);
    assert.ok(problems.requests.some((url) => url.endsWith('/api/wasm/actlab-simd.wasm')), 'the API found its own .wasm');
    assertClean(problems);
    await page.close();
  });
});
