// The page's side of the training worker: one request at a time, answered
// in order; a request made while another runs waits for it.

/**
 * createWorker() makes the worker; flavour: 'simd' or 'scalar'. Returns
 * { request(type, fields) -> Promise<reply>, close() }; a reply with an
 * error, or a worker that dies, rejects with an Error.
 */
export function createTrainingClient(createWorker, flavour) {
  let worker = null;
  let nextId = 1;
  const pending = new Map(); // id -> { resolve, reject }

  function ensureWorker() {
    if (worker) return worker;
    const current = createWorker();
    worker = current;
    worker.addEventListener('message', ({ data }) => {
      const job = pending.get(data?.id);
      if (!job || worker !== current) return;
      pending.delete(data.id);
      if (data.error) job.reject(new Error(data.error));
      else job.resolve(data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      if (worker !== current) return;
      worker.terminate();
      worker = null;
      for (const job of pending.values()) job.reject(new Error(event.message || 'the training worker stopped'));
      pending.clear();
    });
    return worker;
  }

  return {
    /** Sends { type, ...fields } (with the flavour); resolves to the worker's reply. */
    request(type, fields = {}) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ensureWorker().postMessage({ id, type, flavour, ...fields });
      });
    },
    /** Stops the worker; pending requests reject. */
    close() {
      worker?.terminate();
      worker = null;
      for (const job of pending.values()) job.reject(new Error('the training worker was closed'));
      pending.clear();
    },
  };
}
