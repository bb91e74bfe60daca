// End-to-end tests of embed mode: each panel alone without the site chrome,
// a tutorial page on another origin that embeds it with the documented
// snippet and resizes it from its height messages, the "Open in ActLab"
// link, and the Share / Embed dialog (iframe, embed.js line, <actlab-panel>). Debian's Chromium via playwright-core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE_PATH } from './static-server.mjs';
import { watchPage } from './browser.mjs';
import { iframeSnippet, resizeScript } from '../../web/src/share/embed-snippet.js';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const EMBEDS = {
  curves: '?embed=curves&fn=elu,relu,gelu&elu.alpha=0.5',
  gradients: '?embed=gradients&fn=sigmoid,relu&gdepth=8',
  training: '?embed=training&fn=relu,elu&tdata=moons',
  identities: '?embed=identities&x0=-20&x1=20',
  softmax: '?embed=softmax&softmax=2,1,0.1&temp=0.5',
  maxout: '?embed=maxout',
  gated: '?embed=gated&glu=geglu',
  accuracy: '?view=accuracy&embed=1&fn=sigmoid,tanh&x0=-10&x1=10',
};
const HOST_PATH = '/tutorial/activations.html';

// The tutorial page, served as it is; it names the server's origin, so it is
// written when asked for. The tutorial is served from another origin
// (localhost vs 127.0.0.1, same server).
const tutorialPages = {};
Object.defineProperty(tutorialPages, HOST_PATH, { enumerable: true, get: () => hostPage(suite.server.origin) });
const suite = useServerAndBrowser(() => ({ pages: tutorialPages }));
const EMBED_QUERY = '?fn=elu,relu&embed=1';

// The tutorial page: text, the documented iframe and embed.js line, and a log of the messages it receives.
function hostPage(embedOrigin) {
  const src = `${embedOrigin}${BASE_PATH}${EMBED_QUERY}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A tutorial on ELU</title><link rel="icon" href="data:,"></head><body><main><h1>Exponential linear units</h1><p>Drag α below.</p>
${iframeSnippet(src, 'ActLab: ELU and ReLU', 300)}
<p id="after">Text after the figure.</p></main>
<script>window.__messages = []; addEventListener('message', (event) => window.__messages.push({ origin: event.origin, data: event.data }));</script>
${resizeScript(`${embedOrigin}${BASE_PATH}embed.js`)}
</body></html>`;
}

// Runs axe-core in page; resolves to its violations as text.
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
}

// Waits until view name has drawn in page (or frame).
async function settled(target, name) {
  if (name === 'curves') await target.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
  else await target.waitForFunction((n) => window.__actlab?.viewUpdates()[n] > 0, name, { timeout: 20000 });
  if (name === 'accuracy') await target.waitForFunction(() => window.__actlab.view('accuracy').data().f.errors.scalar !== null, null, { timeout: 20000 });
  if (name === 'gradients') await target.waitForFunction(() => window.__actlab.view('gradients')?.last(), null, { timeout: 20000 });
  if (name === 'training') await target.waitForFunction(() => window.__actlab.view('training')?.data().runs.every((r) => r.initial), null, { timeout: 20000 });
}

