// The page's side of the phase diagram: one request split over `parts`
// simulator workers (the machine's cores), each computing every parts-th
// theory row and grid point (run-phase.js). Latest wins: a new request stops
// the one running (each worker stops between two slices), which then resolves
// as { stale: true }. Progress from the parts is merged into one picture.
import { createWorkerClient } from '../workers/worker-client.js';

/**
 * createWorker() makes a simulator worker; flavour: 'simd' or 'scalar'. Returns { run(request,
 * { onProgress }), close() }: run resolves to { theory, points, ms } (every part's, merged),
 * { stale: true } when replaced or stopped, and rejects with the worker's failure.
 */
export function createPhaseClient(createWorker, flavour, { parts = 2, timers = globalThis } = {}) {
  const workers = Array.from({ length: parts }, () => createWorkerClient(createWorker, { stallMs: 20000, timers }));
  let current = null; // { handles, resolve }

  function stopCurrent() {
    if (!current) return;
    const job = current;
    current = null;
    job.resolve({ stale: true });
    for (const handle of job.handles) handle.stop().catch(() => {});
  }

  return {
    /** Computes the phase request (latest wins); onProgress({ fraction, theory, points }) with all parts' results so far. */
    run(request, { onProgress } = {}) {
      stopCurrent();
      return new Promise((resolve, reject) => {
        const start = performance.now();
        const shares = workers.map(() => ({ fraction: 0, theory: [], points: [] }));
        const merged = () => ({
          fraction: shares.reduce((sum, s) => sum + s.fraction, 0) / parts,
          theory: shares.flatMap((s) => s.theory),
          points: shares.flatMap((s) => s.points),
        });
        const job = { resolve, handles: [] };
        job.handles = workers.map((client, part) => client.request('phase', { flavour, ...request, part, parts }, {
          onProgress: (info) => {
            if (current !== job || !info) return;
            shares[part] = info;
            onProgress?.(merged());
          },
        }));
        current = job;
        Promise.all(job.handles.map((handle) => handle.done)).then((replies) => {
          if (current !== job) return;
          current = null;
          if (replies.some((r) => r.stopped || !r.result)) {
            resolve({ stale: true });
            return;
          }
          replies.forEach((r, part) => { shares[part] = { fraction: 1, ...r.result }; });
          resolve({ ...merged(), ms: performance.now() - start, workerMs: Math.max(...replies.map((r) => r.result.ms)) });
        }, (failure) => {
          if (current !== job) return;
          current = null;
          for (const handle of job.handles) handle.stop().catch(() => {});
          reject(failure);
        });
      });
    },
    /** Stops the running request (it resolves as stale). */
    stop: stopCurrent,
    /** Terminates the workers. */
    close() {
      stopCurrent();
      for (const client of workers) client.close();
    },
  };
}
