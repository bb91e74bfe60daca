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

/**
 * Times contenders side by side: in each of `rounds` rounds every contender
 * runs once (after `warmup` untimed rounds), in an order that rotates from
 * round to round. contenders: { name: fn } (fn may be undefined: skipped).
 * Returns { ms: { name: median ms }, ratio(a, b): the median over rounds of
 * time(b) / time(a), i.e. how many times faster a is than b, measured
 * within each round so that machine-wide slowdowns cancel }.
 */
export function timeRounds(contenders, { rounds = 31, warmup = 3 } = {}) {
  const { names, times, turns } = roundsOf(contenders, rounds, warmup);
  for (const { name, record } of turns) {
    const start = performance.now();
    contenders[name]();
    record(performance.now() - start);
  }
  return summariseRounds(names, times);
}

/** timeRounds for async contenders: each round awaits every contender in turn. */
export async function timeRoundsAsync(contenders, { rounds = 31, warmup = 3 } = {}) {
  const { names, times, turns } = roundsOf(contenders, rounds, warmup);
  for (const { name, record } of turns) {
    const start = performance.now();
    await contenders[name]();
    record(performance.now() - start);
  }
  return summariseRounds(names, times);
}

// The contenders' turns, round by round in rotating order: { name, record(ms) } (warm-up turns record nothing).
function roundsOf(contenders, rounds, warmup) {
  const names = Object.keys(contenders).filter((name) => contenders[name]);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  function* turns() {
    for (let round = -warmup; round < rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + Math.max(round, 0)) % names.length];
        yield { name, record: (ms) => { if (round >= 0) times[name].push(ms); } };
      }
    }
  }
  return { names, times, turns: turns() };
}

// { ms: median per contender, ratio(a, b): median over rounds of time(b) / time(a) }.
function summariseRounds(names, times) {
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  return {
    ms: Object.fromEntries(names.map((name) => [name, median(times[name])])),
    ratio: (a, b) => (times[a] && times[b] ? median(times[a].map((t, i) => times[b][i] / t)) : undefined),
  };
}
