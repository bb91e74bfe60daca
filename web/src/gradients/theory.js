// The per-layer factor by which a gradient's size changes between stacked
// layers, where theory gives one (zero-mean weights, zero bias, square layers).
// Backward, dL/da_{l-1} = W_lᵀ (f'(z_l) ⊙ dL/da_l), so each layer multiplies
// the gradient's second moment by q² = width · Var(W) · E[f'(z)²]
// (He et al. 2015, Glorot & Bengio 2010).

/** Var(W) of a width x width layer under the scheme, or null (constant weights have no symmetric spread). */
export function weightVariance(state, width) {
  const g2 = state.ggain ** 2;
  switch (state.ginit) {
    case 'xavier_normal': case 'xavier_uniform': case 'lecun_normal': case 'lecun_uniform': case 'orthogonal':
      return g2 / width;
    case 'he_normal': case 'he_uniform':
      return (2 * g2) / width;
    case 'normal':
      return g2 * state.gstd ** 2;
    case 'uniform':
      return (g2 * state.gbound ** 2) / 3;
    default:
      return null;
  }
}

/**
 * E[f'(z)²] for z symmetric about 0: { value, exact } where exact is false
 * when value is only an upper bound (sigmoid: σ' ≤ 1/4), or null when no
 * closed form holds for every spread of z.
 */
export function slopeMoment(id, params) {
  switch (id) {
    case 'relu': return { value: 0.5, exact: true };
    case 'leaky_relu': return { value: (1 + params.negative_slope ** 2) / 2, exact: true };
    case 'prelu': return { value: (1 + params.alpha ** 2) / 2, exact: true };
    case 'identity': return { value: 1, exact: true };
    case 'sigmoid': return { value: 1 / 16, exact: false };
    default: return null;
  }
}

/**
 * Per-layer factor of quantity q ('gradZRms', 'gradARms' or 'gradWNorm')
 * from the last layer towards the first, for activation id: { factor, exact }
 * or null. For positively homogeneous activations the forward pass scales
 * activations by the same q, so ‖∂L/∂W_l‖ stays level (factor 1).
 */
export function layerFactor(state, id, params, quantity) {
  if (state.gbias !== 0 || state.gwidth < 2 || state.gdepth < 2) return null;
  if ((state.gnorm ?? 'none') !== 'none' || state.gskip > 0 || state.gdrop > 0 || state.gbstd > 0) return null; // plain, unbiased stacks only
  const variance = weightVariance(state, state.gwidth);
  const slope = slopeMoment(id, params);
  if (variance === null || slope === null) return null;
  const factor = Math.sqrt(state.gwidth * variance * slope.value);
  if (quantity === 'gradZRms' || quantity === 'gradARms') return { factor, exact: slope.exact };
  if (quantity === 'gradWNorm' && slope.exact) return { factor: 1, exact: true };
  return null;
}

/** The theory line: value at layer l = anchor · factor^(depth − l), anchored on the last layer's measured value. */
export function theoryLine(anchor, factor, depth) {
  return Array.from({ length: depth }, (_, i) => anchor * factor ** (depth - 1 - i));
}

/** The theory line as log10 values (no underflow at any depth): log10(anchor) + (depth − l) · log10(factor). */
export function theoryLog10Line(anchor, factor, depth) {
  const a = Math.log10(anchor), f = Math.log10(factor);
  return Array.from({ length: depth }, (_, i) => a + (depth - 1 - i) * f);
}
