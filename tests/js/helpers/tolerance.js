// Comparison rules between ActLab's float32 results and float64 references.

/** Same value, treating NaN as equal to NaN and +0 as equal to -0. */
export function sameValue(ours, reference) {
  return ours === reference || (Number.isNaN(ours) && Number.isNaN(reference));
}

/** The smallest magnitude that rounds to infinity in float32: 2^128 (1 - 2^-25). */
export const FLOAT32_OVERFLOW = 2 ** 128 * (1 - 2 ** -25);

/**
 * |ours - ref| <= rel * |ref| + abs, with NaN matching NaN, infinities matching exactly, and a
 * float32 infinity matching a float64 reference beyond the float32 range (its rounded value).
 */
export function withinTolerance(ours, reference, rel, abs) {
  if (sameValue(ours, reference)) return true;
  if (Number.isFinite(reference) && Math.abs(ours) === Infinity) return Math.abs(reference) >= FLOAT32_OVERFLOW && Math.sign(ours) === Math.sign(reference);
  if (!Number.isFinite(ours) || !Number.isFinite(reference)) return false;
  return Math.abs(ours - reference) <= rel * Math.abs(reference) + abs;
}

// Activations whose torch derivative is y(1 - y)-like and so only float-exact.
const LOOSE_DERIVATIVES = new Set(['sigmoid', 'tanh', 'scaled_sigmoid']);

// Where torch's float64 formula cancels (1 + erf, 1 + tanh, exp(x) - 1,
// 4 sigmoid - 2, x - tanh x), its own absolute error is a few float64 ulps of the terms
// (about 2^-52 * max(1, |x|)), however small the true value: in those tails
// torch's value is not a reference below that size. Parts listed per id.
const TORCH_CANCELS = {
  gelu: ['f', 'df'],
  gelu_tanh: ['f', 'df'],
  elu: ['f'],
  celu: ['f'],
  selu: ['f'],
  scaled_sigmoid: ['f'],
  tanhshrink: ['f', 'df'], // torch's autograd forms 1 − (1 − tanh²x)
};
const TORCH_CANCELLATION_FLOOR = 8 * 2 ** -53;

/** { rel, abs } for comparing f (part 'f') or f' (part 'df') of id at x with the PyTorch fixture. */
export function fixtureTolerance(id, part, x) {
  if (part === 'df' && LOOSE_DERIVATIVES.has(id)) return { rel: 1e-5, abs: 1e-7 };
  if (TORCH_CANCELS[id]?.includes(part)) return { rel: 2e-6, abs: TORCH_CANCELLATION_FLOOR * Math.max(1, Math.abs(x)) };
  return { rel: 2e-6, abs: 1e-30 };
}

/** Bit patterns of two Float32Arrays equal, NaN payloads aside; returns the first differing index or -1. */
export function firstBitDifference(a, b) {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) {
    if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  }
  return -1;
}
