// Screenshots of the training view for a person to look at: each preset
// after a few epochs (or its whole run) at 1440, 760 and 390 px, in English
// and Chinese, into tests/e2e/screenshots/training-shot-*.png.
// Usage (after npx vite build): node tests/e2e/training-shots.mjs [preset ...] [--widths=1440,760,390] [--langs=en,zh]
import { startServer } from './static-server.mjs';
import { launchBrowser } from './browser.mjs';
import { SHOTS, prepareSuite } from './suite.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback).split(',');
const presets = args.filter((a) => !a.startsWith('--'));
const EPOCHS = { nielsen: 10, deadRelu: 60, selu: 30, fashion: 2, hansen: 2, alphaDropout: 5, default: 20 };

await prepareSuite();
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const preset of presets.length ? presets : Object.keys(EPOCHS)) {
    for (const lang of option('langs', 'en,zh')) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${server.url}?view=training&lang=${lang}`);
      const ready = () => page.waitForFunction(() => window.__actlab?.view('training')?.data().runs.length > 0 && window.__actlab.view("training").data().runs.every((r) => r.initial || r.error), null, { timeout: 60000 });
      await ready();
      if (preset !== 'default') {
        await page.locator(`.preset[data-preset="${preset}"]`).click();
        await page.waitForFunction(() => window.__actlab.view('training').data().epochs === 0);
        await ready();
      }
      await page.locator('#t-run').click();
      await page.waitForFunction((n) => { const d = window.__actlab.view('training').data(); return d.epochs >= n || (!d.running && d.epochs > 0); }, EPOCHS[preset], { timeout: 900000 });
      if ((await page.evaluate(() => window.__actlab.view('training').data().running))) await page.locator('#t-run').click();
      await page.waitForFunction(() => !window.__actlab.view('training').data().running);
      for (const width of option('widths', '1440,760,390').map(Number)) {
        await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
        await page.waitForTimeout(250);
        await page.screenshot({ path: `${SHOTS}training-shot-${preset}-${lang}-${width}.png`, fullPage: true });
        if (width < 500) { // a phone's first two screens, at full size
          for (const [i, y] of [0, 844].entries()) await page.screenshot({ path: `${SHOTS}training-shot-${preset}-${lang}-${width}-screen${i + 1}.png`, fullPage: true, clip: { x: 0, y, width, height: 844 } });
        }
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
