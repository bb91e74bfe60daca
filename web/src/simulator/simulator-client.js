// The page's side of the simulator worker. Requests are latest-wins: while one
// runs, a newer request replaces any request still waiting, and the replaced
// one resolves as { stale: true } without ever being computed. So dragging a
// slider queues at most one computation behind the running one. A run that
// has taken longer than ABANDON_MS (or twice the last finished run, if more)
// when a newer request arrives is abandoned:
// its worker is stopped (a simulation cannot be interrupted from outside) and
// a fresh worker takes the newer request, so one huge stack never holds the
// panel hostage. A request identical to the running one (a tab switched back,
// the language or the plotted quantity changed) joins it: it is neither
// queued nor a reason to abandon, and resolves with the running one's result.
import { parseResult } from './run-simulations.js';

const ABANDON_MS = 400;

/**
 * createWorker() makes the worker (a function, so tests can pass a fake);
 * flavour: 'simd' or 'scalar'; warmUpIds: activation ids the worker runs
 * small stacks of while idle (warm-up.js), or none. Returns { run(configs),
 * close() }: run resolves to { results, ms }, or { stale: true }, and rejects
 * with an Error when the worker cannot load the simulator or dies.
 */
export function createSimulatorClient(createWorker, flavour, warmUpIds = []) {
  let worker = null;
  let nextId = 1;
  let running = null; // { id, key, resolve, reject, started }
  let waiting = null; // { configs, resolve, reject }
  let lastRunMs = 0; // wall time of the last finished run

  function ensureWorker() {
    if (worker) return worker;
    const current = createWorker();
    worker = current;
    worker.addEventListener('message', ({ data }) => {
      if (worker !== current || !running || data?.id !== running.id) return;
      const done = running;
      running = null;
      lastRunMs = performance.now() - done.started;
      if (data.error) done.reject(new Error(data.error));
      else done.resolve({ results: data.texts.map(parseResult), ms: data.ms });
      startNext();
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      if (worker !== current) return; // a closed or replaced worker's late error: nothing of ours runs there
      const message = event.message || 'the simulator worker stopped';
      worker.terminate();
      worker = null; // the next request starts a fresh worker
      for (const job of [running, waiting]) job?.reject(new Error(message));
      running = waiting = null;
    });
    if (warmUpIds.length) worker.postMessage({ warmUp: warmUpIds, flavour });
    return worker;
  }

  // Stops the worker of a long run; the run resolves as stale.
  function abandonRunning() {
    running.resolve({ stale: true });
    running = null;
    worker.terminate();
    worker = null;
  }

  function startNext() {
    if (running || !waiting) return;
    const job = waiting;
    waiting = null;
    running = { id: nextId++, key: job.key, resolve: job.resolve, reject: job.reject, started: performance.now() };
    ensureWorker().postMessage({ id: running.id, flavour, configs: job.configs });
  }

  return {
    /** Queues configs (latest wins); resolves to { results, ms } or { stale: true }. */
    run(configs) {
      const key = JSON.stringify(configs);
      if (running?.key === key) { // the same work is under way: wait for it, drop anything queued behind it
        waiting?.resolve({ stale: true });
        waiting = null;
        return running.joined ??= new Promise((resolve, reject) => {
          const { resolve: first, reject: failed } = running;
          running.resolve = (value) => { first(value); resolve(value); };
          running.reject = (error) => { failed(error); reject(error); };
        });
      }
      return new Promise((resolve, reject) => {
        waiting?.resolve({ stale: true });
        waiting = { configs, key, resolve, reject };
        if (running && performance.now() - running.started > Math.max(ABANDON_MS, 2 * lastRunMs)) abandonRunning();
        startNext();
      });
    },
    /** Stops the worker; pending requests resolve as stale. */
    close() {
      for (const job of [running, waiting]) job?.resolve({ stale: true });
      running = waiting = null;
      worker?.terminate();
      worker = null;
    },
  };
}
