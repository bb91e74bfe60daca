// Runs simulator configs on a loaded simulator module and reads its JSON
// results: the part of the worker that does not depend on being in a worker
// (tested in Node). The worker posts the JSON text and the page parses it:
// a string crosses threads far faster than the object graph it describes.

const NON_FINITE = { NaN, Infinity, '-Infinity': -Infinity };

// JSON.parse reviver: the simulator writes non-finite numbers as the strings "NaN", "Infinity", "-Infinity".
function revive(key, value) {
  return typeof value === 'string' && Object.hasOwn(NON_FINITE, value) && key !== 'error' ? NON_FINITE[value] : value;
}

/** One result object from the simulator's JSON text (non-finite numbers as NaN and ±Infinity). */
export function parseResult(text) {
  return JSON.parse(text, revive);
}

/**
 * Runs each config (an object in the format of cpp/include/actlab/network.h)
 * through module.simulateJson; returns { texts, ms }: one JSON result text per
 * config ({"ok": false, "error": ...} for a refused one or a failure) and the
 * wall time in ms.
 */
export function simulateTexts(module, configs) {
  const start = performance.now();
  const texts = configs.map((config) => {
    try {
      return module.simulateJson(JSON.stringify(config));
    } catch (error) {
      return failureText(error);
    }
  });
  return { texts, ms: performance.now() - start };
}

// The result text of a simulation that threw (a wasm trap, memory).
const failureText = (error) => JSON.stringify({ ok: false, error: `the simulator failed: ${error?.message ?? error}` });

/**
 * simulateTexts in pieces for a worker (job from workers/worker-host.js):
 * each config runs through simulationBegin / simulationStep in slices of
 * about job's slice time, with progress { run, runs, fraction } (fraction of
 * all the configs' work) between them. Resolves to { texts, ms }, or to
 * { stopped: true } when the page stopped the request (the run in flight is
 * freed; nothing half done is returned).
 */
export async function simulateInPieces(module, configs, job) {
  const start = performance.now();
  const texts = [];
  for (let i = 0; i < configs.length; i++) {
    let begun;
    try {
      begun = JSON.parse(module.simulationBegin(JSON.stringify(configs[i])));
    } catch (error) {
      texts.push(failureText(error));
      continue;
    }
    if (!(begun.id > 0)) { // refused: the reply is the result text
      texts.push(JSON.stringify(begun));
      continue;
    }
    let finished;
    try {
      finished = await job.slices((units) => {
        const progress = module.simulationStep(begun.id, units);
        job.progress({ run: i, runs: configs.length, fraction: (i + progress) / configs.length });
        return progress >= 1;
      }, { units: 1 << 22, max: 2 ** 40, remember: 'simulate' });
    } catch (error) {
      module.simulationDestroy(begun.id);
      texts.push(failureText(error));
      continue;
    }
    if (!finished) {
      module.simulationDestroy(begun.id);
      return { stopped: true };
    }
    texts.push(module.simulationResult(begun.id));
  }
  return { texts, ms: performance.now() - start };
}

/** simulateTexts with the results parsed: { results, ms }. */
export function runSimulations(module, configs) {
  const { texts, ms } = simulateTexts(module, configs);
  return { results: texts.map(parseResult), ms };
}
