// What the page says about a failed request to the training worker: the
// string that names its cause, and which button undoes it. Pure, so the view
// only fills in the language.

const KEYS = {
  download: 'tFault_download', http: 'tFault_http', truncated: 'tFault_truncated', decompress: 'tFault_decompress',
  corrupt: 'tFault_corrupt', size: 'tFault_size', wasm: 'tFault_wasm', memory: 'tFault_memory',
  'no-trainers': 'tFault_noTrainers', stalled: 'tFault_stalled', crashed: 'tFault_crashed',
};
// Causes after which the worker's networks are gone: only a new worker helps.
const LOST = new Set(['stalled', 'crashed']);

/**
 * { key, vars, action } for failure (an Error with a code, as the worker
 * client rejects): key and vars of the message; action 'restart' (the worker
 * is lost), 'retry' (prepare the networks again) or null (nothing to press).
 */
export function describeFault(failure) {
  const code = failure?.code ?? 'failed';
  const detail = String(failure?.message ?? failure).replace(/^ActLab: /, '').replace(/\.$/, '');
  const status = Number(/HTTP (\d{3})/.exec(detail)?.[1] ?? 0);
  const key = KEYS[code] ?? 'tEpochFailed';
  const action = LOST.has(code) ? 'restart' : KEYS[code] && code !== 'memory' ? 'retry' : null;
  return { key, vars: { detail, status }, action, code };
}
