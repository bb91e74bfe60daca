// The gradient view when its worker fails: the simulator .wasm blocked, and
// the worker killed in the middle of a run. Each ends in a message that says
// what failed and a Try again button, and once the fault is gone Try again
// computes the result with no reload.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { useServerAndBrowser } from './suite.mjs';

const suite = useServerAndBrowser();

// Opens the gradient view (the worker's .wasm blocked while `blocked()` is true).
async function openGradients(query, blocked = () => false) {
  const page = await suite.browser.context.newPage();
  const problems = watchPage(page, suite.server.origin);
  await page.route(/actlab-simulator-(simd|scalar)[^/]*\.wasm$/, (route) => (blocked() ? route.abort() : route.continue()));
  await page.goto(`${suite.server.url}${query}`);
  await page.waitForFunction(() => window.__actlab?.view('gradients'), null, { timeout: 30000 });
  return { page, problems };
}

describe('gradient worker faults', () => {
  test('the simulator .wasm blocked: the message names it; Try again works once it is back', async () => {
    let blocked = true;
    const { page } = await openGradients('?view=gradients&fn=relu,tanh', () => blocked);
    const error = page.locator('#g-error');
    await error.waitFor({ state: 'visible', timeout: 20000 });
    assert.match(await error.textContent(), /The simulator’s WebAssembly module could not be loaded \(Failed to fetch\)\. Check the connection/);
    assert.ok(await page.locator('#g-retry').isVisible());
    blocked = false;
    await page.locator('#g-retry').click();
    await page.waitForFunction(() => window.__actlab.view('gradients').last()?.runs.length === 2, null, { timeout: 30000 });
    assert.ok(await error.isHidden());
    await page.close();
  });

  test('the worker killed mid-run: the watchdog reports it, Try again brings the result', async () => {
    const { page, problems } = await openGradients('?view=gradients&fn=relu&gdepth=12&gwidth=2048&gbatch=256');
    await page.waitForFunction(() => /\d+ %/.test(document.querySelector('#g-status').textContent), null, { timeout: 30000 });
    await page.evaluate(() => window.__actlab.view('gradients').debugKillWorker());
    const killed = Date.now();
    const error = page.locator('#g-error');
    await error.waitFor({ state: 'visible', timeout: 40000 });
    const seconds = (Date.now() - killed) / 1000;
    assert.match(await error.textContent(), /The simulator failed: the worker sent nothing for \d+ s/);
    console.log(`simulator worker killed: noticed after ${seconds.toFixed(1)} s`);
    await page.locator('#g-retry').click();
    await page.waitForFunction(() => window.__actlab.view('gradients').last()?.runs[0].result.layers.length === 12, null, { timeout: 60000 });
    assert.ok(await error.isHidden());
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
