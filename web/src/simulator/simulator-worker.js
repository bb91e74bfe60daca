// The Web Worker that runs the gradient-flow simulator off the page's thread,
// on ActLab's worker protocol (workers/worker-host.js): a request
// { id, kind: 'simulate', flavour, configs } runs in slices that a stop can
// interrupt, with progress { run, runs, fraction } at least every 200 ms, and
// is answered { id, result: { texts, ms } } (one JSON result text per config)
// or { id, result: null, stopped: true }. A { warmUp: [ids], flavour }
// message (no id, no reply) runs small stacks while no request runs (warm-up.js).
// A request { id, kind: 'phase', flavour, ...phase request } computes a share of
// the phase diagram (run-phase.js), its progress carrying every point so far.
import { loadSimulatorModule } from '../module-loader.js';
import { codedError, serveRequests } from '../workers/worker-host.js';
import { loadOnce } from './load-once.js';
import { simulateInPieces, simulateTexts } from './run-simulations.js';
import { phaseInPieces } from './run-phase.js';
import { warmUpConfigs, warmUpInSlices } from './warm-up.js';

// The simulator module of a flavour, loaded once.
const moduleFor = loadOnce(loadSimulatorModule);
let running = 0; // requests in progress (the warm-up waits while any runs)

// The simulator module of flavour, or a coded 'wasm' error with the engine's reason (for the page's sentence).
async function moduleOrFail(flavour) {
  try {
    return await moduleFor(flavour);
  } catch (error) {
    throw codedError('wasm', String(error?.cause?.message ?? error?.message ?? error));
  }
}

async function simulate({ flavour, configs }, job) {
  const module = await moduleOrFail(flavour);
  running++;
  try {
    const reply = await simulateInPieces(module, configs, job);
    return reply.stopped ? null : reply;
  } finally {
    running--;
  }
}

async function phase(request, job) {
  const module = await moduleOrFail(request.flavour);
  running++;
  try {
    return await phaseInPieces(module, request, job);
  } finally {
    running--;
  }
}

serveRequests({ simulate, phase });

self.addEventListener('message', ({ data }) => {
  if (!Array.isArray(data?.warmUp)) return;
  moduleFor(data.flavour).then(
    (module) => warmUpInSlices(warmUpConfigs(data.warmUp), (config) => simulateTexts(module, [config]), () => running > 0),
    () => {},
  );
});
