// The worker's side of ActLab's worker protocol (the page's side is
// worker-client.js). Messages in: { id, kind, ...fields } (a request) and
// { stop: id }. Requests run one at a time in arrival order; a stop is seen
// at once. Messages out, each with the request's id:
//   { id, progress }            at least every heartbeatMs while the request runs
//                               and its worker is free (the latest job.progress(...) value)
//   { id, result, stopped }     the handler's result; stopped: it gave up early on a stop
//   { id, error: { message, code } }  the handler threw (code from error.code, or 'failed')
// A handler is async (request, job) => result; long work goes through
// job.slices(work), which yields to the event loop between slices.
import { yieldToLoop } from './yield-to-loop.js';
import { nextSliceUnits } from './slice-size.js';

/** An Error with a machine-readable cause code ('download', 'http', 'wasm', ...). */
export function codedError(code, message, fields = {}) {
  return Object.assign(new Error(message), { code }, fields);
}

/**
 * Serves handlers ({ kind: async (request, job) => result }) on scope (the
 * worker's global). Options (for tests): sliceMs (target slice length),
 * heartbeatMs, now(), yieldNow(), timers ({ setInterval, clearInterval }).
 */
export function serveRequests(handlers, options = {}) {
  const {
    scope = globalThis, sliceMs = 30, heartbeatMs = 200, now = () => performance.now(),
    yieldNow = yieldToLoop, timers = globalThis,
  } = options;
  const queue = [];
  const stops = new Set(); // ids asked to stop (running or still queued)
  const sizes = new Map(); // remember key -> the slice size the last slices() ended with
  let pumping = false;
  let runningId; // the id of the request being handled

  const post = (message) => scope.postMessage(message);

  // The job object a handler gets for one request.
  function makeJob(request) {
    const job = {
      id: request.id, info: null, stoppedEarly: false, lastPost: now(),
      /** True once the page asked this request to stop. */
      get stopRequested() { return stops.has(request.id); },
      /** Records where the work is; sent now if the last message is older than heartbeatMs. */
      progress(info) {
        job.info = info;
        if (now() - job.lastPost >= heartbeatMs) job.beat();
      },
      beat() {
        job.lastPost = now();
        post({ id: request.id, progress: job.info });
      },
      /**
       * Runs work(units) -> done (true when finished) in slices of about
       * sliceMs, yielding between them; resolves true when the work is done,
       * false when a stop came first (the work can be resumed later).
       * stoppable: false runs to the end whatever the page asks (work that
       * must not be left half done), still yielding and beating; atLeastOne:
       * the first slice runs even when a stop is already there (work that
       * fits in one slice then always finishes); remember: a key under
       * which the slice size carries over to the next slices() call.
       */
      async slices(work, { units = 1, max, stoppable = true, atLeastOne = false, remember = null } = {}) {
        let size = (remember !== null && sizes.get(remember)) || units;
        for (let first = true; ; first = false) {
          if (stoppable && job.stopRequested && !(first && atLeastOne)) {
            job.stoppedEarly = true;
            return false;
          }
          const start = now();
          const done = work(size);
          const ms = now() - start;
          size = nextSliceUnits(size, ms, sliceMs, max);
          if (remember !== null) sizes.set(remember, size);
          if (done) return true;
          if (now() - job.lastPost >= heartbeatMs) job.beat();
          await yieldNow();
        }
      },
    };
    return job;
  }

  async function pump() {
    pumping = true;
    while (queue.length) {
      const request = queue.shift();
      const job = makeJob(request);
      runningId = request.id;
      const heartbeat = timers.setInterval(() => job.beat(), heartbeatMs);
      try {
        if (stops.has(request.id)) {
          post({ id: request.id, result: null, stopped: true });
          continue;
        }
        const handler = handlers[request.kind];
        if (!handler) throw codedError('unknown', `unknown request kind ${JSON.stringify(request.kind)}`);
        const result = await handler(request, job);
        post({ id: request.id, result, stopped: job.stoppedEarly });
      } catch (error) {
        post({ id: request.id, error: { message: String(error?.message ?? error).replace(/^ActLab: /, ''), code: error?.code ?? 'failed' } });
      } finally {
        timers.clearInterval(heartbeat);
        stops.delete(request.id);
        runningId = undefined;
      }
    }
    pumping = false;
  }

  scope.addEventListener('message', ({ data }) => {
    if (data && typeof data === 'object' && 'stop' in data) {
      if (runningId === data.stop || queue.some((r) => r.id === data.stop)) stops.add(data.stop);
      return;
    }
    if (!data || typeof data !== 'object' || data.id === undefined) return;
    queue.push(data);
    if (!pumping) pump();
  });
}
