// The API's trainer worker (createTrainer(config, data, { worker: true })),
// on ActLab's worker protocol (workers/worker-host.js). Requests:
//   create { flavour, config, data } -> { trainer }   (a trainer number; data as createTrainer takes it)
//   epoch { trainer } / evaluate { trainer }  -> the report / evaluation, in slices a stop can interrupt
//                                                (progress { done, total }; a stopped epoch goes on at the next)
//   predict { trainer, points } -> Float32Array;  trainingPoints { trainer };  rewind { trainer };  destroy { trainer }
import { loadSimulatorModule } from '../module-loader.js';
import { loadOnce } from '../simulator/load-once.js';
import { codedError, serveRequests } from '../workers/worker-host.js';
import { createSession, engineTrainer, inputWidthOf } from './trainer-session.js';
import { trainingSource } from './training-data.js';

const moduleFor = loadOnce(loadSimulatorModule);
const sessions = new Map(); // trainer number -> session
let nextTrainer = 1;

// The session of a request, or a coded error.
function sessionOf({ trainer }) {
  const session = sessions.get(trainer);
  if (!session) throw codedError('unknown', `no trainer ${trainer} in the worker`);
  return session;
}

// The result of sliced work, with its last progress (the end) reported first, as on the calling thread.
async function finished(job, work) {
  const result = await work;
  if (result !== null) job.beat();
  return result;
}

serveRequests({
  async create({ flavour, config, data }) {
    const [module, source] = await Promise.all([moduleFor(flavour), trainingSource(data, 'createTrainer')]);
    const trainer = nextTrainer++;
    sessions.set(trainer, createSession(engineTrainer(module, config, source), inputWidthOf(config)));
    return { trainer };
  },
  epoch: (request, job) => finished(job, sessionOf(request).epoch(job)),
  evaluate: (request, job) => finished(job, sessionOf(request).evaluate(job)),
  predict: async (request) => sessionOf(request).predict(request.points),
  trainingPoints: async (request) => sessionOf(request).trainingPoints(),
  rewind: async (request) => sessionOf(request).rewind(),
  async destroy(request) {
    sessionOf(request).destroy();
    sessions.delete(request.trainer);
  },
});
