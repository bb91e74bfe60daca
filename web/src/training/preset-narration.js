// The live part of each training preset's sentence: from the numbers of the
// current runs to a list of { key, vars } (strings tlive* of
// training-strings.js). Pure: no DOM, no language; vars are numbers rounded
// as shown, and the names of the functions.

// A share as a percentage with one decimal; numbers with two or three significant digits.
const pct = (share) => Math.round(1000 * share) / 10;
const sig2 = (x) => Number(x.toPrecision(2));
const sig3 = (x) => Number(x.toPrecision(3));
const at = (run, epoch) => run.history[epoch - 1];
const byId = (runs, id) => runs.find((r) => r.id === id && r.history.length > 0);

// Hidden layer 1's learning speed over the last hidden layer's, at one epoch.
function speedRatio(entry) {
  const speeds = entry.report.biasSpeed.slice(0, -1);
  return speeds.length >= 2 ? speeds[0] / speeds.at(-1) : NaN;
}

// Nielsen ch. 5: the first hidden layer against the last, at epoch 1 and now.
function nielsen(runs) {
  const run = byId(runs, 'sigmoid');
  if (!run) return [];
  const k = run.history.length, layers = run.history[0].report.biasSpeed.length - 1;
  const first = speedRatio(at(run, 1)), now = speedRatio(at(run, k));
  if (!Number.isFinite(first) || !Number.isFinite(now)) return [{ key: 'tliveNoNumbers', vars: {} }];
  const parts = [first < 0.5
    ? { key: 'tliveNielsenFirstSlow', vars: { r: sig2(first), inverse: Math.round(1 / first), last: layers } }
    : { key: 'tliveNielsenFirstFast', vars: { r: sig2(first), last: layers } }];
  if (k < 2) return parts;
  let key = 'tliveNielsenStill';
  if (now >= 0.5) key = first < 0.5 ? 'tliveNielsenCaughtUp' : 'tliveNielsenEven';
  else if (now >= 2 * first) key = 'tliveNielsenClosing';
  parts.push({ key, vars: { k, r: sig2(now) } });
  parts.push({ key: 'tliveNielsenAccuracy', vars: { k, first: pct(at(run, 1).evaluation.test.accuracy), now: pct(at(run, k).evaluation.test.accuracy) } });
  return parts;
}

// Dead ReLU: ReLU's deadest layer over the whole epoch, and what it costs in test accuracy.
function deadRelu(runs) {
  const relu = byId(runs, 'relu');
  if (!relu) return [];
  const k = relu.history.length;
  const dead = (at(relu, k).report.deadEpoch ?? []).slice(0, -1);
  if (dead.length === 0) return [];
  const layer = dead.indexOf(Math.max(...dead));
  const width = relu.widths[layer];
  const others = ['leaky_relu', 'elu'].map((id) => byId(runs, id)).filter((r) => r && r.history.length === k);
  const othersDead = others.flatMap((r) => at(r, k).report.deadEpoch.slice(0, -1));
  const parts = [{ key: 'tliveDeadUnits', vars: {
    k, name: relu.label, layer: layer + 1, dead: pct(dead[layer]), alive: Math.round(width * (1 - dead[layer])), width,
    mean: pct(dead.reduce((a, b) => a + b, 0) / dead.length),
  } }];
  if (othersDead.length) parts.push({ key: 'tliveDeadOthers', vars: { names: others.map((r) => r.label).join(' / '), dead: pct(Math.max(...othersDead)) } });
  if (!others.length) return parts;
  const accuracy = (r) => at(r, k).evaluation.test.accuracy;
  const mine = accuracy(relu), worst = Math.min(...others.map(accuracy)), best = Math.max(...others.map(accuracy));
  const vars = { name: relu.label, acc: pct(mine), others: others.map((r) => `${r.label} ${pct(accuracy(r))}\u00a0%`).join(', '), gap: pct(worst - mine) };
  if (worst - mine >= 0.05) parts.push({ key: 'tliveDeadCost', vars });
  else if (best - mine <= 0.02) parts.push({ key: 'tliveDeadNoCost', vars });
  else parts.push({ key: 'tliveDeadSomeCost', vars: { ...vars, gap: pct(best - mine) } });
  return parts;
}

// The first epoch (1-based) whose test accuracy reaches share, or 0.
const firstReaching = (run, share) => run.history.findIndex((h) => h.evaluation.test.accuracy >= share) + 1;

// SELU against ReLU in a deep stack: accuracy now, and the epoch each passed 80 %.
function selu(runs) {
  const mine = byId(runs, 'selu'), relu = byId(runs, 'relu');
  if (!mine || !relu) return [];
  const k = Math.min(mine.history.length, relu.history.length);
  const parts = [{ key: 'tliveSeluAccuracy', vars: { k, selu: pct(at(mine, k).evaluation.test.accuracy), relu: pct(at(relu, k).evaluation.test.accuracy) } }];
  const view = (run) => ({ ...run, history: run.history.slice(0, k) });
  const es = firstReaching(view(mine), 0.8), er = firstReaching(view(relu), 0.8);
  if (es && er) parts.push({ key: er > es ? 'tliveSeluBothSeluFirst' : 'tliveSeluBothReluFirst', vars: { selu: es, relu: er } });
  else if (es) parts.push({ key: 'tliveSeluOnly', vars: { selu: es } });
  else if (er) parts.push({ key: 'tliveSeluReluOnly', vars: { relu: er } });
  else parts.push({ key: 'tliveSeluNeither', vars: {} });
  if (at(relu, k).evaluation.test.accuracy < 0.2) parts.push({ key: 'tliveSeluReluChance', vars: {} });
  return parts;
}

// Sigmoid against ReLU and GELU on Fashion-MNIST: the training losses now, and
// the epochs sigmoid needs to reach ReLU's loss after one epoch.
function fashion(runs) {
  const sigmoid = byId(runs, 'sigmoid'), relu = byId(runs, 'relu'), gelu = byId(runs, 'gelu');
  if (!sigmoid || !relu || !gelu) return [];
  const k = Math.min(sigmoid.history.length, relu.history.length, gelu.history.length);
  const loss = (run, e) => at(run, e).evaluation.train.loss;
  const ratio = loss(sigmoid, k) / Math.min(loss(relu, k), loss(gelu, k));
  const parts = [{ key: ratio >= 1.5 ? 'tliveFashionLossFar' : 'tliveFashionLossNear', vars: {
    k, sigmoid: sig3(loss(sigmoid, k)), relu: sig3(loss(relu, k)), gelu: sig3(loss(gelu, k)), ratio: sig2(ratio),
  } }];
  const target = loss(relu, 1);
  const reached = sigmoid.history.slice(0, k).findIndex((h) => h.evaluation.train.loss <= target) + 1;
  parts.push(reached ? { key: 'tliveFashionReached', vars: { e: reached, target: sig3(target) } } : { key: 'tliveFashionNotYet', vars: { k, target: sig3(target) } });
  return parts;
}
const NARRATORS = { nielsen, deadRelu, selu, fashion };

/**
 * The live sentences of preset presetId for runs ([{ id, label, widths,
 * history: [{ report, evaluation }] }], as the view keeps them): [{ key, vars }];
 * one 'tliveWaiting' before the first epoch; [] for an unknown preset.
 */
export function narrate(presetId, runs) {
  const narrator = NARRATORS[presetId];
  if (!narrator) return [];
  if (!runs.some((r) => r.history.length > 0)) return [{ key: 'tliveWaiting', vars: {} }];
  return narrator(runs);
}
