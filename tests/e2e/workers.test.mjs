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
    const seconds = (Date.now() - started) / 1000;
    assert.ok((await drawn()) > 0, `no result after ${seconds} s and ${interruptions} interruptions`);
    assert.ok(interruptions >= 2, `the run was interrupted ${interruptions} times before it finished (${seconds} s)`);
    const last = await page.evaluate(() => window.__actlab.view('gradients').last());
    assert.equal(last.runs[0].result.layers.length, 12);
    console.log(`slow simulation drawn after ${seconds.toFixed(1)} s with ${interruptions} interruptions`);
    assertClean(problems);
    await page.close();
  });
});
