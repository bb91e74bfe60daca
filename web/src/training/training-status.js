// What the training status line says, from where the run is: pure, so the
// view only fills in the language. Also the epoch the next Run trains to.

/**
 * The epoch Run trains to from `epochs` done, with the "epochs to run" field
 * at `field`: the field's value while below it, else `field` epochs more
 * (a finished run of 200 goes on to 400; never one silent extra epoch).
 */
export function nextTarget(epochs, field) {
  return epochs < field ? field : epochs + field;
}

/**
 * The status line as [{ key, vars }]: phase is 'preparing' | 'loading' |
 * 'none' | 'ready' | 'running' | 'paused' | 'finished' | 'stepped' |
 * 'stopped' (every run diverged) | 'failed' | 'stalled' (the worker was
 * lost and must be restarted); epochs done, target of the
 * current or last run, next (the target of the next Run), networks, rate
 * (samples per second of the last epochs, or 0), diverged ([{ label, epoch }]),
 * within: the epoch under way or paused half done, { epoch, sample, samples,
 * stage: 'training' | 'evaluating' } (samples per network), or null.
 */
export function statusLine({ phase, epochs = 0, target = 0, next = 0, networks = 0, rate = 0, diverged = [], within = null }) {
  const parts = [];
  const rateVars = { rate: rate > 0 ? Number(rate.toPrecision(3)) : 0 };
  const inside = within && { e: within.epoch, s: within.sample, n: within.samples, target };
  if (phase === 'preparing') parts.push({ key: 'tPreparing', vars: {} });
  else if (phase === 'loading') parts.push({ key: 'tLoadingData', vars: {} });
  else if (phase === 'none') parts.push({ key: 'gNoFunctions', vars: {} });
  else if (phase === 'ready') parts.push({ key: 'tReady', vars: { n: networks, next } });
  else if (phase === 'running' && inside && within.stage === 'evaluating') parts.push({ key: 'tStatusEvaluating', vars: inside });
  else if (phase === 'running' && inside) parts.push({ key: rate > 0 ? 'tStatusRunningIn' : 'tStatusStartingIn', vars: { ...inside, ...rateVars } });
  else if (phase === 'running') parts.push({ key: rate > 0 ? 'tStatusRunning' : 'tStatusStarting', vars: { k: epochs, target, ...rateVars } });
  else if (phase === 'paused' && inside) parts.push({ key: within.stage === 'evaluating' ? 'tStatusPausedEvaluating' : 'tStatusPausedIn', vars: { ...inside, next } });
  else if (phase === 'paused') parts.push({ key: 'tStatusPaused', vars: { k: epochs, target, next } });
  else if (phase === 'finished') parts.push({ key: 'tStatusFinished', vars: { k: epochs, next } });
  else if (phase === 'stepped') parts.push({ key: 'tStatusStepped', vars: { k: epochs, next } });
  else if (phase === 'stopped') parts.push({ key: 'tStatusStopped', vars: { k: epochs } });
  else if (phase === 'failed') parts.push({ key: 'tStatusFailed', vars: { k: epochs } });
  else if (phase === 'stalled') parts.push({ key: 'tStatusStalled', vars: { k: epochs } });
  if (diverged.length && phase !== 'stopped') {
    parts.push({ key: 'tStatusDiverged', vars: { list: diverged.map((d) => `${d.label} (${d.epoch})`).join(', ') } });
  }
  return parts;
}
