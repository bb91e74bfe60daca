// Shared by tests/bench/cnn_vs_tfjs.mjs and cnn_profile.mjs: the Hansen CNN
// as an ActLab layer spec, and what TF.js 4.22's wasm backend needs to train it
// (a Conv2DBackpropFilter kernel, Adam with clipvalue).
import { uniformFloats } from './timing.mjs';

// The body of the Hansen CNN as an ActLab layer spec (the engine appends dense 10 + softmax).
export const HANSEN_LAYERS = [
  { conv2d: { filters: 32, kernel: 3, padding: 'valid' } }, { act: 'relu' },
  { conv2d: { filters: 64, kernel: 3, padding: 'valid' } }, { act: 'relu' },
  { maxpool: 2 }, { dropout: 0.25 }, { flatten: true },
  { dense: 128 }, { act: 'relu' }, { dropout: 0.5 },
];
// Conv2DBackpropFilter for the wasm backend from its Transpose and Conv2D
// kernels: dW[i][j][c][f] = sum over n, y, x of x[n][y+i][x+j][c] dy[n][y][x][f]
// is a valid conv2d of x as [C, H, W, N] (batch C, channels N) with dy as a
// [Ho, Wo, N, F] filter, giving [C, k, k, F], transposed to [k, k, C, F].
export function registerConv2DBackpropFilter(tf) {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return false;
  const transpose = tf.getKernel('Transpose', 'wasm').kernelFunc;
  const conv2d = tf.getKernel('Conv2D', 'wasm').kernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, filterShape } = attrs;
      const unit = (s) => (Array.isArray(s) ? s.every((v) => v === 1) : s === 1);
      if (!unit(strides) || !(pad === 'valid' || pad === 0) || (dataFormat ?? 'NHWC') !== 'NHWC') {
        throw new Error(`benchmark Conv2DBackpropFilter: only stride 1, valid padding, NHWC (got ${JSON.stringify({ strides, pad, dataFormat })})`);
      }
      const xT = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
      const dyT = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
      const product = conv2d({
        inputs: { x: xT, filter: dyT }, backend,
        attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
      });
      const dw = transpose({ inputs: { x: product }, backend, attrs: { perm: [1, 2, 0, 3] } });
      for (const t of [xT, dyT, product]) backend.disposeData(t.dataId);
      if (dw.shape.join() !== filterShape.join()) throw new Error(`benchmark Conv2DBackpropFilter: shape ${dw.shape} != ${filterShape}`);
      return dw;
    },
  });
  return true;
}

// tf.train.adam plus Keras' clipvalue: every gradient clipped to [-clip, clip] first.
export function clippedAdam(tf, learningRate, clip) {
  class ClippedAdam extends tf.AdamOptimizer {
    applyGradients(gradients) {
      const list = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
      const clipped = list.map(({ name, tensor }) => ({ name, tensor: tf.clipByValue(tensor, -clip, clip) }));
      try {
        super.applyGradients(clipped);
      } finally {
        clipped.forEach(({ tensor }) => tensor.dispose());
      }
    }
  }
  return new ClippedAdam(learningRate, 0.9, 0.999, 1e-7);
}

// Checks the shim against a plain triple loop on a small case (valid, stride 1).
export function checkConv2DBackpropFilter(tf) {
  const [n, h, w, c, k, f] = [3, 6, 5, 2, 3, 4];
  const ho = h - k + 1, wo = w - k + 1;
  const x = uniformFloats(n * h * w * c, 11), dy = uniformFloats(n * ho * wo * f, 12);
  // d/dW of sum(conv2d(x, W) * dy) is the Conv2DBackpropFilter of x and dy (the path model.fit takes).
  const got = tf.tidy(() => {
    const xT = tf.tensor4d(x, [n, h, w, c]), dyT = tf.tensor4d(dy, [n, ho, wo, f]);
    return tf.grad((filter) => tf.sum(tf.mul(tf.conv2d(xT, filter, 1, 'valid'), dyT)))(tf.zeros([k, k, c, f])).dataSync();
  });
  let worst = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let ch = 0; ch < c; ch++) for (let o = 0; o < f; o++) {
    let sum = 0;
    for (let s = 0; s < n; s++) for (let y = 0; y < ho; y++) for (let xx = 0; xx < wo; xx++) {
      sum += x[((s * h + y + i) * w + xx + j) * c + ch] * dy[((s * ho + y) * wo + xx) * f + o];
    }
    worst = Math.max(worst, Math.abs(sum - got[((i * k + j) * c + ch) * f + o]));
  }
  if (!(worst < 1e-4)) throw new Error(`benchmark Conv2DBackpropFilter differs from the loop by ${worst}`);
}


