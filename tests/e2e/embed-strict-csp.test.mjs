// End-to-end test of embedding under a strict Content-Security-Policy, as a
// tutorial author would: ActLab under a sub-path on one loopback origin (with
// its own README policy), a course chapter on a second origin whose policy
// allows only itself plus ActLab's origin for scripts and frames, a 760 px
// column, and a reader who prefers dark mode. Three panels: one from the
// Share / Embed snippet (iframe + embed.js), two <actlab-panel> elements.
// Also: the API module imported cross-origin, with and without CORS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { BASE_PATH, startServer } from './static-server.mjs';
import { launchBrowser } from './browser.mjs';
import { ROOT, prepareSuite } from './suite.mjs';
import { iframeSnippet, resizeScript } from '../../web/src/share/embed-snippet.js';

const ACTLAB_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'self'";
const SHOTS = `${ROOT}build/screenshots/`;
const COLUMN = 760;
// The panels of the course page: where each one's frame is, what it hides, and what its theme must give.
const GRADIENT_HIDE = 'presets,settings,heatmaps,table,chain,phase,matrix';
const TRAINING_HIDE = 'presets,settings,speed,boundary,stats,table';
const PANELS = {
  curves: { hidden: ['.readout'], background: 'light' },
  gradients: { hidden: ['.g-presets', '.g-settings', '.g-heat-pair', '.table-box:has(#g-stats)', '.g-chain', '.g-phase', '.g-matrix'], background: 'light' },
  training: { hidden: ['.t-presets', '.t-settings', '.plot:has(#t-speed-chart)', '.plot:has(#t-boundary)', '#t-stats-figure', '.table-box:has(#t-table)'], background: 'dark' },
};
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(18, 20, 23)'; // --bg of the dark theme in web/styles/explorer.css

let actlab, actlabNoCors, course, browser;

// The course page's policy: itself, and ActLab's origin for embed.js and the iframes; nothing inline.
const courseCsp = (origin) => `default-src 'self'; script-src 'self' ${origin}; frame-src ${origin}; style-src 'self'`;
// The API page's policy: the module and its .wasm come from ActLab's origin.
const apiCsp = (origin) => `default-src 'self'; script-src 'self' ${origin} 'wasm-unsafe-eval'; connect-src ${origin}; style-src 'self'`;

// The course chapter: text in a 760 px column, the snippet's iframe, two elements, one <script src> of embed.js.
function coursePage(origin) {
  const site = `${origin}${BASE_PATH}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chapter 3: activation functions</title><link rel="icon" href="/course/icon.svg"><link rel="stylesheet" href="/course/course.css"></head>
<body><main><h1>Chapter 3: activation functions</h1>
<p>ELU bends below zero where ReLU is flat. Drag α in the figure.</p>
${iframeSnippet(`${site}?fn=elu,relu&elu.alpha=0.5&hide=readout&theme=light&embed=1`, 'ActLab: ELU and ReLU', 300)}
<p>Nielsen's four-layer sigmoid net: the first layer learns about 100 times more slowly than the last.</p>
<actlab-panel id="gradients" view="gradients" preset="nielsen" hide="${GRADIENT_HIDE}" theme="light" made-up="ignored"></actlab-panel>
<p>Dying ReLUs on a spiral: train and watch the dead fraction.</p>
<actlab-panel id="training" view="training" preset="deadRelu" hide="${TRAINING_HIDE}"></actlab-panel>
<p id="after">End of the chapter.</p></main>
${resizeScript(`${site}embed.js`)}
</body></html>`;
}

const COURSE_CSS = `body { margin: 0; font: 16px/1.5 Georgia, serif; background: #fffdf7; color: #222; }
main { max-width: ${COLUMN}px; margin: 0 auto; padding: 0 16px 40px; }
h1 { font-size: 1.6rem; }`;

