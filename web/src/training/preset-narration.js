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

// Hansen's CNN comparison: every run's test accuracy, whether each has left chance, whether
// sigmoid was the slowest after epoch 1 (and, at chance, its loss), and Keras' binary accuracy of the same networks.
function hansen(runs) {
  const live = runs.filter((r) => r.history.length > 0);
  if (!live.length) return [];
  const k = Math.min(...live.map((r) => r.history.length));
  const test = (run, e) => at(run, e).evaluation.test.accuracy;
  const parts = [{ key: 'tliveHansenAccuracy', vars: { k, list: live.map((r) => `${r.label} ${pct(test(r, k))}\u00a0%`).join(', ') } }];
  const low = live.filter((r) => test(r, k) < 0.2);
  if (low.length) parts.push({ key: low.length > 1 ? 'tliveHansenChanceMany' : 'tliveHansenChanceOne', vars: { list: low.map((r) => r.label).join(', ') } });
  else {
    const lowest = live.reduce((a, b) => (test(b, k) < test(a, k) ? b : a));
    parts.push({ key: 'tliveHansenChanceAll', vars: { low: lowest.label, lowAcc: pct(test(lowest, k)) } });
  }
  const sigmoid = live.find((r) => r.fn === 'sigmoid' || r.id === 'sigmoid');
  const others = live.filter((r) => r !== sigmoid);
  if (sigmoid && others.length) {
    const next = others.reduce((a, b) => (test(b, 1) < test(a, 1) ? b : a));
    const vars = { sigmoid: pct(test(sigmoid, 1)), next: next.label, nextAcc: pct(test(next, 1)), low: next.label, lowAcc: pct(test(next, 1)) };
    parts.push({ key: test(sigmoid, 1) < test(next, 1) ? 'tliveHansenSigmoidSlowest' : 'tliveHansenSigmoidNotSlowest', vars });
    if (test(sigmoid, k) < 0.2) {
      const steps = sigmoid.history.slice(0, k).reduce((sum, h) => sum + (h.report.steps ?? 0), 0);
      parts.push({ key: 'tliveHansenSigmoidLoss', vars: { loss: sig3(at(sigmoid, k).evaluation.train.loss), steps } });
    }
  }
  const binary = live.map((r) => at(r, k).evaluation.test.binaryAccuracy).filter(Number.isFinite);
  if (binary.length === live.length) parts.push({ key: 'tliveHansenBinary', vars: { binLow: pct(Math.min(...binary)), binHigh: pct(Math.max(...binary)) } });
  return parts;
}

// Dropout against AlphaDropout in a SELU stack: each run's layer output std from the first to the
// last hidden layer, which one ends closer to mean 0 / std 1, the drift since epoch 1, and the accuracy.
function alphaDropout(runs) {
  const drop = runs.find((r) => r.kind === 'dropout' && r.history.length > 0);
  const alpha = drop && runs.find((r) => r.kind === 'alphadropout' && r.fn === drop.fn && r.history.length > 0);
  if (!drop || !alpha) return [];
  const k = Math.min(drop.history.length, alpha.history.length);
  const stats = (run, e) => at(run, e).report;
  const last = stats(drop, k).outputStd.length - 1; // the output block is not a hidden layer
  if (last < 1) return [];
  const std = (run, e, l) => stats(run, e).outputStd[l - 1], mean = (run, e, l) => stats(run, e).outputMean[l - 1];
  const distance = (run) => Math.hypot(mean(run, k, last), std(run, k, last) - 1);
  const values = [std(drop, k, 1), std(drop, k, last), std(alpha, k, 1), std(alpha, k, last), mean(drop, k, last), mean(alpha, k, last)];
  if (!values.every(Number.isFinite)) return [{ key: 'tliveNoNumbers', vars: {} }];
  const parts = [{ key: 'tliveAlphaStd', vars: {
    k, last, dFirst: sig3(values[0]), dLast: sig3(values[1]), aFirst: sig3(values[2]), aLast: sig3(values[3]), dMean: sig2(values[4]), aMean: sig2(values[5]),
  } }];
  const dDist = distance(drop), aDist = distance(alpha);
  parts.push({ key: aDist < dDist ? 'tliveAlphaCloser' : 'tliveAlphaNotCloser', vars: { last, dDist: sig2(dDist), aDist: sig2(aDist) } });
  if (k >= 2) parts.push({ key: 'tliveAlphaDrift', vars: { last, dStart: sig3(std(drop, 1, last)), dLast: sig3(values[1]), aStart: sig3(std(alpha, 1, last)), aLast: sig3(values[3]) } });
  parts.push({ key: 'tliveAlphaAccuracy', vars: { dAcc: pct(at(drop, k).evaluation.test.accuracy), aAcc: pct(at(alpha, k).evaluation.test.accuracy) } });
  return parts;
}
const NARRATORS = { nielsen, deadRelu, selu, fashion, hansen, alphaDropout };

/**
 * The live sentences of preset presetId for runs ([{ id (the run key), fn
 * (its function), kind (its dropout kind or null), label, widths, history:
 * [{ report, evaluation }] }], as the view keeps them): [{ key, vars }];
 * one 'tliveWaiting' before the first epoch; [] for an unknown preset.
 */
export function narrate(presetId, runs) {
  const narrator = NARRATORS[presetId];
  if (!narrator) return [];
  if (!runs.some((r) => r.history.length > 0)) return [{ key: 'tliveWaiting', vars: {} }];
  return narrator(runs);
}