describe('embed mode', () => {
  test('each panel alone: no site chrome, fits desktop and phone widths, no axe violation; screenshots', async () => {
    for (const [name, query] of Object.entries(EMBEDS)) {
      for (const [size, viewport] of Object.entries(SIZES)) {
        const page = await suite.browser.context.newPage();
        await page.setViewportSize(viewport);
        const problems = watchPage(page, suite.server.origin);
        await page.goto(suite.server.url + query);
        await settled(page, name);
        const layout = await page.evaluate((name) => {
          const shown = (selector) => {
            const node = document.querySelector(selector);
            const box = node.getBoundingClientRect();
            return box.width > 1 && box.height > 1 && getComputedStyle(node).visibility !== 'hidden';
          };
          return {
            chrome: ['.top', '#view-tabs', '#picker', '.ranges', '#status', '#details', '.export-bar'].filter(shown),
            panel: shown(`#panel-${name}`),
            others: [...document.querySelectorAll('.view-panel')].filter((p) => p.id !== `panel-${name}` && !p.hidden).map((p) => p.id),
            link: shown('#open-full'),
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            view: window.__actlab.state().view,
          };
        }, name);
        assert.deepEqual(layout.chrome, [], `${name} ${size}: no site chrome`);
        assert.ok(layout.panel && layout.link, `${name} ${size}: the panel and the open link are shown`);
        assert.deepEqual(layout.others, []);
        assert.equal(layout.view, name);
        assert.ok(layout.overflow <= 1, `${name} ${size}: ${layout.overflow} px wider than the screen`);
        if (size === 'desktop') assert.deepEqual(await axeViolations(page), [], `axe: embed ${name}`);
        await page.screenshot({ path: `${SHOTS}embed-${name}-${size}.png`, fullPage: true });
        assertClean(problems);
        await page.close();
      }
    }
  });

  test('a tutorial page on another origin sizes the iframe from its height messages; the embed takes no commands', async () => {
    const hostOrigin = suite.server.origin.replace('127.0.0.1', 'localhost');
    const page = await suite.browser.context.newPage();
    await page.setViewportSize(SIZES.desktop);
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(hostOrigin + HOST_PATH);
    const historyBefore = await page.evaluate(() => history.length);
    const frame = await (await page.waitForSelector('iframe.actlab-embed')).contentFrame();
    await frame.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
    // The iframe's height follows the embed's content height.
    const fits = () => page.waitForFunction(async () => {
      const iframe = document.querySelector('iframe.actlab-embed');
      const last = window.__messages.at(-1)?.data.height;
      return last > 0 && Math.abs(iframe.getBoundingClientRect().height - last) < 1;
    }, null, { timeout: 10000 });
    await fits();
    const contentHeight = () => frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const tall = await contentHeight();
    assert.ok(Math.abs((await page.locator('iframe.actlab-embed').boundingBox()).height - tall) <= 1, 'iframe as tall as the embed');
    assert.ok(tall > 500, `${tall} px: both charts and the parameters`);
    // A narrower page: the charts get shorter and the iframe follows.
    const redraws = await frame.evaluate(() => window.__actlab.timings.length);
    await page.setViewportSize(SIZES.phone);
    await page.waitForFunction((tall) => window.__messages.at(-1).data.height < tall - 50, tall, { timeout: 10000 });
    await fits();
    assert.ok(Math.abs((await page.locator('iframe.actlab-embed').boundingBox()).height - (await contentHeight())) <= 1);
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `embed is ${overflow} px too wide at phone width`);
    // The resized charts are resampled and drawn again (not left blank).
    await frame.waitForFunction((n) => window.__actlab.timings.length > n, redraws, { timeout: 10000 });
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: `${SHOTS}embed-host-page-phone.png`, fullPage: true });

    // Only height messages, from the embed's origin.
    const messages = await page.evaluate(() => window.__messages);
    assert.ok(messages.length >= 2);
    for (const m of messages) {
      assert.equal(m.origin, suite.server.origin);
      assert.deepEqual(Object.keys(m.data).sort(), ['height', 'type']);
      assert.equal(m.data.type, 'actlab:height');
      assert.ok(Number.isInteger(m.data.height) && m.data.height > 0);
    }
    // Commands from the parent are ignored.
    const stateBefore = await frame.evaluate(() => window.__actlab.state());
    await page.evaluate(() => {
      const target = document.querySelector('iframe.actlab-embed').contentWindow;
      for (const data of [{ type: 'actlab:set', fn: ['relu'] }, { type: 'actlab:height', height: 1 }, '?fn=relu', { view: 'softmax' }]) target.postMessage(data, '*');
    });
    await page.waitForTimeout(200);
    assert.deepEqual(await frame.evaluate(() => window.__actlab.state()), stateBefore);

    // A change inside the embed updates its own URL without adding history entries to the tutorial.
    await frame.locator('#param-elu-alpha-number').fill('0.25');
    await frame.locator('#param-elu-alpha-number').press('Enter');
    await frame.waitForFunction(() => /elu\.alpha=0\.25/.test(location.search));
    assert.equal(await page.evaluate(() => history.length), historyBefore, 'no new history entries in the host');

    // "Open in ActLab" opens the full page with the same state.
    const link = frame.locator('#open-full');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /noopener/);
    const [full] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await full.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
    const opened = new URL(full.url());
    assert.equal(opened.origin, suite.server.origin);
    assert.equal(opened.pathname, BASE_PATH);
    assert.equal(opened.searchParams.get('embed'), null);
    const fullState = await full.evaluate(() => window.__actlab.state());
    assert.deepEqual({ ...fullState, embed: true }, await frame.evaluate(() => window.__actlab.state()));
    assert.equal(fullState['elu.alpha'], 0.25);
    assert.ok(await full.locator('#view-tabs').isVisible(), 'the full page has its chrome');
    assert.deepEqual(errors, []);
    await full.close();
    await page.close();
  });
});

