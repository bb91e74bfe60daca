// The Web Workers the public API starts itself (simulate and createTrainer
// with worker: true): one per script and build flavour, started on first
// use and kept; requests on ActLab's worker protocol, with progress, an
// AbortSignal that stops them between two slices, and the worker's errors
// rethrown as the Error types the API throws on the calling thread.
import { createWorkerClient } from '../workers/worker-client.js';
import { abortError } from './options.js';

const clients = new Map(); // name + flavour -> worker client
const ERROR_TYPES = { RangeError, TypeError };

/** Throws a clear Error when this runtime has no Web Workers (Node). */
export function checkWorkersExist(where) {
  if (typeof Worker !== 'function') {
    throw new Error(`ActLab: ${where}: worker: true needs Web Workers, which this runtime lacks; leave worker out to run here`);
  }
}

// The worker start() makes, or an Error that says why a browser refuses it.
function startWorker(start, where) {
  try {
    return start();
  } catch (cause) { // browsers start workers only from the page's own origin
    throw new Error(`ActLab: ${where}: worker: true cannot start the API's worker from this page (${cause?.message ?? cause}); ` +
      "a worker must come from the page's own origin: host the API there, or leave worker out to run on this thread", { cause });
  }
}

/**
 * The worker client named `name` for flavour, made on first use; start()
 * makes the Worker (written at the call site as new Worker(new URL('…',
 * import.meta.url), { type: 'module' }), the form bundlers recognise).
 */
export function apiWorker(name, flavour, start) {
  const key = `${name} ${flavour}`;
  if (!clients.has(key)) clients.set(key, createWorkerClient(() => startWorker(start, name)));
  return clients.get(key);
}

/**
 * Sends request kind with fields to client and resolves to its result;
 * onProgress gets the worker's progress; an abort of signal stops the
 * request and rejects with abortError(signal); stallMs: how long the worker
 * may stay silent.
 */
export async function requestInWorker(client, kind, fields, { onProgress, signal, stallMs } = {}) {
  const handle = client.request(kind, fields, { onProgress, stallMs }); // throws startWorker's Error
  const stop = () => handle.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const { result, stopped } = await handle.done;
    if (stopped) throw abortError(signal);
    return result;
  } catch (error) {
    if (error?.name !== 'WorkerFailure') throw error;
    throw new (ERROR_TYPES[error.errorName] ?? Error)(`ActLab: ${error.message}`, { cause: error });
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
