// The page's side of ActLab's worker protocol (the worker's side is
// worker-host.js): requests with ids, progress callbacks, stopping a request,
// and a watchdog. The watchdog runs while a request is pending: when the
// worker sends nothing (no progress, no answer) for longer than the largest
// stall bound of the pending requests, the worker counts as stalled: it is
// terminated and every pending request rejects with code 'stalled'. A worker
// that throws at top level rejects them with code 'crashed'. The next
// request starts a fresh worker.

/** A failed request: code is the worker's cause code, or 'stalled' | 'crashed' | 'closed'; errorName: the worker's Error name. */
export class WorkerFailure extends Error {
  constructor(message, code, fields = {}) {
    super(message);
    this.name = 'WorkerFailure';
    this.code = code;
    Object.assign(this, fields);
  }
}

/**
 * createWorker() makes the worker (a function, so tests pass a fake).
 * Options: stallMs (the default stall bound per request), timers
 * ({ setTimeout, clearTimeout }, for tests). Returns { request, restart,
 * close, kill } (kill: terminates the worker without telling anyone, as a
 * crash would; for fault tests).
 */
export function createWorkerClient(createWorker, { stallMs = 10000, timers = globalThis } = {}) {
  let worker = null;
  let nextId = 1;
  const pending = new Map(); // id -> { resolve, reject, onProgress, stallMs }
  let watchdog = null;

  function failAll(message, code) {
    const jobs = [...pending.values()];
    pending.clear();
    disarm();
    for (const job of jobs) job.reject(new WorkerFailure(message, code));
  }

  function drop() {
    worker?.terminate();
    worker = null;
  }

  function disarm() {
    if (watchdog !== null) timers.clearTimeout(watchdog);
    watchdog = null;
  }

  // (Re)starts the stall timer from now, while anything is pending.
  function arm() {
    disarm();
    if (!pending.size) return;
    const bound = Math.max(...[...pending.values()].map((job) => job.stallMs));
    watchdog = timers.setTimeout(() => {
      watchdog = null;
      drop();
      failAll(`the worker sent nothing for ${Math.round(bound / 1000)} s`, 'stalled');
    }, bound);
  }

  function ensureWorker() {
    if (worker) return worker;
    const current = createWorker();
    worker = current;
    current.addEventListener('message', ({ data }) => {
      if (worker !== current) return;
      const job = pending.get(data?.id);
      arm(); // anything from the worker shows it is alive
      if (!job) return;
      if ('progress' in data) {
        if (data.progress !== null && data.progress !== undefined) job.onProgress?.(data.progress);
        return;
      }
      pending.delete(data.id);
      arm();
      if (data.error) job.reject(new WorkerFailure(data.error.message, data.error.code ?? 'failed', { errorName: data.error.name }));
      else job.resolve({ result: data.result, stopped: Boolean(data.stopped) });
    });
    current.addEventListener('error', (event) => {
      event.preventDefault?.();
      if (worker !== current) return;
      drop();
      failAll(event.message || 'the worker stopped with an error', 'crashed');
    });
    return current;
  }

  return {
    /**
     * Sends { id, kind, ...fields }; returns { id, done, stop() }: done
     * resolves to { result, stopped } or rejects with a WorkerFailure;
     * stop() asks the worker to stop this request (done then resolves with
     * stopped: true, or with the result if it was already finishing).
     * onProgress(progress) gets each progress message; stallMs overrides the
     * client's stall bound for this request.
     */
    request(kind, fields = {}, { onProgress, stallMs: bound = stallMs } = {}) {
      const id = nextId++;
      const target = ensureWorker();
      const done = new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress, stallMs: bound });
      });
      if (watchdog === null) arm();
      target.postMessage({ id, kind, ...fields });
      return {
        id,
        done,
        stop() {
          if (pending.has(id) && worker === target) target.postMessage({ stop: id });
          return done;
        },
      };
    },
    /** Terminates the worker; pending requests reject with code 'closed'; the next request starts a new one. */
    restart() {
      drop();
      failAll('the worker was restarted', 'closed');
    },
    /** Stops the worker for good (same as restart, for a view that goes away). */
    close() {
      drop();
      failAll('the worker was closed', 'closed');
    },
    /** Terminates the worker silently, as if it had died: only the watchdog notices. For fault tests. */
    kill() {
      worker?.terminate();
    },
    /** True while requests are pending. */
    get busy() { return pending.size > 0; },
  };
}
