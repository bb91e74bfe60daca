// The worker's side of ActLab's worker protocol (the page's side is
// worker-client.js). Messages in: { id, kind, ...fields } (a request) and
// { stop: id }. Requests run one at a time in arrival order; a stop is seen
// at once. Messages out, each with the request's id:
//   { id, progress }            at least every heartbeatMs while the request runs
//                               and its worker is free (the latest job.progress(...) value)
//   { id, result, stopped }     the handler's result; stopped: it gave up early on a stop
//   { id, error: { message, code, name } }  the handler threw (code from error.code, or 'failed'; name: the Error's, e.g. RangeError)
// A handler is async (request, job) => result; long work goes through
// job.slices(work), which yields to the event loop between slices.
import { yieldToLoop } from './yield-to-loop.js';
import { createJob } from './job.js';

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

  // The job object a handler gets for one request (job.js), posting its progress under the request's id.
  function makeJob(request) {
    const job = createJob({
      stopRequested: () => stops.has(request.id),
      report: (info) => post({ id: request.id, progress: info }),
      sizes, sliceMs, heartbeatMs, now, yieldNow,
    });
    job.id = request.id;
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
        post({ id: request.id, error: { message: String(error?.message ?? error).replace(/^ActLab: /, ''), code: error?.code ?? 'failed', name: error?.name ?? 'Error' } });
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
