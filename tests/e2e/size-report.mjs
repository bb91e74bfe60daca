// Size report (also used by the hosting test): the gzip size of everything
// the default page loads for its first view, collected from Chromium's
// responses, and of each .wasm in dist/. Floors: first view < 400 KB gzip,
// each .wasm < 150 KB gzip.
//   npx vite build && node tests/e2e/size-report.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { DIST, startServer } from './static-server.mjs';
import { launchBrowser } from './browser.mjs';

export const FIRST_VIEW_LIMIT = 400 * 1024;
export const WASM_LIMIT = 150 * 1024;

const gzipBytes = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** Loads url in a new page of context; resolves to [{ path, bytes, gzip }] of every response until the page is ready and the network idle. */
export async function firstViewSizes(context, url) {
  const page = await context.newPage();
  const pending = [];
  page.on('response', (response) => {
    if (response.status() >= 300 || response.request().method() !== 'GET') return;
    pending.push(response.body().then((body) => ({ path: new URL(response.url()).pathname, bytes: body.length, gzip: gzipBytes(body) }), () => null));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => document.body.classList.contains('ready') && window.__actlab.timings.length > 0, null, { timeout: 20000 });
  await page.waitForTimeout(300);
  const files = (await Promise.all(pending)).filter(Boolean);
  await page.close();
  return files;
}

/** [{ name, bytes, gzip }] of every .wasm in dist/assets. */
export function wasmSizes(dist = DIST) {
  return readdirSync(`${dist}assets`).filter((name) => name.endsWith('.wasm')).map((name) => {
    const body = readFileSync(`${dist}assets/${name}`);
    return { name, bytes: body.length, gzip: gzipBytes(body) };
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const files = await firstViewSizes(browser.context, server.url);
    let total = 0;
    console.log('first view of the default page (as fetched by Chromium):');
    for (const f of files.sort((a, b) => b.gzip - a.gzip)) {
      total += f.gzip;
      console.log(`  ${kb(f.gzip).padStart(9)} gzip  ${kb(f.bytes).padStart(9)} raw  ${f.path.split('/').pop() || 'index.html'}`);
    }
    console.log(`  ${kb(total).padStart(9)} gzip in total (limit ${kb(FIRST_VIEW_LIMIT)}) ${total < FIRST_VIEW_LIMIT ? 'OK' : 'OVER'}`);
    console.log('WebAssembly builds:');
    let over = total >= FIRST_VIEW_LIMIT;
    for (const w of wasmSizes()) {
      over ||= w.gzip >= WASM_LIMIT;
      console.log(`  ${kb(w.gzip).padStart(9)} gzip  ${kb(w.bytes).padStart(9)} raw  ${w.name} (limit ${kb(WASM_LIMIT)}) ${w.gzip < WASM_LIMIT ? 'OK' : 'OVER'}`);
    }
    process.exitCode = over ? 1 : 0;
  } finally {
    await browser.close();
    await server.close();
  }
}
