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
  const batchMs = Math.max(0, ...configs.map((c) => {
    const widths = [c.inputWidth, ...c.hidden.map((h) => h.width), c.classes];
    let weights = 0;
    for (let l = 1; l < widths.length; l++) weights += widths[l - 1] * widths[l];
    return (6 * weights * Math.max(c.batch ?? 1, 64)) / SLOW_FLOPS_PER_MS; // forward + backward; an evaluation slice is at least 64 samples
  }));
  return Math.round(BASE_STALL_MS + 3 * batchMs);
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
