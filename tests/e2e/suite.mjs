// What every e2e suite shares: where things are, building dist/ when it is
// missing, one server and one browser per suite, and the check that a page
// did nothing wrong.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DIST, startServer } from './static-server.mjs';
import { launchBrowser } from './browser.mjs';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The git-ignored folder the suites write screenshots to. */
export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Builds dist/ if it is missing and makes sure the screenshot folder exists. */
export async function prepareSuite() {
  if (!existsSync(`${DIST}index.html`)) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  await mkdir(SHOTS, { recursive: true });
}

/** Asserts that a page did nothing wrong: no console error, no failed or foreign request. */
export function assertClean(problems) {
  assert.deepEqual(problems.consoleErrors, [], 'console errors');
  assert.deepEqual(problems.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(problems.failedRequests, [], 'failed requests');
  assert.deepEqual(problems.foreignRequests, [], 'requests to other origins');
}

/**
 * Registers the suite's hooks: before, dist/ is built if missing, the static
 * server starts (with serverOptions(), read then) and Chromium is launched;
 * after, both stop. Returns { server, browser }, filled in by the before hook.
 */
export function useServerAndBrowser(serverOptions = () => ({})) {
  const shared = { server: null, browser: null };
  before(async () => {
    await prepareSuite();
    shared.server = await startServer(serverOptions());
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}
