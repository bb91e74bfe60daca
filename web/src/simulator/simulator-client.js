// The page's side of the simulator worker, on ActLab's worker protocol
// (workers/worker-client.js). Requests are latest-wins: while one runs, a
// newer request replaces any request still waiting, and the replaced one
// resolves as { stale: true } without ever being computed. A request
// identical to the running one (a tab switched back, the language or the
// plotted quantity changed) joins it and resolves with its result. A run that
// has taken longer than ABANDON_MS (or twice the last finished run, if more)
// when a different request arrives is stopped: it resolves as stale at once,
// the worker is asked to stop it (it does so between two slices), and if the
// worker has not answered within STOP_MS it is terminated and a fresh one
// takes the newer request. A worker that sends nothing (no progress, no
// answer) for longer than the run can take is stopped by the watchdog.
import { createWorkerClient } from '../workers/worker-client.js';
import { parseResult } from './run-simulations.js';

const ABANDON_MS = 400;
const STOP_MS = 200;
const MACS_PER_MS = 2e5; // a slow engine's multiply-adds per ms, for the stall bound

// The longest silence a healthy worker can keep while computing configs: loading the module, one
// piece, or a layer's weights (an orthogonal one's QR grows with width³).
export function stallBound(configs) {
  const widest = Math.max(1, ...configs.map((c) => Math.max(c.width ?? 64, c.inputWidth ?? 0)));
  const orthogonal = configs.some((c) => c.init === 'orthogonal');
  return 8000 + (40 * widest * widest + (orthogonal ? 4 * widest ** 3 : 0)) / MACS_PER_MS;
}

/**
 * createWorker() makes the worker (a function, so tests can pass a fake);
 * flavour: 'simd' or 'scalar'; warmUpIds: activation ids each new worker
 * runs small stacks of while idle (warm-up.js), or none; timers: for tests.
 * Returns { run(configs, { onProgress }), close() }: run resolves to
 * { results, ms }, or { stale: true }, and rejects with an Error when the
 * worker cannot load the simulator, dies or stalls.
 */
export function createSimulatorClient(createWorker, flavour, warmUpIds = [], { timers = globalThis } = {}) {
  const makeWorker = () => {
    const worker = createWorker();
    if (warmUpIds.length) worker.postMessage({ warmUp: warmUpIds, flavour });
    return worker;
  };
  const workers = createWorkerClient(makeWorker, { timers });
  let running = null; // the waiting job it was, plus { handle, started, progress: [callbacks], requeue }
  let waiting = null; // { configs, key, resolve, reject, onProgress }
  let lastRunMs = 0; // wall time of the last finished run
  const stopMs = []; // ms from each stop to the worker's answer (Infinity: it was replaced instead)

  // Resolves job as stale and asks the worker to stop it; a worker that does not answer in STOP_MS is replaced.
  function stopRunning() {
    const job = running;
    running = null;
    job.resolve({ stale: true });
    let answered = false;
    const asked = performance.now();
    const answer = () => {
      if (!answered) stopMs.push(performance.now() - asked);
      answered = true;
    };
    job.handle.stop().then(answer, answer);
    timers.setTimeout(() => {
      if (answered) return;
      answered = true;
      stopMs.push(Infinity);
      if (running) running.requeue = true; // the newer request was posted to this worker too: post it again
      workers.restart(); // pending requests reject 'closed'; the next request starts a fresh worker
    }, STOP_MS);
  }

  function startNext() {
    if (running || !waiting) return;
    const job = waiting;
    waiting = null;
    const progress = job.onProgress ? [job.onProgress] : [];
    const handle = workers.request('simulate', { flavour, configs: job.configs }, {
      stallMs: stallBound(job.configs),
      onProgress: (info) => progress.forEach((callback) => callback(info)),
    });
    const current = { ...job, handle, started: performance.now(), progress };
    running = current;
    handle.done.then(({ result, stopped }) => {
      if (running !== current) return; // stopped and already answered as stale
      running = null;
      lastRunMs = performance.now() - current.started;
      if (stopped || !result) current.resolve({ stale: true });
      else current.resolve({ results: result.texts.map(parseResult), ms: result.ms });
      startNext();
    }, (failure) => {
      if (running !== current) return;
      running = null;
      if (current.requeue && failure.code === 'closed') { // its worker was replaced under it: run it on the fresh one
        if (waiting) current.resolve({ stale: true });
        else waiting = { ...current, onProgress: (info) => current.progress.forEach((callback) => callback(info)) };
      } else {
        const error = () => Object.assign(new Error(failure.message), { code: failure.code });
        current.reject(error());
        if (failure.code === 'crashed' || failure.code === 'stalled') { // the worker died: what waited for it fails too
          waiting?.reject(error());
          waiting = null;
        }
      }
      startNext();
    });
  }

  return {
    /** Queues configs (latest wins); resolves to { results, ms } or { stale: true }; onProgress gets { run, runs, fraction }. */
    run(configs, { onProgress } = {}) {
      const key = JSON.stringify(configs);
      if (running?.key === key) { // the same work is under way: wait for it, drop anything queued behind it
        waiting?.resolve({ stale: true });
        waiting = null;
        if (onProgress) running.progress.push(onProgress);
        const joined = running;
        return new Promise((resolve, reject) => {
          const [first, failed] = [joined.resolve, joined.reject];
          joined.resolve = (value) => { first(value); resolve(value); };
          joined.reject = (error) => { failed(error); reject(error); };
        });
      }
      return new Promise((resolve, reject) => {
        waiting?.resolve({ stale: true });
        waiting = { configs, key, resolve, reject, onProgress };
        if (running && performance.now() - running.started > Math.max(ABANDON_MS, 2 * lastRunMs)) stopRunning();
        startNext();
      });
    },
    /** Milliseconds from each stop to the worker's answer (Infinity where the worker was replaced). */
    stopTimings: () => [...stopMs],
    /** Terminates the worker silently, as if it had died: only the watchdog notices (fault tests). */
    kill: () => workers.kill(),
    /** Stops the worker; pending requests resolve as stale. */
    close() {
      for (const job of [running, waiting]) job?.resolve({ stale: true });
      running = waiting = null;
      workers.close();
    },
  };
}
