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
      return JSON.stringify({ ok: false, error: `the simulator failed: ${error?.message ?? error}` });
    }
  });
  return { texts, ms: performance.now() - start };
}

/** simulateTexts with the results parsed: { results, ms }. */
export function runSimulations(module, configs) {
  const { texts, ms } = simulateTexts(module, configs);
  return { results: texts.map(parseResult), ms };
}