// The API page's module: imports ActLab's API from its origin and computes ReLU; the result goes in as text.
const apiModule = (origin) => `const out = document.getElementById('result');
try {
  const { loadActLab } = await import('${origin}${BASE_PATH}api/src/actlab.js');
  const lab = await loadActLab();
  window.__api = { ok: true, y: Array.from(lab.activate('relu', new Float32Array([-1.5, 0, 0.25, 3]))) };
} catch (error) {
  window.__api = { ok: false, error: String(error) };
}
out.textContent = JSON.stringify(window.__api);`;
const apiPage = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API from another origin</title><link rel="icon" href="/course/icon.svg">
<script type="module" src="${script}"></script></head><body><p id="result"></p></body></html>`;

before(async () => {
  await prepareSuite();
  await mkdir(SHOTS, { recursive: true });
  actlab = await startServer({ headers: { 'content-security-policy': ACTLAB_CSP, 'access-control-allow-origin': '*' } });
  actlabNoCors = await startServer({ headers: { 'content-security-policy': ACTLAB_CSP } });
  const js = 'text/javascript; charset=utf-8';
  course = await startServer({
    base: '/nothing-here/',
    pages: {
      '/course/chapter-3.html': { body: coursePage(actlab.origin), headers: { 'content-security-policy': courseCsp(actlab.origin) } },
      '/course/course.css': { body: COURSE_CSS, type: 'text/css; charset=utf-8' },
      '/course/icon.svg': { body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', type: 'image/svg+xml' },
      '/course/api.html': { body: apiPage('/course/api.js'), headers: { 'content-security-policy': apiCsp(actlab.origin) } },
      '/course/api.js': { body: apiModule(actlab.origin), type: js },
      '/course/api-nocors.html': { body: apiPage('/course/api-nocors.js'), headers: { 'content-security-policy': apiCsp(actlabNoCors.origin) } },
      '/course/api-nocors.js': { body: apiModule(actlabNoCors.origin), type: js },
    },
  });
  browser = await launchBrowser({ colorScheme: 'dark' });
});

after(async () => {
  await browser?.close();
  for (const server of [course, actlab, actlabNoCors]) await server?.close();
});

// A new page recording CSP violations (of the page and of every frame) and console errors.
async function watchedPage() {
  const page = await browser.context.newPage();
  const problems = { csp: [], errors: [] };
  await page.exposeFunction('__cspViolation', (text) => problems.csp.push(text));
  await page.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${location.origin}: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  page.on('console', (message) => message.type() === 'error' && problems.errors.push(message.text()));
  page.on('pageerror', (error) => problems.errors.push(String(error)));
  page.on('response', (response) => response.status() >= 400 && problems.errors.push(`HTTP ${response.status()} ${response.url()}`));
  return { page, problems };
}

// The frame of panel view (its URL says embed=<view>, or embed=1 for the curves).
// (The embed rewrites its own URL, so embed=gradients may have become embed=1&view=gradients.)
function frameOf(page, view) {
  const viewOf = (frame) => {
    if (!URL.canParse(frame.url())) return null;
    const query = new URL(frame.url()).searchParams;
    if (!query.has('embed')) return null;
    return query.get('view') ?? (query.get('embed') === '1' ? 'curves' : query.get('embed'));
  };
  return page.frames().find((f) => f !== page.mainFrame() && viewOf(f) === view);
}

// Scrolls view's iframe into sight (the iframes load lazily, as the snippet says), then waits until its panel has drawn.
async function settled(page, view) {
  await page.locator('iframe.actlab-embed').nth(Object.keys(PANELS).indexOf(view)).scrollIntoViewIfNeeded();
  let frame = null;
  for (let i = 0; i < 200 && !frame; i++) {
    frame = frameOf(page, view);
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, `a frame for ${view}`);
  await frame.waitForFunction((v) => window.__actlab?.viewUpdates()[v] > 0, view, { timeout: 30000 })
    .catch((error) => { throw new Error(`${view} never drew: ${error.message}`); });
  if (view === 'gradients') await frame.waitForFunction(() => window.__actlab.view('gradients')?.last(), null, { timeout: 30000 });
  if (view === 'training') await frame.waitForFunction(() => window.__actlab.view('training')?.data().runs.every((r) => r.initial), null, { timeout: 30000 });
  return frame;
}

// Each panel's iframe height on the host page and its document's height inside, once they agree (±2 px);
// each frame is scrolled into sight first.
async function fittedHeights(page, views = Object.keys(PANELS)) {
  const read = async () => {
    const out = {};
    for (const view of views) {
      const frame = frameOf(page, view);
      // Chromium pauses rendering (and so ResizeObserver) in a cross-origin frame out of sight, as a reader's scrolling would not.
      await (await frame.frameElement()).scrollIntoViewIfNeeded();
      const inner = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      const outer = await (await frame.frameElement()).evaluate((node) => node.getBoundingClientRect().height);
      out[view] = { inner, outer };
    }
    return out;
  };
  let heights = await read();
  for (let i = 0; i < 100 && !Object.values(heights).every(({ inner, outer }) => Math.abs(inner - outer) <= 2); i++) {
    await page.waitForTimeout(100);
    heights = await read();
  }
  return heights;
}

describe('embeds on a course page with a strict Content-Security-Policy', () => {
  test('snippet and <actlab-panel>: no violation, iframes as tall as their content, hide and theme honoured; screenshots', async () => {
    const { page, problems } = await watchedPage();
    await page.setViewportSize({ width: COLUMN, height: 900 });
    await page.goto(`${course.origin}/course/chapter-3.html`);
    const frames = {};
    for (const view of Object.keys(PANELS)) frames[view] = await settled(page, view);

    let heights = await fittedHeights(page);
    for (const [view, { inner, outer }] of Object.entries(heights)) {
      assert.ok(Math.abs(inner - outer) <= 2, `${view}: iframe ${outer} px, its document ${inner} px`);
    }
    console.log(`heights at ${COLUMN} px: ${JSON.stringify(heights)}`);
    assert.ok(heights.gradients.inner < 1400, `gradient embed ${heights.gradients.inner} px tall in a ${COLUMN} px column`);

    for (const [view, { hidden, background }] of Object.entries(PANELS)) {
      const seen = await frames[view].evaluate((selectors) => ({
        boxed: selectors.filter((s) => [...document.querySelectorAll(s)].some((node) => node.getClientRects().length > 0)),
        found: selectors.filter((s) => document.querySelector(s)),
        background: getComputedStyle(document.body).backgroundColor,
        notes: window.__actlab.notes().map((n) => n.key),
        preset: window.__actlab.state().preset,
      }), hidden);
      assert.deepEqual(seen.found, hidden, `${view}: every hidden part exists in the page`);
      assert.deepEqual(seen.boxed, [], `${view}: hidden parts have no layout box`);
      assert.equal(seen.background, background === 'light' ? LIGHT : DARK, `${view}: theme`);
      assert.deepEqual(seen.notes, [], `${view}: the URL had nothing to correct`);
      if (view !== 'curves') assert.notEqual(seen.preset, '', `${view}: the preset stays in the URL`);
    }
    // The presets' sentences are shown: the gradient view's narration, the training lab's preset note.
    const gradientSentence = await frames.gradients.locator('#g-narration-fixed').textContent();
    assert.match(gradientSentence, /Nielsen/);
    assert.ok(await frames.gradients.locator('#g-narration').isVisible());
    const trainingSentence = await frames.training.locator('#t-preset-note').textContent();
    assert.match(trainingSentence, /Maas/);
    // "Open in ActLab" shows the full page with every part and the reader's theme, same preset.
    const open = new URL(await frames.gradients.locator('#open-full').getAttribute('href'), frames.gradients.url()).searchParams;
    assert.deepEqual([open.get('hide'), open.has('theme'), open.has('embed'), open.get('preset')], ['', false, false, 'nielsen']);
    // The element's unknown attribute is not passed on.
    assert.equal(new URL(frames.gradients.url()).searchParams.has('made-up'), false);

    for (const width of [1280, COLUMN, 390]) {
      await page.setViewportSize({ width, height: 900 });
      heights = await fittedHeights(page);
      for (const [view, { inner, outer }] of Object.entries(heights)) assert.ok(Math.abs(inner - outer) <= 2, `${width} px, ${view}: iframe ${outer}, document ${inner}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 1, `${width} px: the course page is ${overflow} px too wide`);
      // A viewport as tall as the page, so every cross-origin frame is in sight and painted in the shot.
      await page.setViewportSize({ width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
      await page.screenshot({ path: `${SHOTS}strict-csp-${width}.png`, fullPage: true });
    }

    // Changing an attribute updates the iframe: the training panel turns light.
    await page.setViewportSize({ width: COLUMN, height: 900 });
    await page.locator('#training').scrollIntoViewIfNeeded(); // the iframe is lazy: out of sight, its new src would wait
    await page.locator('#training').evaluate((node) => node.setAttribute('theme', 'light'));
    await page.waitForFunction(() => new URL(document.querySelector('#training iframe').src).searchParams.get('theme') === 'light');
    let training = null;
    for (let i = 0; i < 100 && !training; i++) {
      const candidate = frameOf(page, 'training');
      if (candidate && new URL(candidate.url()).searchParams.get('theme') === 'light') training = candidate;
      else await page.waitForTimeout(100);
    }
    await training.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 30000 });
    assert.equal(await training.evaluate(() => getComputedStyle(document.body).backgroundColor), LIGHT);

    assert.deepEqual(problems.csp, [], 'no CSP violation in the course page or any frame');
    assert.deepEqual(problems.errors, [], 'no console error');
    await page.close();
  });

  test('a height message from another window or origin does not resize an ActLab iframe', async () => {
    const { page } = await watchedPage();
    await page.setViewportSize({ width: COLUMN, height: 900 });
    await page.goto(`${course.origin}/course/chapter-3.html`);
    const frame = await settled(page, 'curves');
    const before = (await fittedHeights(page, ['curves'])).curves.outer;
    // The course page itself (wrong window) and the embed posting to itself do nothing to the iframe.
    await page.evaluate(() => postMessage({ type: 'actlab:height', height: 77 }, '*'));
    await frame.evaluate(() => parent.postMessage({ type: 'actlab:size', height: 88 }, '*'));
    await page.waitForTimeout(300);
    const after = await page.locator('iframe.actlab-embed').first().evaluate((node) => node.getBoundingClientRect().height);
    assert.equal(after, before);
    await page.close();
  });
});

describe('the API module from another origin', () => {
  test("with Access-Control-Allow-Origin the course page imports it and computes; without, the import fails", async () => {
    const inputs = [-1.5, 0, 0.25, 3];
    for (const [path, cors] of [['/course/api.html', true], ['/course/api-nocors.html', false]]) {
      const { page, problems } = await watchedPage();
      await page.goto(`${course.origin}${path}`);
      await page.waitForFunction(() => window.__api, null, { timeout: 30000 });
      const result = await page.evaluate(() => window.__api);
      if (cors) {
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.deepEqual(result.y, inputs.map((x) => Math.max(0, x)));
        assert.deepEqual(problems.csp, []);
        assert.deepEqual(problems.errors, []);
      } else {
        assert.equal(result.ok, false, 'no CORS header: the import must fail');
        assert.ok(problems.errors.some((text) => /CORS|Access-Control-Allow-Origin/i.test(text)), problems.errors.join('\n'));
      }
      await page.close();
    }
  });
});
