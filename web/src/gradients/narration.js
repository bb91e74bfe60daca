// The live part of each preset's sentence: pure functions from the current
// results to string keys with their variables ({ key, vars }), so every
// number the page says is read from the run it describes. Where a number
// disagrees with the source's claim, the verdict key says so. The view turns
// them into text with t(); tests call them on real simulator results.
import { num } from '../details/property-text.js';
import { layerFactor, weightVariance } from './theory.js';
import { layerRanges } from '../ui/log-axis.js';

/** Nielsen, ch. 5: ‖∂C/∂b_l‖ of a 4×30 sigmoid net on MNIST before training, layers 1 to 4. */
export const NIELSEN_SPEEDS = [0.003, 0.017, 0.070, 0.285];

const FLOAT32_TINY = 1.401298464324817e-45; // the smallest positive float32 (a subnormal)

/** A value for a sentence: 3 significant digits, "0" for an exact zero. */
export const v3 = (value) => num(value, 3);

/** A ratio for a sentence: "1/97" below 1, "1.12×" at or above 1, or the non-finite value spelled out. */
export function ratioText(ratio) {
  if (!Number.isFinite(ratio) || ratio <= 0) return num(ratio, 3);
  return ratio < 1 ? `1/${num(1 / ratio, 3)}` : `${num(ratio, 3)}×`;
}

/** The geometric mean per-layer factor from layer `from` to layer `to` (1-based) of values; NaN if either end is not positive. */
export function perLayer(values, from, to) {
  const a = values[from - 1], b = values[to - 1];
  if (!(a > 0 && b > 0) || to === from) return NaN;
  return (a / b) ** (1 / (to - from));
}

/** Whether a and b agree within a factor `within` (both positive). */
export const within = (a, b, factor) => a > 0 && b > 0 && Math.max(a / b, b / a) <= factor;

/** The layers (1-based) whose value is exactly 0 or below float32's smallest positive value. */
export const zeroLayers = (values) => values.flatMap((v, i) => (v === 0 || (Math.abs(v) < FLOAT32_TINY && Number.isFinite(v)) ? [i + 1] : []));

/** The setting keys whose current value differs from what the preset set: [{ key, from, to }] (values as JSON-able). */
export function presetDifferences(state, presetState) {
  const out = [];
  for (const [key, wanted] of Object.entries(presetState)) {
    if (key === 'hide') continue;
    const now = state[key];
    if (JSON.stringify(now) !== JSON.stringify(wanted)) out.push({ key, from: wanted, to: now });
  }
  const hidden = (state.hide ?? []).filter((id) => presetState.fn.includes(id));
  if (hidden.length) out.push({ key: 'hide', from: [], to: hidden });
  return out;
}

// One sentence.
const say = (key, vars = {}) => ({ key, vars });

// A run's per-layer values of field.
const field = (result, name) => result.layers.map((s) => s[name]);

