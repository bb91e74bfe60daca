// Probes of the gradient-flow view shared by its e2e suites: opening it, waiting for results, and
// reading back the numbers its sentences state (to compare with the charts they describe).
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';

/** Opens the gradient view at query (a viewport if given); resolves when its first result is drawn. */
export async function openGradients(suite, query, viewport) {
  const page = await suite.browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = watchPage(page, suite.server.origin);
  await page.goto(`${suite.server.url}${query}`);
  await page.waitForFunction(() => window.__actlab?.view('gradients')?.last(), null, { timeout: 30000 });
  return { page, problems };
}

/** The number of results drawn so far. */
export const drawn = (page) => page.evaluate(() => window.__actlab.view('gradients').timings().length);

/** Waits for a result drawn after `since` results; resolves to { ms, runs: [{ id, result }] }. */
export async function nextResult(page, since) {
  await page.waitForFunction((n) => window.__actlab.view('gradients').timings().length > n, since, { timeout: 120000 });
  await page.waitForTimeout(50); // let the last of a burst land
  return page.evaluate(() => window.__actlab.view('gradients').last());
}

/** A number as the page writes it ("−3.21e−7", "1/97.3", "25×"). */
export const parseNumber = (text) => {
  const clean = text.replaceAll('−', '-').replace('×', '');
  return clean.startsWith('1/') ? 1 / Number(clean.slice(2)) : Number(clean);
};

/** Every number in a sentence, in order. */
export const numbersIn = (text) => [...text.replaceAll('−', '-').matchAll(/(1\/)?-?\d+(\.\d+)?(e-?\d+)?/g)].map((m) => parseNumber(m[0]));

/** The number after `before` in text (before: a RegExp source ending where the number starts). */
export function numberAfter(text, before) {
  const match = text.replaceAll('−', '-').match(new RegExp(`${before}\\s*(1/)?(-?[\\d.]+(e[-+]?\\d+)?)`));
  assert.ok(match, `no number after /${before}/ in: ${text}`);
  return parseNumber(`${match[1] ?? ''}${match[2]}`);
}

/** Whether a and b agree to the digits the page writes (3 significant: 0.5 % relative). */
export const close = (a, b, relative = 6e-3) => Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
export const assertClose = (a, b, what, relative) => assert.ok(close(a, b, relative), `${what}: page says ${a}, chart/table shows ${b}`);

/** The drawn data line of label in chart `which` (main, dead, pairs): one y per layer (null where not drawn). */
export function lineOf(charts, label, which = 'main') {
  const ds = charts[which].datasets.find((d) => d.kind === 'data' && d.label === label) ?? charts[which].datasets.find((d) => d.label === label && d.kind !== 'theory');
  assert.ok(ds, `no line ${label} in ${which}: ${charts[which].datasets.map((d) => d.label)}`);
  return ds.data.map((p) => p.y);
}

/** The geometric mean factor per layer from layer `from` to layer `to` (1-based) of values. */
export const perLayer = (values, from, to) => (values[from - 1] / values[to - 1]) ** (1 / (to - from));

/** Runs check(shown) for preset id, naming the preset and quoting its live sentence when it fails. */
export function checkPreset(id, shown, check) {
  try {
    check(shown);
  } catch (error) {
    error.message = `${id}: ${error.message}\n${shown.live}`;
    throw error;
  }
}
