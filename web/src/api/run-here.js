// Runs sliced work on the calling thread with the same job object a worker
// gives it (workers/job.js): it yields to the event loop between slices, so
// a page stays responsive, reports progress to the caller at most every
// 100 ms and once at the end, and stops between two slices once the caller's signal aborts.
import { createJob } from '../workers/job.js';
import { yieldToLoop } from '../workers/yield-to-loop.js';

const sharedSizes = new Map(); // slice sizes carried over between calls (job.slices' remember keys)

/**
 * Calls work(job) -> Promise and resolves to its result. onProgress(info)
 * gets job.progress(info) values (mapped by toProgress first); with a
 * signal, the job reports a stop once it aborts (job.stoppedEarly). sizes:
 * the Map in which slice sizes carry over (one per trainer, say).
 */
export async function runHere(work, { onProgress, signal, toProgress = (info) => info, sizes = sharedSizes } = {}) {
  const job = createJob({
    stopRequested: () => Boolean(signal?.aborted),
    report: (info) => { if (onProgress && info != null) onProgress(toProgress(info)); },
    sizes, heartbeatMs: 100, now: () => performance.now(), yieldNow: yieldToLoop,
  });
  const result = await work(job);
  if (!job.stoppedEarly) job.beat(); // the last progress (the end) is always reported
  return { result, stopped: job.stoppedEarly };
}