const NARRATORS = {
  nielsen({ sigmoid }, state) {
    const speeds = field(sigmoid.result, 'gradBNorm');
    const L = speeds.length, first = speeds[0], last = speeds[L - 1];
    if (L < 2) return [say('liveNeedsDepth2')];
    const ratio = first / last;
    const out = [say('live_nielsen', { L, first: v3(first), last: v3(last), ratio: ratioText(ratio) })];
    if (L !== 4) {
      out.push(say('live_nielsen_depth', { nielsen: ratioText(NIELSEN_SPEEDS[0] / NIELSEN_SPEEDS[3]) }));
    } else {
      const theirs = NIELSEN_SPEEDS[0] / NIELSEN_SPEEDS[3];
      const steps = [1, 2, 3].map((l) => v3(speeds[l - 1] / speeds[l])).join(', ');
      const nielsenSteps = [1, 2, 3].map((l) => v3(NIELSEN_SPEEDS[l - 1] / NIELSEN_SPEEDS[l])).join(', ');
      const vars = { nielsen: ratioText(theirs), steps, nielsenSteps, apart: v3(Math.max(ratio / theirs, theirs / ratio)) };
      out.push(say(within(ratio, theirs, 2) ? 'live_nielsen_agree' : 'live_nielsen_differ', vars));
    }
    out.push(say('live_nielsen_scale', { last: v3(last), his: v3(NIELSEN_SPEEDS[3]), apart: v3(last / NIELSEN_SPEEDS[3]), batch: state.gbatch, L }));
    return out;
  },

  chain({ sigmoid }, state) {
    const chain = sigmoid.result.chain ?? [];
    if (chain.length === 0) return [say('liveNeedsWidth1', { width: state.gwidth })];
    const L = chain.length - 1;
    const middle = chain.filter((f) => f.layer >= 2 && f.layer <= L);
    const upstream = chain[chain.length - 1].factor;
    const below = middle.filter((f) => Math.abs(f.factor) < 1).length;
    const vars = {
      n: middle.length, factors: middle.map((f) => v3(f.factor)).join(', '), below,
      first: v3(chain[0].factor), upstream: v3(upstream), product: v3(sigmoid.result.chainProduct),
      ratio: ratioText(Math.abs(sigmoid.result.chainProduct / upstream)),
    };
    if (middle.length === 0) return [say('live_chain_short', vars)];
    return [say('live_chain', vars), say(Math.abs(sigmoid.result.chainProduct) < Math.abs(upstream) ? 'live_chain_agree' : 'live_chain_differ', vars)];
  },

  glorot({ sigmoid, tanh }, state) {
    const L = state.gdepth;
    if (L < 2) return [say('liveNeedsDepth2')];
    const rms = (run) => field(run.result, 'gradZRms');
    const t = rms(tanh), s = rms(sigmoid);
    const tf = perLayer(t, 1, L), sf = perLayer(s, 1, L);
    const bound = layerFactor(state, 'sigmoid', {}, 'gradZRms');
    const vars = {
      L, tf: v3(tf), sf: v3(sf), tr: ratioText(t[0] / t[L - 1]), sr: ratioText(s[0] / s[L - 1]),
      bound: bound ? v3(bound.factor) : '—',
    };
    const agree = within(tf, 1, 1 / 0.7) && sf < 0.5;
    return [say(bound ? 'live_glorot' : 'live_glorot_nobound', vars), say(agree ? 'live_glorot_agree' : 'live_glorot_differ', vars)];
  },

  reluXavier({ relu }, state) {
    const L = state.gdepth;
    if (L < 2) return [say('liveNeedsDepth2')];
    const g = field(relu.result, 'gradZRms'), a = field(relu.result, 'aStd');
    const f = perLayer(g, 1, L);
    const theory = layerFactor(state, 'relu', {}, 'gradZRms');
    const vars = {
      L, f: v3(f), ratio: ratioText(g[0] / g[L - 1]), fa: v3(1 / perLayer(a, 1, L)),
      theory: theory ? v3(theory.factor) : '—', theoryRatio: theory ? ratioText(theory.factor ** (L - 1)) : '—',
    };
    if (!theory) return [say('live_relu_notheory', vars)];
    return [say('live_reluXavier', vars), say(within(f, theory.factor, 1.05) ? 'live_theory_agree' : 'live_theory_differ', vars)];
  },

  reluHe({ relu }, state) {
    const L = state.gdepth;
    if (L < 2) return [say('liveNeedsDepth2')];
    const g = field(relu.result, 'gradZRms');
    const ratio = g[0] / g[L - 1];
    const theory = layerFactor(state, 'relu', {}, 'gradZRms');
    const vars = { L, ratio: ratioText(ratio), f: v3(perLayer(g, 1, L)), theory: theory ? v3(theory.factor) : '—' };
    if (!theory) return [say('live_relu_notheory', vars)];
    return [say('live_reluHe', vars), say(within(ratio, 1, 2) ? 'live_reluHe_agree' : 'live_reluHe_differ', vars)];
  },

  selu({ selu }) {
    const layers = selu.result.layers, first = layers[0], last = layers[layers.length - 1];
    const vars = { L: layers.length, m1: v3(first.aMean), s1: v3(first.aStd), m: v3(last.aMean), s: v3(last.aStd) };
    const agree = Math.abs(last.aMean) < 0.1 && Math.abs(last.aStd - 1) < 0.1;
    return [say('live_selu', vars), say(agree ? 'live_selu_agree' : 'live_selu_differ', vars)];
  },

  exploding({ sigmoid }, state) {
    const chain = sigmoid.result.chain ?? [];
    if (chain.length === 0) return [say('liveNeedsWidth1', { width: state.gwidth })];
    const L = chain.length - 1;
    if (L < 2) return [say('liveNeedsDepth2')];
    const b = field(sigmoid.result, 'gradBNorm');
    const middle = chain.filter((f) => f.layer >= 2 && f.layer <= L).map((f) => f.factor);
    const vars = { L, factors: middle.map(v3).join(', '), first: v3(b[0]), last: v3(b[L - 1]), f: v3(perLayer(b, 1, L)) };
    const agree = middle.every((f) => f === 25);
    return [say('live_exploding', vars), say(agree ? 'live_exploding_agree' : 'live_exploding_differ', vars)];
  },

  clipped({ sigmoid }, state) {
    const { clip, layers } = sigmoid.result;
    const L = layers.length;
    const vars = {
      L, before: v3(clip.normBefore), after: v3(clip.normAfter), scale: v3(clip.scale), threshold: v3(state.gclipv),
      b1: v3(layers[0].gradBNorm), b1c: v3(layers[0].gradBNormClipped), bL: v3(layers[L - 1].gradBNorm), bLc: v3(layers[L - 1].gradBNormClipped),
      ratio: ratioText(layers[0].gradBNorm / layers[L - 1].gradBNorm), ratioC: ratioText(layers[0].gradBNormClipped / layers[L - 1].gradBNormClipped),
    };
    if (state.gclip === 'off') return [say('live_clip_off', vars)];
    if (state.gclip === 'value') return [say('live_clip_value', vars)];
    if (clip.scale === 1) return [say('live_clip_unneeded', vars)];
    return [say('live_clipped', vars)];
  },

  residual50: residual,
  residual200: residual,

  sigmoidBn({ sigmoid }, state) {
    const L = state.gdepth;
    if (L < 2) return [say('liveNeedsDepth2')];
    const plain = variantOf(sigmoid, 'noNorm');
    if (state.gnorm === 'none' || !plain) return [say('liveNeedsVariant', { what: 'noNorm' })];
    const g = field(sigmoid.result, 'gradZRms'), p = field(plain.result, 'gradZRms');
    const fn = perLayer(g, 1, L), fp = perLayer(p, 1, L);
    const vars = { L, norm: NORM_NAMES[state.gnorm], fn: v3(fn), fp: v3(fp), rn: ratioText(g[0] / g[L - 1]), rp: ratioText(p[0] / p[L - 1]),
      zs: v3(sigmoid.result.layers[L - 1].zStd), zp: v3(plain.result.layers[L - 1].zStd) };
    return [say('live_sigmoidBn', vars), say(fn > 0.9 && fp < 0.5 ? 'live_sigmoidBn_agree' : 'live_sigmoidBn_differ', vars)];
  },

  prePost({ relu }, state) {
    const L = state.gdepth;
    const other = variantOf(relu, 'otherPlacement');
    if (L < 3 || state.gskip === 0 || !other || !['pre_residual', 'post_residual'].includes(state.gnormat)) return [say('liveNeedsVariant', { what: 'otherPlacement' })];
    const [post, pre] = (state.gnormat === 'post_residual' ? [relu.result, other.result] : [other.result, relu.result]).map((r) => field(r, 'gradWNorm'));
    const ratio = post[L - 1] / pre[L - 1], root = Math.sqrt(L);
    // Layer 2 is the first layer inside a branch (layer 1 is the stem, which maps the input to the width).
    const vars = { L, postL: v3(post[L - 1]), preL: v3(pre[L - 1]), ratio: v3(ratio), root: v3(root), post2: v3(post[1]), pre2: v3(pre[1]) };
    return [say('live_prePost', vars), say(post[1] > post[L - 1] ? 'live_prePost_inward' : 'live_prePost_outward', vars),
      say(ratio > 1 && within(ratio, root, 2) ? 'live_prePost_agree' : 'live_prePost_differ', vars)];
  },

  seluDropout({ selu }, state) {
    const other = variantOf(selu, 'otherDropout');
    if (state.gdrop === 0 || !other) return [say('liveNeedsVariant', { what: 'otherDropout' })];
    const [alpha, inverted] = state.gdropkind === 'alphadropout' ? [selu.result, other.result] : [other.result, selu.result];
    const L = alpha.layers.length, a = alpha.layers[L - 1], d = inverted.layers[L - 1];
    const vars = { L, p: v3(state.gdrop), am: v3(a.aMean), as: v3(a.aStd), dm: v3(d.aMean), ds: v3(d.aStd) };
    const holds = Math.abs(a.aMean) < 0.1 && Math.abs(a.aStd - 1) < 0.1;
    const drifts = Math.abs(d.aMean) >= 0.1 || Math.abs(d.aStd - 1) >= 0.1;
    return [say('live_seluDropout', vars), say(holds && drifts ? 'live_seluDropout_agree' : 'live_seluDropout_differ', vars)];
  },

  edgeOfChaos({ tanh }, state) {
    const L = state.gdepth;
    const runs = [...(tanh.variants ?? []).filter((v) => v.id === 'edge'), { result: tanh.result }]
      .filter((r) => r.result.meanField).sort((x, y) => x.result.meanField.sigmaW2 - y.result.meanField.sigmaW2);
    if (L < 8 || runs.length < 3) return [say('liveNeedsVariant', { what: 'edge' })];
    // Per layer going back, past the first layers (the length settles at q* within a few).
    const factors = runs.map((r) => perLayer(field(r.result, 'gradARms'), 6, L));
    const roots = runs.map((r) => Math.sqrt(r.result.meanField.chi1));
    const corr = runs.map((r) => r.result.layers[L - 1].zPairCorrelation);
    const vars = {
      L, sb2: v3(runs[0].result.meanField.sigmaB2),
      ...Object.fromEntries(runs.flatMap((r, i) => [[`w${i + 1}`, v3(r.result.meanField.sigmaW2)], [`f${i + 1}`, v3(factors[i])], [`t${i + 1}`, v3(roots[i])],
        [`c${i + 1}`, v3(corr[i])], [`cs${i + 1}`, v3(r.result.meanField.cStar)]])),
    };
    const agree = factors.every((f, i) => within(f, roots[i], 1.05)) && factors[0] < 1 && factors[2] > 1;
    const sentences = [say('live_edge', vars)];
    if (state.gpairs === 'on') sentences.push(say('live_edge_pairs', vars));
    return [...sentences, say(agree ? 'live_edge_agree' : 'live_edge_differ', vars)];
  },

  shattered({ relu }, state) {
    const plain = variantOf(relu, 'noSkip');
    if (state.gpairs !== 'on' || state.gskip === 0 || !plain) return [say('liveNeedsVariant', { what: 'noSkip' })];
    const L = state.gdepth;
    const r = relu.result.layers[0].gradPairCorrelation, p = plain.result.layers[0].gradPairCorrelation;
    const mid = Math.ceil(L / 2);
    const vars = { L, c0: v3(state.gpairc), r: v3(r), p: v3(p), mid, rm: v3(relu.result.layers[mid - 1].gradPairCorrelation), pm: v3(plain.result.layers[mid - 1].gradPairCorrelation), alpha: alphaText(state) };
    return [say('live_shattered', vars), say(r > p + 0.2 && p < 0.8 ? 'live_shattered_agree' : 'live_shattered_differ', vars)];
  },

  deadRelu({ relu, leaky_relu: leaky }, state) {
    const L = state.gdepth;
    const dead = field(relu.result, 'dead');
    const deepDead = L > 1 ? dead.slice(1).reduce((s, d) => s + d, 0) / (L - 1) : dead[0];
    const zeros = zeroLayers(field(relu.result, 'gradZRms')).length;
    const g = field(leaky.result, 'gradZRms');
    const slope = leaky.params.negative_slope;
    const variance = weightVariance(state, state.gwidth);
    const predicted = variance === null ? NaN : 1 / (Math.sqrt(state.gwidth * variance) * Math.abs(slope));
    const vars = {
      L, dead: v3(100 * deepDead), zeros, leakyDead: v3(100 * Math.max(...field(leaky.result, 'dead'))),
      k: v3(1 / perLayer(g, Math.min(2, L), L)), slope: v3(slope), predicted: v3(predicted),
    };
    const agree = deepDead > 0.5 && field(leaky.result, 'dead').every((d) => d === 0);
    return [say(L > 2 ? 'live_deadRelu' : 'live_deadRelu_short', vars), say(agree ? 'live_deadRelu_agree' : 'live_deadRelu_differ', vars)];
  },
};

