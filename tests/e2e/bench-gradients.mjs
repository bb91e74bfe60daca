// Benchmark (not a test) of the gradient-flow view in headless Chromium, on
// the default configuration (4 functions, depth 10, width 64, batch 32):
// (1) single recomputes: the gain slider stepped from the keyboard, each step
// waited for, median time from the request to its charts drawn;
// (2) drags the gain slider with the real mouse (requests arrive faster than
// they finish, so the time includes waiting for the run in progress);
// (3) times recomputes of depth 100 × width 256 × batch 256 (ReLU, He).
//   npx vite build && node tests/e2e/bench-gradients.mjs [moves]
import { startServer } from './static-server.mjs';
import { median, quantile, requireDist } from './bench-support.mjs';
import { launchBrowser, watchPage } from './browser.mjs';

const MOVES = Number(process.argv[2] ?? 120);


// Opens the gradient view at query and waits for its first drawn result.
async function openGradients(browser, server, query) {
  const page = await browser.context.newPage();
  watchPage(page, server.origin);
  await page.goto(`${server.url}${query}`);
  await page.waitForFunction(() => window.__actlab?.view('gradients')?.last(), null, { timeout: 60000 });
  return page;
}

requireDist();
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await openGradients(browser, server, `?view=gradients${process.env.QUERY ?? ''}`);
  await page.waitForTimeout(1000); // the worker's warm-up
  const slider = page.locator('[data-key="ggain"] input[type=range]');
  await slider.focus();
  const steps = [];
  for (let i = 0; i < 40; i++) {
    const before = await page.evaluate(() => window.__actlab.view('gradients').timings().length);
    await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, before);
    steps.push(await page.evaluate(() => {
      const view = window.__actlab.view('gradients');
      return { total: view.timings().at(-1), engine: view.engineTimings().at(-1), draw: view.drawTimings().at(-1) };
    }));
  }
  console.log('default configuration, 40 single recomputes (gain slider stepped from the keyboard):');
  console.log(`  request → drawn median ${median(steps.map((s) => s.total)).toFixed(1)} ms; engine (worker) median ${median(steps.map((s) => s.engine)).toFixed(1)} ms; drawing the charts median ${median(steps.map((s) => s.draw)).toFixed(1)} ms`);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const start = await page.evaluate(() => window.__actlab.view('gradients').timings().length);
  await page.mouse.move(box.x + 0.6 * box.width, y);
  await page.mouse.down();
  for (let i = 0; i < MOVES; i++) {
    const phase = (i % 60) / 60;
    const fraction = 0.55 + 0.2 * (phase < 0.5 ? phase * 2 : 2 - phase * 2); // gain about 0.5 to 2.5, back and forth
    await page.mouse.move(box.x + fraction * box.width, y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  const drag = await page.evaluate((start) => {
    const view = window.__actlab.view('gradients');
    return { times: view.timings().slice(start), engine: view.engineTimings().slice(start), runs: view.last().runs.length };
  }, start);
  const sorted = [...drag.times].sort((a, b) => a - b);
  console.log(`default configuration (${drag.runs} functions), gain slider dragged ${MOVES} moves:`);
  console.log(`  ${drag.times.length} results drawn; request → drawn median ${median(drag.times).toFixed(1)} ms, p90 ${quantile(sorted, 0.9).toFixed(1)} ms; engine (worker) median ${median(drag.engine).toFixed(1)} ms`);

  const big = await openGradients(browser, server, '?view=gradients&fn=relu&ginit=he_normal&gdepth=100&gwidth=256&gbatch=256');
  const times = [];
  for (let seed = 2; seed <= 8; seed++) {
    const before = await big.evaluate(() => window.__actlab.view('gradients').timings().length);
    await big.locator('#g-resample').click();
    await big.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, before, { timeout: 60000 });
    times.push(await big.evaluate(() => ({ total: window.__actlab.view('gradients').timings().at(-1), engine: window.__actlab.view('gradients').engineTimings().at(-1) })));
  }
  console.log('depth 100 × width 256 × batch 256, ReLU + He, new seed each time (7 runs: every weight drawn afresh):');
  console.log(`  request → drawn median ${median(times.map((t) => t.total)).toFixed(0)} ms; engine median ${median(times.map((t) => t.engine)).toFixed(0)} ms`);
  const sameSeed = [];
  for (let i = 1; i <= 7; i++) {
    const before = await big.evaluate(() => window.__actlab.view('gradients').timings().length);
    await big.locator('#g-gbias').fill(String(i % 2 ? 0.001 : 0));
    await big.locator('#g-gbias').press('Enter');
    await big.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, before, { timeout: 60000 });
    sameSeed.push(await big.evaluate(() => ({ total: window.__actlab.view('gradients').timings().at(-1), engine: window.__actlab.view('gradients').engineTimings().at(-1) })));
  }
  console.log('the same stack with the bias changed (7 runs: the random draws are reused):');
  console.log(`  request → drawn median ${median(sameSeed.map((t) => t.total)).toFixed(0)} ms; engine median ${median(sameSeed.map((t) => t.engine)).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.close();
}
