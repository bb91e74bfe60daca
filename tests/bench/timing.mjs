// Timing and reporting helpers for the benchmark.
import { performance } from 'node:perf_hooks';

/** Median wall time in ms of fn() over runs timed calls, after warmup untimed calls. */
export function medianMs(fn, { warmup = 5, runs = 31 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1];
}

/** Million elements per second for n elements in ms milliseconds. */
export function melemPerSecond(n, ms) {
  return n / ms / 1000;
}

/** Throughput as text ("—" when absent). */
export function formatRate(value) {
  return value === undefined ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** a / b as text like "3.21x" ("—" when either is absent). */
export function formatRatio(a, b) {
  return a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}x`;
}

/** A markdown table from a header row and data rows (arrays of strings). */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** n floats uniform in [-1, 1) from a fixed LCG. */
export function uniformFloats(n, seed) {
  const x = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = (state / 2 ** 32) * 2 - 1;
  }
  return x;
}
