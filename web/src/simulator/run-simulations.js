// Runs a list of simulator configs on a loaded simulator module: the part of
// the worker that does not depend on being in a worker (tested in Node).

const NON_FINITE = { NaN, Infinity, '-Infinity': -Infinity };

// JSON.parse reviver: the simulator writes non-finite numbers as the strings "NaN", "Infinity", "-Infinity".
function revive(key, value) {
  return typeof value === 'string' && Object.hasOwn(NON_FINITE, value) && key !== 'error' ? NON_FINITE[value] : value;
}

/**
 * Runs each config (an object in the format of cpp/include/actlab/network.h)
 * through module.simulateJson; returns { results, ms }: one parsed result per
 * config ({ ok: false, error } for a refused one; non-finite numbers as NaN
 * and ±Infinity) and the wall time in ms.
 */
export function runSimulations(module, configs) {
  const start = performance.now();
  const results = configs.map((config) => {
    try {
      return JSON.parse(module.simulateJson(JSON.stringify(config)), revive);
    } catch (error) {
      return { ok: false, error: `the simulator failed: ${error?.message ?? error}` };
    }
  });
  return { results, ms: performance.now() - start };
}