/**
 * A Conv2DBackpropInput for the wasm backend on XNNPACK (TF.js 4.22's own is a
 * plain loop): for a valid, stride-1 convolution, dx = conv2d(dy, W rotated by
 * 180° with its channel axes swapped, padding k - 1). Not part of TF.js: the
 * benchmark runs it as a "what if" contender, swapped in with withKernel().
 */
export function xnnpackConv2DBackpropInput(tf) {
  const transpose = tf.getKernel('Transpose', 'wasm').kernelFunc;
  const reverse = tf.getKernel('Reverse', 'wasm').kernelFunc;
  const conv2d = tf.getKernel('Conv2D', 'wasm').kernelFunc;
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs;
      const { strides, pad, dataFormat, inputShape } = attrs;
      const unit = (s) => (Array.isArray(s) ? s.every((v) => v === 1) : s === 1);
      if (!unit(strides) || !(pad === 'valid' || pad === 0) || (dataFormat ?? 'NHWC') !== 'NHWC' || filter.shape[0] !== filter.shape[1]) {
        throw new Error(`benchmark Conv2DBackpropInput: only stride 1, valid padding, NHWC, square kernels (got ${JSON.stringify({ strides, pad, dataFormat })})`);
      }
      const k = filter.shape[0];
      const rotated = reverse({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } });
      const swapped = transpose({ inputs: { x: rotated }, backend, attrs: { perm: [0, 1, 3, 2] } });
      const dx = conv2d({
        inputs: { x: dy, filter: swapped }, backend,
        attrs: { strides: [1, 1], pad: k - 1, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
      });
      backend.disposeData(rotated.dataId), backend.disposeData(swapped.dataId);
      if (dx.shape.join() !== inputShape.join()) throw new Error(`benchmark Conv2DBackpropInput: shape ${dx.shape} != ${inputShape}`);
      return dx;
    },
  };
}

/** Runs await fn() with kernel config `config` registered in place of the backend's own, restored after. */
export async function withKernel(tf, config, fn) {
  const original = tf.getKernel(config.kernelName, config.backendName);
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
  try {
    return await fn();
  } finally {
    tf.unregisterKernel(config.kernelName, config.backendName);
    if (original) tf.registerKernel(original);
  }
}

/** Checks xnnpackConv2DBackpropInput against the backend's own kernel on a small case. */
export async function checkConv2DBackpropInput(tf) {
  const [n, h, w, c, k, f] = [3, 7, 6, 5, 3, 4];
  const x = tf.tensor4d(uniformFloats(n * h * w * c, 21), [n, h, w, c]);
  const filter = tf.tensor4d(uniformFloats(k * k * c * f, 22), [k, k, c, f]);
  const dy = tf.tensor4d(uniformFloats(n * (h - k + 1) * (w - k + 1) * f, 23), [n, h - k + 1, w - k + 1, f]);
  const dx = () => tf.tidy(() => tf.grad((input) => tf.sum(tf.mul(tf.conv2d(input, filter, 1, 'valid'), dy)))(x).dataSync());
  const stock = dx();
  const fast = await withKernel(tf, xnnpackConv2DBackpropInput(tf), async () => dx());
  const worst = stock.reduce((m, v, i) => Math.max(m, Math.abs(v - fast[i])), 0);
  [x, filter, dy].forEach((t) => t.dispose());
  if (!(worst < 1e-4)) throw new Error(`benchmark Conv2DBackpropInput differs from TF.js's own by ${worst}`);
}