const NORM_NAMES = { batchnorm: 'BatchNorm', layernorm: 'LayerNorm', rmsnorm: 'RMSNorm' };

// The comparison run of a kind (gvs) beside run, or undefined.
const variantOf = (run, id) => run.variants?.find((v) => v.id === id);
// "α = 1" / "α = 1/√depth" / "α = 0.5" for a sentence.
const alphaText = (state) => (state.gskipscale === 'one' ? '1' : state.gskipscale === 'inverse_sqrt_depth' ? `1/√${state.gdepth}` : v3(state.gskipalpha));

// Plain vs residual: layer 1's RMS of dL/da against layer L's, with and without the skips.
function residual({ relu }, state) {
  const L = state.gdepth;
  if (L < 2) return [say('liveNeedsDepth2')];
  const plain = variantOf(relu, 'noSkip');
  if (state.gskip === 0 || !plain) return [say('liveNeedsVariant', { what: 'noSkip' })];
  // dL/da, the gradient the skips carry (a branch's dL/dz also carries its alpha, the stem's does not).
  const g = field(relu.result, 'gradARms'), p = field(plain.result, 'gradARms');
  const r = g[0] / g[L - 1], q = p[0] / p[L - 1];
  const vars = { L, k: state.gskip, alpha: alphaText(state), residual: ratioText(r), plain: ratioText(q), zeros: layerRanges(zeroLayers(p)) };
  const collapsed = !(q >= 1e-3); // NaN (0 / 0 after underflow) counts as collapsed
  return [say(zeroLayers(p).length ? 'live_residual_zero' : 'live_residual', vars),
    say(collapsed && within(r, 1, 10) ? 'live_residual_agree' : 'live_residual_differ', vars)];
}

/**
 * The live sentences of preset id for the runs shown ({ [fn id]: { result,
 * params } }) under state: [{ key, vars }]. When a function the preset needs
 * is not shown, one sentence naming it (liveMissing, vars.ids).
 */
export function narrate(id, fnIds, runs, state) {
  const narrator = NARRATORS[id];
  if (!narrator) return [];
  const missing = fnIds.filter((fn) => !runs[fn]);
  if (missing.length) return [say('liveMissing', { ids: missing })];
  return narrator(runs, state);
}

/** The preset ids that have a narrator (every preset must). */
export const NARRATED = Object.keys(NARRATORS);
