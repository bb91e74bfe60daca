// Seeded fuzzing of the public API: 600 calls of activate, derivative and
// backward with ids, arrays, parameters and output buffers drawn from good
// and bad values of every kind. Each call either returns a Float32Array of
// the right length with the same bits as a clean call on the same numbers,
// or throws a TypeError, RangeError or Error whose message starts with
// "ActLab"; and a known call gives the same bits before, during and after.
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuild } from './helpers/builds.js';
import { prng } from './helpers/prng.js';

const SEED = 20261201;
const CASES = 600;

describe.each(['simd', 'scalar'])('API fuzz (%s build)', (build) => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  it(`${CASES} seeded calls: right answers or ActLab errors, and no call disturbs another`, () => {
    const random = prng(SEED);
    const pick = (list) => list[Math.floor(random() * list.length)];
    const specs = lab.catalog.activations;
    const rowIds = lab.catalog.rowOperations;
    const known = Float32Array.from({ length: 257 }, (_, i) => (i - 128) / 16);
    const knownResult = lab.derivative('mish', known);
    const numbers = (n) => Array.from({ length: n }, () => pick([0, -0, 1, -1, 1e-40, 3.5, -88, 1e30, NaN, Infinity, -Infinity, (random() - 0.5) * 40]));

    // Inputs: [value, the clean Float32Array it stands for (or null: must be refused)], drawn
    // half from the good kinds, half from the bad ones.
    const goodInputs = [
      () => { const a = numbers(1 + Math.floor(random() * 40)); return [Float32Array.from(a), Float32Array.from(a)]; },
      () => { const a = numbers(1 + Math.floor(random() * 40)); return [a, Float32Array.from(a)]; },
      () => { const a = numbers(8); return [Float64Array.from(a), Float32Array.from(a)]; },
      () => { const a = numbers(1 + Math.floor(random() * 40)); return [Float32Array.from([7, ...a, 7]).subarray(1, a.length + 1), Float32Array.from(a)]; },
      () => [Int8Array.from([1, -2, 3, -4]), Float32Array.from([1, -2, 3, -4])],
      () => [new Float32Array(0), new Float32Array(0)],
      () => { const a = numbers(6); return [vm.runInNewContext('(a) => new Float32Array(a)')(a), Float32Array.from(a)]; },
      () => { const a = numbers(6); return [new Proxy(a, {}), Float32Array.from(a)]; },
    ];
    const badInputs = [
      () => [[1, '2', 3], null],
      () => [[1, null], null],
      () => [new BigInt64Array(2), null],
      () => [new DataView(new ArrayBuffer(8)), null],
      () => ['1,2,3', null],
      () => [{ length: 2, 0: 1, 1: 2 }, null],
      () => [null, null],
      () => [undefined, null],
      () => [42, null],
    ];
    const badIds = ['relu7', '', 'RELU', '__proto__', 'constructor', 'toString', Symbol('relu'), 3, null, undefined, {}, ['relu']];
    // In range, and in order where the catalogue wants a pair ordered (hardtanh's min_val <= max_val, rrelu's lower <= upper).
    const ORDERED = { hardtanh: ['min_val', 'max_val'], rrelu: ['lower', 'upper'] };
    const goodParams = (spec) => {
      const params = Object.fromEntries(spec.params.map((p) => [p.name, p.min + random() * (p.max - p.min)]));
      const [lo, hi] = ORDERED[spec.id] ?? [];
      if (lo && params[lo] > params[hi]) [params[lo], params[hi]] = [params[hi], params[lo]];
      return params;
    };
    const badParams = (spec) => pick([
      spec.params.length ? { [spec.params[0].name]: spec.params[0].max * 2 + 1 } : { alpha: 1 },
      spec.params.length ? { [spec.params[0].name]: NaN } : { beta: 2 },
      spec.params.length ? { [spec.params[0].name]: '0.5' } : { x: 1 },
      { nonsense: 1 },
      [0.1],
      0.5,
      'alpha=1',
    ]);

    const outcomes = { returned: 0, refused: 0 };
    for (let k = 0; k < CASES; k++) {
      const method = pick(['activate', 'derivative', 'backward']);
      const row = random() < 0.15;
      const spec = pick(specs);
      const id = random() < 0.12 ? pick(badIds) : row ? pick(rowIds) : spec.id;
      const [x, clean] = pick(random() < 0.5 ? goodInputs : badInputs)();
      let params = undefined;
      let paramsOk = true;
      const roll = random();
      if (row && id === 'maxout') params = { pieces: pick([1, 2]) };
      else if (row) params = random() < 0.5 ? undefined : { rowLength: clean?.length || 1 };
      else if (roll < 0.45) params = goodParams(spec);
      else if (roll < 0.6) { params = badParams(spec); paramsOk = false; }
      const upstream = method === 'backward' ? (random() < 0.85 && clean ? Float32Array.from(clean, () => random() - 0.5) : pick([[1], 'up', null])) : undefined;
      const label = `case ${k}: ${method}(${typeof id === 'symbol' ? 'Symbol' : JSON.stringify(id)}, ${clean ? `${clean.length} numbers` : 'bad x'}, ${JSON.stringify(params)})`;
      let result, error;
      try {
        result = method === 'backward' ? lab.backward(id, x, upstream, params) : lab[method](id, x, params);
      } catch (caught) {
        error = caught;
      }
      if (error) {
        outcomes.refused++;
        expect([TypeError, RangeError, Error].some((Type) => error.constructor === Type), `${label}: ${error}`).toBe(true);
        expect(String(error.message), label).toMatch(/^ActLab/);
      } else {
        outcomes.returned++;
        expect(clean, `${label} returned for a bad input`).not.toBeNull();
        expect(paramsOk, `${label} accepted bad parameters`).toBe(true);
        expect(result).toBeInstanceOf(Float32Array);
        const again = method === 'backward' ? lab.backward(id, clean, Float32Array.from(upstream), params) : lab[method](id, clean, params);
        expect(result, `${label}: same bits as a clean call`).toEqual(again);
      }
      if (k % 50 === 0) expect(lab.derivative('mish', known), `known call after ${label}`).toEqual(knownResult);
    }
    expect(lab.derivative('mish', known)).toEqual(knownResult);
    console.log(`API fuzz (${build}, seed ${SEED}): ${outcomes.returned} calls returned, ${outcomes.refused} refused`);
    // Both kinds of outcome happen often enough for the run to mean something.
    expect(outcomes.returned).toBeGreaterThan(CASES * 0.3);
    expect(outcomes.refused).toBeGreaterThan(CASES * 0.2);
  });
});
