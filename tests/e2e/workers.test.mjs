// The workers under a restless user: a slow gradient simulation keeps
// running (and finishes) while the user switches tabs, the language and the
// plotted quantity, because the same request joins the running one instead
// of restarting it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { assertClean, useServerAndBrowser } from './suite.mjs';

const suite = useServerAndBrowser();

describe('gradient worker', () => {
  test('a slow simulation finishes although the tab, the language and the quantity change while it runs', async () => {
    const page = await suite.browser.context.newPage();
    const problems = watchPage(page, suite.server.origin);
    await page.goto(`${suite.server.url}?view=gradients&fn=relu&gdepth=12&gwidth=2048&gbatch=256`);
    await page.waitForFunction(() => window.__actlab?.view('gradients'), null, { timeout: 30000 });
    const started = Date.now();
    const drawn = () => page.evaluate(() => window.__actlab.view('gradients').timings().length);
    let interruptions = 0;
    const progressSeen = new Set();
    const poll = setInterval(() => page.evaluate(() => document.querySelector('#g-status')?.textContent ?? '').then((text) => {
      const match = /(\d+) %/.exec(text);
      if (match) progressSeen.add(Number(match[1]));
    }, () => {}), 300);
    // Every 1.5 s something that redraws the view, until the result is drawn (at most 90 s).
    while ((await drawn()) === 0 && Date.now() - started < 90000) {
      await page.waitForTimeout(1500);
      const step = interruptions % 3;
      if (step === 0) {
        await page.locator('#tab-curves').click();
        await page.locator('#tab-gradients').click();
      } else if (step === 1) {
        await page.locator('#language').selectOption(interruptions % 2 ? 'en' : 'zh');
      } else {
        await page.locator('#g-gq').selectOption(interruptions % 2 ? 'gradZRms' : 'aStd');
      }
      interruptions++;
    }
    clearInterval(poll);
    const seconds = (Date.now() - started) / 1000;
    assert.ok((await drawn()) > 0, `no result after ${seconds} s and ${interruptions} interruptions`);
    assert.ok(interruptions >= 2, `the run was interrupted ${interruptions} times before it finished (${seconds} s)`);
    const last = await page.evaluate(() => window.__actlab.view('gradients').last());
    assert.ok(progressSeen.size > 0, 'the status line showed how far the run was');
    assert.equal(last.runs[0].result.layers.length, 12);
    console.log(`slow simulation drawn after ${seconds.toFixed(1)} s with ${interruptions} interruptions; progress shown: ${[...progressSeen].sort((a, b) => a - b).join(', ')} %`);
    assertClean(problems);
    await page.close();
  });

  test('a large run is stopped within a slice when the settings change: the new result follows at once', async () => {
    const page = await suite.browser.context.newPage();
    const problems = watchPage(page, suite.server.origin);
    await page.goto(`${suite.server.url}?view=gradients&fn=relu&gdepth=2&gwidth=16`);
    await page.waitForFunction(() => window.__actlab?.view('gradients')?.last(), null, { timeout: 30000 });
    // Loads settings as a link would (the page reads the URL on popstate).
    const go = (query) => page.evaluate((q) => {
      history.pushState(null, '', q);
      dispatchEvent(new PopStateEvent('popstate'));
      return performance.now();
    }, query);
    const latencies = [];
    for (let round = 0; round < 5; round++) {
      await go(`?view=gradients&fn=relu&gdepth=12&gwidth=2048&gbatch=256&gseed=${round + 2}`);
      await page.waitForTimeout(1200); // well into the large run (over the 400 ms after which it is stopped)
      const depth = 3 + (round % 2);
      const sent = await go(`?view=gradients&fn=relu&gdepth=${depth}&gwidth=32`);
      const drawn = await page.waitForFunction((d) => window.__actlab.view('gradients').last()?.runs[0].result.layers.length === d && performance.now(), depth, { timeout: 20000 });
      latencies.push((await drawn.jsonValue()) - sent);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const stops = (await page.evaluate(() => window.__actlab.view('gradients').stopTimings())).sort((a, b) => a - b);
    console.log(`stop a 12 x 2048 x 256 run: the worker answered in ${stops.map((ms) => ms.toFixed(0)).join(', ')} ms; the small run drawn ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms after the change`);
    assert.ok(stops.length >= 5, `${stops.length} stops`);
    assert.ok(stops[Math.ceil(0.95 * stops.length) - 1] <= 200, `p95 of the stop answers: ${stops}`);
    assert.ok(sorted.at(-1) < 1500, `slowest ${sorted.at(-1)} ms`);
    assertClean(problems);
    await page.close();
  });
});
