// Benchmark (not a test): drags a parameter slider with the real mouse while
// 6 functions and both charts are shown, and prints the median time of the
// explorer's plot update (wasm evaluation + Chart.js update and draw),
// measured inside the page around that update.
//   npx vite build && node tests/e2e/bench-slider.mjs [moves]
import { startServer } from './static-server.mjs';
import { quantile, requireDist } from './bench-support.mjs';
import { launchBrowser, openExplorer } from './browser.mjs';

const MOVES = Number(process.argv[2] ?? 200);
const QUERY = '?fn=sigmoid,tanh,relu,gelu,elu,swish&f=1&df=1';


requireDist();
const server = await startServer();
const browser = await launchBrowser();
try {
  const { page } = await openExplorer(browser.context, server.url + QUERY, server.origin);
  const slider = page.locator('#param-swish-beta-slider');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const start = await page.evaluate(() => window.__actlab.timings.length);
  await page.mouse.move(box.x + 10, y);
  await page.mouse.down();
  for (let i = 0; i < MOVES; i++) {
    const phase = (i % 100) / 100;
    const fraction = 0.05 + 0.9 * (phase < 0.5 ? phase * 2 : 2 - phase * 2); // back and forth
    await page.mouse.move(box.x + fraction * box.width, y);
  }
  await page.mouse.up();
  await page.waitForTimeout(100);
  const result = await page.evaluate((start) => {
    const { timings, charts } = window.__actlab;
    return {
      times: timings.slice(start),
      series: charts.f.data.datasets.length + charts.df.data.datasets.length,
      samples: charts.f.data.datasets[0].data.length,
      width: charts.f.chartArea.right - charts.f.chartArea.left,
      build: document.getElementById('status-text').textContent,
    };
  }, start);
  const sorted = [...result.times].sort((a, b) => a - b);
  console.log(`${result.build} ${result.series} curves (6 functions x f and f'), ${result.samples} samples each over a ${result.width.toFixed(0)} px plot`);
  console.log(`slider moves: ${MOVES}, plot updates: ${sorted.length}`);
  console.log(`update time: median ${quantile(sorted, 0.5).toFixed(2)} ms, p90 ${quantile(sorted, 0.9).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
} finally {
  await browser.close();
  await server.close();
}
