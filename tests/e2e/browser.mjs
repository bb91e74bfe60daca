// Launches Debian's Chromium through playwright-core (never a downloaded
// browser) with a fresh profile, and records what a page does wrong.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Starts Chromium with a new user-data-dir; resolves to { context, close() }. */
export async function launchBrowser(options = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'actlab-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Collects console errors, page errors, failed requests and cross-origin requests of page. */
export function watchPage(page, origin) {
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()} HTTP ${response.status()}`);
  });
  page.on('request', (request) => {
    problems.requests.push(request.url());
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.foreignRequests.push(url);
  });
  return problems;
}

/** Opens url in a new page of context and waits until the explorer has drawn. */
export async function openExplorer(context, url, origin) {
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  await page.goto(url);
  await page.waitForFunction(() => window.__actlab && window.__actlab.timings.length > 0, null, { timeout: 20000 });
  return { page, problems };
}
