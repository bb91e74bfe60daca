// The job a long request runs through, in a worker (worker-host.js) or on the
// calling thread (the public API, api/run-here.js): work in slices that yield
// to the event loop between them, a stop check before each slice, and a
// progress value that is reported at least every heartbeatMs.
import { nextSliceUnits } from './slice-size.js';

/**
 * A job. stopRequested() says whether its caller asked it to stop;
 * report(info) passes its latest progress on (called by beat()); sizes
 * (Map) carries slice sizes between slices() calls that name a `remember`
 * key; sliceMs: target slice length; now(), yieldNow(): clock and yield.
 */
export function createJob({ stopRequested, report, sizes = new Map(), sliceMs = 30, heartbeatMs = 200, now, yieldNow }) {
  const job = {
    info: null, stoppedEarly: false, lastPost: now(),
    /** True once the caller asked this job to stop. */
    get stopRequested() { return stopRequested(); },
    /** Records where the work is; reported now if the last report is older than heartbeatMs. */
    progress(info) {
      job.info = info;
      if (now() - job.lastPost >= heartbeatMs) job.beat();
    },
    /** Reports the latest progress now. */
    beat() {
      job.lastPost = now();
      report(job.info);
    },
    /**
     * Runs work(units) -> done (true when finished) in slices of about
     * sliceMs, yielding between them; resolves true when the work is done,
     * false when a stop came first (the work can be resumed later).
     * stoppable: false runs to the end whatever the caller asks (work that
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