describe('share / embed dialog', () => {
  test('produces the link, the iframe and the resize script for the current state, with a live preview', async () => {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const page = await suite.browser.context.newPage();
      await page.setViewportSize(viewport);
      const problems = watchPage(page, suite.server.origin);
      await page.goto(`${suite.server.url}?fn=elu,swish&elu.alpha=0.5&swish.beta=2`);
      await page.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
      await page.locator('#share-embed').click();
      const dialog = page.locator('#share-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await page.locator('#share-link').inputValue(), page.url());
      await page.locator('#share-view').selectOption('maxout');
      await page.locator('#share-view').selectOption('curves');
      const snippet = await page.locator('#share-iframe').inputValue();
      const parsed = await page.evaluate((html) => {
        const frame = new DOMParser().parseFromString(html, 'text/html').querySelector('iframe');
        return { src: frame.getAttribute('src'), title: frame.title, cls: frame.className };
      }, snippet);
      const src = new URL(parsed.src);
      assert.equal(src.origin + src.pathname, suite.server.url);
      assert.equal(src.searchParams.get('embed'), '1');
      assert.equal(src.searchParams.get('elu.alpha'), '0.5');
      assert.equal(src.searchParams.get('swish.beta'), '2');
      assert.equal(parsed.cls, 'actlab-embed');
      assert.match(parsed.title, /ActLab: Curves/);
      // One <script src> of embed.js on ActLab's origin, no inline code; the iframe has no style attribute.
      const script = await page.locator('#share-script').inputValue();
      assert.equal(script, `<script src="${suite.server.url}embed.js" defer></script>`);
      assert.doesNotMatch(snippet, /style=/);
      // The same embed as an element: one attribute per URL key.
      const element = await page.locator('#share-element').inputValue();
      const attrs = await page.evaluate((html) => {
        const node = new DOMParser().parseFromString(html, 'text/html').querySelector('actlab-panel');
        return Object.fromEntries([...node.attributes].map((a) => [a.name, a.value]));
      }, element);
      assert.equal(attrs.view, 'curves');
      assert.equal(attrs['elu.alpha'], '0.5');
      assert.equal(attrs.fn, 'elu,swish');
      // The preview is that embed, sized by its own height messages.
      assert.equal(await page.locator('#share-preview').getAttribute('src'), parsed.src);
      const preview = await (await page.waitForSelector('#share-preview')).contentFrame();
      await preview.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
      await page.waitForFunction(() => {
        const frame = document.getElementById('share-preview');
        const inner = frame.contentDocument?.body.getBoundingClientRect().height;
        return inner > 300 && Math.abs(frame.getBoundingClientRect().height - Math.ceil(inner)) <= 1;
      }, null, { timeout: 10000 });
      if (size === 'desktop') assert.deepEqual(await axeViolations(page), [], 'axe with the dialog open');
      await page.screenshot({ path: `${SHOTS}share-dialog-${size}.png` });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement.id), 'share-embed');
      // Switching panels reloads the preview: the first one's requests are aborted, as they should be.
      problems.failedRequests = problems.failedRequests.filter((text) => !text.endsWith('net::ERR_ABORTED'));
      assertClean(problems);
      await page.close();
    }
  });
});
