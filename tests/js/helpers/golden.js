// The golden-hash input set and hash, defined exactly as the native generator
// (cpp/verify/golden.cpp) defines them.

/** Number of golden inputs. */
export const GOLDEN_COUNT = 1048576;
/** Index where the evenly spaced half of the inputs starts. */
export const GOLDEN_HALF = 524288;

/**
 * x_i: for i < 524288 the float32 with bits (i * 2654435761 + 12345) mod 2^32;
 * for the rest, fround(-25 + 50 * (i - 524288) / 524288) computed in double.
 */
export function goldenInputs() {
  const bits = new Uint32Array(GOLDEN_COUNT);
  const floats = new Float32Array(bits.buffer);
  for (let i = 0; i < GOLDEN_HALF; i++) bits[i] = (Math.imul(i, 2654435761) + 12345) >>> 0;
  for (let i = GOLDEN_HALF; i < GOLDEN_COUNT; i++) floats[i] = -25 + (50 * (i - GOLDEN_HALF)) / GOLDEN_HALF;
  return floats;
}

/** The gated units' values: the golden inputs rotated by half (as golden_gated_values in cpp/verify/golden.cpp). */
export function goldenGatedValues(x) {
  const v = new Float32Array(x.length);
  v.set(x.subarray(x.length / 2));
  v.set(x.subarray(0, x.length / 2), x.length / 2);
  return v;
}

/** Their upstream gradient: the golden inputs reversed (golden_gated_upstream). */
export function goldenGatedUpstream(x) {
  return x.slice().reverse();
}

/** uint32 bits of each float, with every NaN replaced by 0x7fc00000. */
export function canonicalWords(floats) {
  const words = new Uint32Array(floats.length);
  words.set(new Uint32Array(floats.buffer, floats.byteOffset, floats.length));
  for (let i = 0; i < words.length; i++) {
    if ((words[i] & 0x7fffffff) > 0x7f800000) words[i] = 0x7fc00000;
  }
  return words;
}

/** 32-bit FNV-1a over the canonical words of floats, as 8 lowercase hex digits. */
export function goldenHash(floats) {
  let h = 2166136261;
  for (const w of canonicalWords(floats)) h = Math.imul(h ^ w, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}
