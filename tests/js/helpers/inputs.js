// Deterministic test inputs: ordinary values over the interesting range, plus
// the special values (signed zeros, subnormals, huge values, infinities, NaN).

const SPECIALS = [0, -0, 1e-45, -1e-45, 1e-38, -1e-38, 1e-7, -1e-7, 3e38, -3e38, Infinity, -Infinity, NaN];

/** n float32 values: a fixed pseudo-random spread over [-40, 40] with specials sprinkled in. */
export function mixedInputs(n, seed = 1) {
  const x = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = i % 17 === 5 ? SPECIALS[(i / 17) % SPECIALS.length | 0] : (state / 2 ** 32) * 80 - 40;
  }
  return x;
}

/** The special values alone, as a Float32Array. */
export function specialInputs() {
  return Float32Array.from(SPECIALS);
}
