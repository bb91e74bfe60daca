// The gated API refuses bad input with the lab's error style: TypeError for
// wrong types, RangeError naming the argument and what is allowed.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuild } from './helpers/builds.js';

// The error a call throws (fails the test when it does not throw).
function thrown(call) {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('gated API errors', () => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild('simd');
  });

  it('an unknown id is a RangeError listing every gated unit, in every method', () => {
    for (const call of [
      () => lab.gated('geglu2', [1], [1]),
      () => lab.gatedPartials('sigmoid', [1], [1]),
      () => lab.gatedBackward('relu7', [1], [1], [1]),
      () => lab.glu([1, 2], { unit: 'nope' }),
    ]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toMatch(/unknown gated unit "\w+"; valid ids: glu, reglu, geglu, swiglu/);
    }
  });

  it('a non-string id is a TypeError', () => {
    expect(() => lab.gated(0, [1], [1])).toThrow(TypeError);
    expect(() => lab.gatedPartials(Symbol('glu'), [1], [1])).toThrow(/id must be a string/);
  });

  it('non-numeric arrays are TypeErrors naming the argument', () => {
    expect(() => lab.gated('glu', 'ab', [1, 2])).toThrow(/gate must be a Float32Array/);
    expect(() => lab.gated('glu', [1, 2], { length: 2 })).toThrow(/value must be a Float32Array/);
    expect(() => lab.gated('glu', [1, '2'], [1, 2])).toThrow(/gate\[1\] must be a number/);
    expect(() => lab.gatedBackward('glu', [1], [1])).toThrow(TypeError);
    expect(() => lab.gatedBackward('glu', [1], [1], new BigInt64Array(1))).toThrow(/upstream must be/);
    expect(() => lab.glu('x')).toThrow(TypeError);
  });

  it('length mismatches are RangeErrors naming both lengths', () => {
    expect(() => lab.gated('swiglu', [1, 2, 3], [1, 2])).toThrow(/value has length 2 but gate has length 3/);
    expect(() => lab.gatedPartials('reglu', [1], new Float32Array(4))).toThrow(RangeError);
    expect(() => lab.gatedBackward('geglu', [1, 2], [1, 2], [1])).toThrow(/upstream has length 1 but gate has length 2/);
    expect(() => lab.gated('glu', [1, 2], [1, 2], new Float32Array(3))).toThrow(/out has length 3 but must have length 2/);
    expect(() => lab.gated('glu', [1, 2], [1, 2], [0, 0])).toThrow(TypeError);
  });

  it('glu refuses a rowLength that is odd, does not divide x.length, or is not a positive integer; and unknown options', () => {
    expect(() => lab.glu([1, 2, 3])).toThrow(/rowLength = 3 must be even and divide x.length = 3/);
    expect(() => lab.glu([1, 2, 3, 4, 5, 6], { rowLength: 4 })).toThrow(RangeError);
    expect(() => lab.glu([1, 2], { rowLength: 0 })).toThrow(/positive integer/);
    expect(() => lab.glu([1, 2], { dim: 0 })).toThrow(/unknown parameter "dim"; valid parameters: rowLength, unit/);
    expect(() => lab.glu([1, 2], 5)).toThrow(TypeError);
  });

  it('empty inputs give empty results, and an Array is read once before the call', () => {
    expect(lab.gated('glu', [], []).length).toBe(0);
    expect(lab.gatedPartials('glu', [], []).dGate.length).toBe(0);
    let reads = 0;
    const gate = new Proxy([0, 1], { get: (t, k) => (k === '0' && reads++, Reflect.get(t, k)) });
    lab.gated('glu', gate, [1, 1]);
    expect(reads).toBe(1);
  });
});
