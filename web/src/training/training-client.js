// The page's side of the training worker: the worker protocol's client
// (web/src/workers/worker-client.js) with the build flavour added to every
// request, and the watchdog's stall bound scaled to the networks' size.
import { createWorkerClient } from '../workers/worker-client.js';

// Floating-point operations per millisecond of a slow machine (0.25 GFLOP/s):
// the stall bound assumes no worse, so only a worker that is really stuck stalls.
const SLOW_FLOPS_PER_MS = 2.5e5;
const BASE_STALL_MS = 5000;

/**
 * The longest silence (ms) to allow the worker for configs (trainer configs):
 * a few seconds plus three times what one batch of the largest network may
 * take, since a batch is the smallest piece of work between two messages.
 */
export function stallBound(configs) {
  const batchMs = Math.max(0, ...configs.map((c) => (6 * macsPerSample(c) * Math.max(c.batch ?? 1, 64)) / SLOW_FLOPS_PER_MS)); // forward + backward; an evaluation slice is at least 64 samples
  return Math.round(BASE_STALL_MS + 3 * batchMs);
}

/**
 * Multiply-adds of one sample's forward pass through a trainer config: its
 * dense layers' weights (hidden, or a layer spec's dense and conv2d layers
 * at their output sizes) and the output layer.
 */
export function macsPerSample(c) {
  if (!c.layers) {
    const widths = [c.inputWidth, ...(c.hidden ?? []).map((h) => h.width), c.classes];
    let weights = 0;
    for (let l = 1; l < widths.length; l++) weights += widths[l - 1] * widths[l];
    return weights;
  }
  let [channels, height, width] = c.inputShape ?? [c.inputWidth, 1, 1];
  let macs = 0;
  for (const layer of c.layers) {
    if (layer.dense !== undefined) {
      const units = layer.dense.units ?? layer.dense;
      macs += channels * height * width * units;
      [channels, height, width] = [units, 1, 1];
    } else if (layer.conv2d) {
      const { filters, kernel, padding } = layer.conv2d;
      const cut = padding === 'same' ? 0 : kernel - 1;
      [height, width] = [Math.max(1, height - cut), Math.max(1, width - cut)];
      macs += filters * height * width * channels * kernel * kernel;
      channels = filters;
    } else if (layer.maxpool) {
      [height, width] = [Math.max(1, Math.floor(height / layer.maxpool)), Math.max(1, Math.floor(width / layer.maxpool))];
    } else if (layer.flatten) {
      [channels, height, width] = [channels * height * width, 1, 1];
    }
  }
  return macs + channels * height * width * c.classes;
}

/**
 * createWorker() makes the worker; flavour: 'simd' or 'scalar'. Returns the
 * worker client's { request(kind, fields, options) -> { id, done, stop() },
 * restart(), close(), kill() } with { flavour } in every request.
 */
export function createTrainingClient(createWorker, flavour, options) {
  const client = createWorkerClient(createWorker, options);
  return {
    request: (kind, fields = {}, requestOptions) => client.request(kind, { flavour, ...fields }, requestOptions),
    restart: () => client.restart(),
    close: () => client.close(),
    kill: () => client.kill(),
  };
}
