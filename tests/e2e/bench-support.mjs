// What the browser benchmarks share: a built dist/ and quantiles.
import { existsSync } from 'node:fs';
import { DIST } from './static-server.mjs';

/** Exits with a message when dist/ has not been built. */
export function requireDist() {
  if (existsSync(`${DIST}index.html`)) return;
  console.error('dist/ is missing: run npx vite build first');
  process.exit(1);
}

/** The q-quantile of numbers sorted ascending. */
export function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The median of a list of numbers (any order). */
export function median(list) {
  return quantile([...list].sort((a, b) => a - b), 0.5);
}
