// The API against callers that do odd things: getters and Proxies that call
// the lab while their array is being read, typed arrays from another realm,
// ids that are not strings, and .wasm files that are not ActLab's. Each case
// gives the right answer or a clear "ActLab:" error, and a known call gives
// the same bits afterwards.
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { BUILDS, loadBuild } from './helpers/builds.js';

const KNOWN = Float32Array.from({ length: 37 }, (_, i) => (i - 18) / 3);

describe.each(BUILDS)('hostile callers (%s build)', (build) => {
  let lab;
  let known;
  beforeAll(async () => {
    lab = await loadBuild(build);
    known = lab.derivative('gelu', KNOWN);
  });

  it('an input getter that calls the lab gets its own answer, and so does the outer call', () => {
    let inner;
    const x = [1, -2, 3];
    Object.defineProperty(x, 1, { get() { inner = lab.activate('sigmoid', [0, 100, -100, 0]); return -2; } });
    expect(Array.from(lab.activate('relu', x))).toEqual([1, 0, 3]);
    expect(inner).toEqual(lab.activate('sigmoid', [0, 100, -100, 0]));
  });

  it('a Proxy input whose reads call the lab (even with a larger input) does not disturb the outer call', () => {
    const target = [-1, 2, -3, 4];
    const x = new Proxy(target, {
      get(t, key) {
        if (key === '0') lab.backward('tanh', new Float32Array(5000).fill(0.5), new Float32Array(5000).fill(2));
        return Reflect.get(t, key);
      },
    });
    expect(Array.from(lab.activate('relu', x))).toEqual([0, 2, 0, 4]);
    const upstream = new Proxy([1, 1, 1, 1], { get: (t, key) => (key === '2' ? (lab.activate('elu', [-1, -2]), 5) : Reflect.get(t, key)) });
    expect(Array.from(lab.backward('relu', [1, 2, 3, 4], upstream))).toEqual([1, 1, 5, 1]);
  });

  it('a params getter that calls the lab does not disturb the outer call', () => {
    const params = { get alpha() { lab.activate('selu', new Float32Array(3000).fill(-1)); return 0.5; } };
    const want = lab.activate('elu', [-1, 1], { alpha: 0.5 });
    expect(lab.activate('elu', [-1, 1], params)).toEqual(want);
  });

  it('typed arrays from another realm are accepted as x, upstream and out', () => {
    const x = vm.runInNewContext('new Float32Array([-1, 0.5, 2])');
    const out = vm.runInNewContext('new Float32Array(3)');
    expect(lab.activate('relu', x, {}, out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 0.5, 2]);
    const upstream = vm.runInNewContext('new Float64Array([2, 2, 2])');
    expect(Array.from(lab.backward('relu', x, upstream))).toEqual([0, 2, 2]);
  });

  it('a wrong typed array is refused by its real type, from any realm', () => {
    expect(() => lab.activate('relu', [1, 2], {}, vm.runInNewContext('new Float64Array(2)'))).toThrow(/out must be a Float32Array; got a Float64Array/);
    expect(() => lab.activate('relu', vm.runInNewContext('new BigInt64Array(2)'))).toThrow(/x must be a Float32Array, a Float64Array or an array of numbers; got a BigInt64Array/);
    const lookalike = new Proxy(new Float32Array(2), {});
    expect(() => lab.activate('relu', [1, 2], {}, lookalike)).toThrow(/out must be a Float32Array; got an object that is not an array/);
  });

  it('an id that is not a string gets a TypeError prefixed ActLab, whatever its type', () => {
    for (const id of [Symbol('relu'), 3, null, undefined, {}, ['relu'], 10n]) {
      for (const call of [() => lab.activate(id, [1]), () => lab.derivative(id, [1]), () => lab.backward(id, [1], [1])]) {
        expect(call).toThrow(TypeError);
        expect(call).toThrow(/^ActLab (activate|derivative|backward)\(<\w+>\): the id must be a string; valid ids: sigmoid/);
      }
    }
  });

  it('a known call gives the same bits after all of the above', () => {
    expect(lab.derivative('gelu', KNOWN)).toEqual(known);
  });
});

describe('a wasmUrl that is not an ActLab build', () => {
  let dir;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'actlab-wasm-'));
  });

  it('a file that is not WebAssembly is named as such, with what to do', async () => {
    const file = path.join(dir, 'page.wasm');
    await writeFile(file, '<!doctype html><title>404</title>');
    await expect(loadActLab({ simd: false, wasmUrl: file })).rejects.toThrow(/^ActLab: .*page\.wasm is not a WebAssembly file \(it starts with "<!doctype html>.*"\); point wasmUrl at actlab-scalar\.wasm/);
  });

  it('a damaged WebAssembly file says it could not be compiled, without Emscripten\'s ASSERTIONS advice', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../web/wasm/actlab-scalar.wasm', import.meta.url)));
    const file = path.join(dir, 'truncated.wasm');
    await writeFile(file, bytes.subarray(0, 5000));
    const failure = await loadActLab({ simd: false, wasmUrl: file }).catch((error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/^ActLab: the scalar WebAssembly module .*truncated\.wasm could not be compiled or started \(.*CompileError.*\); check that wasmUrl points at actlab-scalar\.wasm/);
    expect(failure.message).not.toMatch(/ASSERTIONS/);
  });

  it('a SIMD .wasm passed with simd: false is refused instead of running under the scalar label (and the reverse)', async () => {
    const simdWasm = new URL('../../web/wasm/actlab-simd.wasm', import.meta.url).pathname;
    await expect(loadActLab({ simd: false, wasmUrl: simdWasm })).rejects.toThrow(/^ActLab: the scalar build was asked for but .*actlab-simd\.wasm is the SIMD build; pass actlab-scalar\.wasm as wasmUrl, or ask for simd: true/);
    const scalarWasm = new URL('../../web/wasm/actlab-scalar.wasm', import.meta.url).pathname;
    await expect(loadActLab({ simd: true, wasmUrl: scalarWasm })).rejects.toThrow(/the simd build was asked for but .* is the scalar build/);
    expect((await loadActLab({ simd: true, wasmUrl: simdWasm })).simd).toBe(true);
  });

  it('after failed loads, the default build still loads and computes', async () => {
    const lab = await loadActLab({ simd: false });
    expect(Array.from(lab.activate('relu', [-1, 1]))).toEqual([0, 1]);
  });
});
