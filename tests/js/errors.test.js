// Bad input is refused with the right error type and a message that helps.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuild } from './helpers/builds.js';

describe('errors', () => {
  let lab;
  let allIds;
  beforeAll(async () => {
    lab = await loadBuild('simd');
    allIds = [...lab.catalog.activations.map((a) => a.id), ...lab.catalog.rowOperations];
  });

  describe('ids', () => {
    it('an unknown id throws an Error listing every valid id', () => {
      for (const call of [
        () => lab.activate('relu7', [1]),
        () => lab.derivative('relu7', [1]),
        () => lab.backward('relu7', [1], [1]),
      ]) {
        let message = '';
        try {
          call();
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          message = error.message;
        }
        expect(message).toMatch(/unknown activation "relu7"/);
        for (const id of allIds) expect(message).toContain(id);
      }
    });

    it('a non-string id throws TypeError', () => {
      expect(() => lab.activate(3, [1])).toThrow(TypeError);
    });

    it('derivative of a row operation throws an Error pointing to backward', () => {
      for (const id of ['softmax', 'softmin', 'log_softmax', 'maxout']) {
        expect(() => lab.derivative(id, [1, 2])).toThrow(/row operation.*lab\.backward/);
      }
    });
  });

  describe('inputs', () => {
    it.each([
      ['a string', 'abc'],
      ['a number', 5],
      ['undefined', undefined],
      ['a plain object', { length: 2, 0: 1, 1: 2 }],
      ['a BigInt64Array', new BigInt64Array(2)],
      ['a DataView', new DataView(new ArrayBuffer(8))],
    ])('x as %s throws TypeError', (_, x) => {
      expect(() => lab.activate('relu', x)).toThrow(TypeError);
    });

    it('an array holding a non-number throws TypeError naming the index', () => {
      expect(() => lab.activate('relu', [1, '2', 3])).toThrow(/x\[1\] must be a number/);
      expect(() => lab.activate('relu', [1, null])).toThrow(TypeError);
    });

    it('a non-numeric upstream throws TypeError', () => {
      expect(() => lab.backward('relu', [1, 2], 'ab')).toThrow(/upstream must be/);
    });

    it('an upstream of the wrong length throws RangeError', () => {
      expect(() => lab.backward('relu', [1, 2], [1])).toThrow(RangeError);
      expect(() => lab.backward('maxout', [1, 2, 3, 4], [1, 2, 3, 4], { pieces: 2 })).toThrow(/length 2/);
    });
  });

  describe('out', () => {
    it('an out of the wrong length throws RangeError with both lengths', () => {
      expect(() => lab.activate('relu', new Float32Array(4), {}, new Float32Array(3))).toThrow(
        /out has length 3 but must have length 4/,
      );
      expect(() => lab.activate('maxout', new Float32Array(4), { pieces: 2 }, new Float32Array(4))).toThrow(RangeError);
    });

    it('an out that is not a Float32Array throws TypeError', () => {
      expect(() => lab.activate('relu', [1, 2], {}, new Float64Array(2))).toThrow(TypeError);
      expect(() => lab.activate('relu', [1, 2], {}, [0, 0])).toThrow(TypeError);
    });
  });

  describe('params', () => {
    it('a string value throws TypeError naming the parameter', () => {
      expect(() => lab.activate('leaky_relu', [1], { negative_slope: '0.1' })).toThrow(TypeError);
      expect(() => lab.activate('leaky_relu', [1], { negative_slope: '0.1' })).toThrow(/negative_slope/);
    });

    it('a non-finite value throws RangeError naming the parameter', () => {
      for (const value of [NaN, Infinity, -Infinity]) {
        expect(() => lab.activate('elu', [1], { alpha: value })).toThrow(RangeError);
        expect(() => lab.activate('elu', [1], { alpha: value })).toThrow(/alpha must be a finite number/);
      }
    });

    it('an out-of-range value throws RangeError with the allowed range from the catalogue', () => {
      expect(() => lab.activate('leaky_relu', [1], { negative_slope: 2 })).toThrow(RangeError);
      expect(() => lab.activate('leaky_relu', [1], { negative_slope: 2 })).toThrow(
        /negative_slope = 2 is outside the allowed range \[0, 1\]/,
      );
      expect(() => lab.derivative('softplus', [1], { beta: 0 })).toThrow(/beta = 0 is outside the allowed range \[0\.00999999978, 100\]/);
      expect(() => lab.backward('celu', [1], [1], { alpha: 1e6 })).toThrow(RangeError);
    });

    it('a value that overflows float32 is refused as out of range', () => {
      expect(() => lab.activate('elu', [1], { alpha: 1e300 })).toThrow(RangeError);
    });

    it('hardtanh with min_val above max_val throws RangeError', () => {
      expect(() => lab.activate('hardtanh', [1], { min_val: 2, max_val: 1 })).toThrow(/must not exceed max_val/);
    });

    it('rrelu with lower above upper throws RangeError', () => {
      expect(() => lab.activate('rrelu', [1], { lower: 0.5 })).toThrow(RangeError);
      expect(() => lab.derivative('rrelu', [1], { lower: 0.5, upper: 0.25 })).toThrow(/rrelu: lower = 0\.5 must not exceed upper = 0\.25/);
    });

    it('a third parameter is checked like the others (xielu beta)', () => {
      expect(() => lab.activate('xielu', [1], { beta: 11 })).toThrow(/xielu: beta = 11 is outside the allowed range \[0, 10\]/);
      expect(lab.activate('xielu', [1, -1], { alpha_p: 2, alpha_n: 3, beta: 0.25 })[0]).toBe(2.25);
    });

    it('an unknown key throws RangeError listing the valid names', () => {
      expect(() => lab.activate('softplus', [1], { betta: 2 })).toThrow(
        /unknown parameter "betta"; valid parameters: beta, threshold/,
      );
      expect(() => lab.activate('relu', [1], { alpha: 2 })).toThrow(/takes no parameters/);
    });

    it('params that are not an object throw TypeError', () => {
      expect(() => lab.activate('relu', [1], 0.1)).toThrow(TypeError);
      expect(() => lab.activate('relu', [1], [0.1])).toThrow(TypeError);
    });

    it('missing keys take the catalogue defaults', () => {
      const x = [-2, 30, 0.5];
      expect(lab.activate('softplus', x, { beta: 1 })).toEqual(lab.activate('softplus', x, { beta: 1, threshold: 20 }));
      expect(lab.activate('leaky_relu', x)).toEqual(lab.activate('leaky_relu', x, { negative_slope: 0.01 }));
    });
  });

  describe('row operation options', () => {
    it('a rowLength that does not divide x.length throws RangeError', () => {
      expect(() => lab.activate('softmax', [1, 2, 3], { rowLength: 2 })).toThrow(/rowLength = 2 does not divide/);
    });

    it.each([0, -2, 1.5])('rowLength %s throws RangeError', (rowLength) => {
      expect(() => lab.activate('log_softmax', [1, 2], { rowLength })).toThrow(RangeError);
    });

    it('maxout without pieces throws TypeError saying it is required', () => {
      expect(() => lab.activate('maxout', [1, 2])).toThrow(/pieces is required/);
    });

    it('maxout pieces that do not divide x.length throw RangeError', () => {
      expect(() => lab.activate('maxout', [1, 2, 3], { pieces: 2 })).toThrow(RangeError);
    });

    it('an option of another operation throws RangeError', () => {
      expect(() => lab.activate('softmax', [1, 2], { pieces: 2 })).toThrow(/valid parameters: rowLength/);
    });
  });

  describe('per-channel PReLU alphas', () => {
    it('x.length not a multiple of alpha.length throws RangeError', () => {
      expect(() => lab.activate('prelu', [1, 2, 3], { alpha: [0.1, 0.2] })).toThrow(/not a multiple/);
    });

    it('an out-of-range alpha throws RangeError naming its channel and the range', () => {
      expect(() => lab.activate('prelu', [1, 2], { alpha: [0.1, 3] })).toThrow(
        /alpha\[1\]: prelu: alpha = 3 is outside the allowed range \[-1, 1\]/,
      );
    });

    it('a non-finite or non-numeric alpha throws', () => {
      expect(() => lab.activate('prelu', [1, 2], { alpha: [0.1, NaN] })).toThrow(RangeError);
      expect(() => lab.activate('prelu', [1, 2], { alpha: [0.1, 'x'] })).toThrow(TypeError);
      expect(() => lab.activate('prelu', [1, 2], { alpha: [] })).toThrow(RangeError);
    });
  });

  it('a refused call leaves the lab working', () => {
    expect(() => lab.activate('relu', 'x')).toThrow();
    expect([...lab.activate('relu', [-1, 1])]).toEqual([0, 1]);
  });
});
