// Units in the last place of float32, and errors measured in them.

const F32 = new Float32Array(1);
const BITS = new Uint32Array(F32.buffer);

/** The spacing of float32 numbers at value (rounded to float32 first): 2^-149 for zero and subnormals. */
export function ulp32(value) {
  F32[0] = Math.abs(value);
  const exponent = (BITS[0] >>> 23) & 0xff;
  if (exponent === 0xff) return Infinity;
  return exponent === 0 ? 2 ** -149 : 2 ** (exponent - 127 - 23);
}

/** (approx − exact) in units of ulp32(exact), in double; NaN when either is not finite. */
export function ulpError(approx, exact) {
  if (!Number.isFinite(approx) || !Number.isFinite(exact)) {
    return approx === exact || (Number.isNaN(approx) && Number.isNaN(exact)) ? 0 : NaN;
  }
  return (approx - exact) / ulp32(exact);
}
