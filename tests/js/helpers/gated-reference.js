// The gated units in double, from the accuracy view's double references
// (web/src/accuracy/reference.js), and the error measure of cpp/verify/sweep.cpp.
import { REFERENCE } from '../../../web/src/accuracy/reference.js';

const F64 = new Float64Array(1);
const BITS = new Uint32Array(F64.buffer);

/** { y, dGate, dValue, slope } of a gated unit spec at (gate, value): g(gate) * value and both partials, in double. */
export function gatedReference(unit, gate, value) {
  const [g, gPrime] = REFERENCE[unit.gate];
  const gOfGate = g(gate, {});
  const slope = gPrime(gate, {});
  return { y: gOfGate * value, dGate: slope * value, dValue: gOfGate, slope };
}

/**
 * |y - r| in float32 ULPs of r's binade (2^-149 at and below the subnormals), as
 * ulp_error in cpp/verify/sweep.cpp: 0 for an exact 0 against 0 and for NaN against
 * NaN; Infinity for a NaN or infinity mismatch (a float infinity matches an r that rounds to it).
 */
export function ulpError(y, r) {
  if (Number.isNaN(y) || Number.isNaN(r)) return Number.isNaN(y) && Number.isNaN(r) ? 0 : Infinity;
  if (!Number.isFinite(y)) return Math.abs(r) >= 2 ** 128 * (1 - 2 ** -25) && Math.sign(r) === Math.sign(y) ? 0 : Infinity;
  if (!Number.isFinite(r)) return Infinity;
  F64[0] = r;
  const binade = ((BITS[1] >>> 20) & 0x7ff) - 1023;
  return Math.abs(y - r) / 2 ** (Math.max(binade, -126) - 23);
}
