// The training presets' live sentences (preset-narration.js), the status
// line and Run's target (training-status.js), and the chart text helpers
// (training-series.js): numbers in, { key, vars } out, each branch where the
// numbers agree with the source's claim and where they do not.
import { describe, expect, it } from 'vitest';
import { narrate } from '../../web/src/training/preset-narration.js';
import { nextTarget, statusLine } from '../../web/src/training/training-status.js';
import { describeFault } from '../../web/src/training/training-faults.js';
import { TRAINING_STRINGS } from '../../web/src/i18n/training-strings.js';
import { deadSeries, deadText, latestShown, LAYER_DASHES } from '../../web/src/training/training-series.js';
import { STRINGS } from '../../web/src/i18n/strings.js';

// One epoch's entry: layer speeds (hidden + output), dead shares (hidden + output), accuracy and loss.
const entry = ({ speed = [1, 1, 1], dead = [0, 0, 0], acc = 0.5, loss = 1 } = {}) => ({
  report: { biasSpeed: speed, deadEpoch: dead, dead, finite: true },
  evaluation: { train: { loss, accuracy: acc }, test: { loss, accuracy: acc } },
});
const run = (id, label, history, widths = [8, 8]) => ({ id, label, widths, history });
const keys = (parts) => parts.map((p) => p.key);

describe('narration of the training presets', () => {
  it('waits for the first epoch, and says nothing for an unknown preset', () => {
    expect(narrate('nielsen', [run('sigmoid', 'Sigmoid', [])])).toEqual([{ key: 'tliveWaiting', vars: {} }]);
    expect(narrate('nope', [run('sigmoid', 'Sigmoid', [entry()])])).toEqual([]);
  });

  it('Nielsen: slow first layer at epoch 1, then caught up, still slow, closing or never slow', () => {
    const speeds = (a, b) => entry({ speed: [a, 0.5, b, 9], acc: a });
    const history = [speeds(0.01, 0.05), speeds(0.05, 0.06)];
    const parts = narrate('nielsen', [run('sigmoid', 'Sigmoid', history, [30, 30, 30])]);
    expect(keys(parts)).toEqual(['tliveNielsenFirstSlow', 'tliveNielsenCaughtUp', 'tliveNielsenAccuracy']);
    expect(parts[0].vars).toEqual({ r: 0.2, inverse: 5, last: 3 });
    expect(parts[1].vars).toEqual({ k: 2, r: 0.83 });
    expect(parts[2].vars).toEqual({ k: 2, first: 1, now: 5 });
    expect(keys(narrate('nielsen', [run('sigmoid', 'S', [speeds(0.01, 0.05), speeds(0.012, 0.05)])]))[1]).toBe('tliveNielsenStill');
    expect(keys(narrate('nielsen', [run('sigmoid', 'S', [speeds(0.01, 0.05), speeds(0.02, 0.05)])]))[1]).toBe('tliveNielsenClosing');
    expect(keys(narrate('nielsen', [run('sigmoid', 'S', [speeds(0.05, 0.05), speeds(0.05, 0.05)])]))).toEqual(['tliveNielsenFirstFast', 'tliveNielsenEven', 'tliveNielsenAccuracy']);
    expect(keys(narrate('nielsen', [run('sigmoid', 'S', [speeds(NaN, 0.05)])]))).toEqual(['tliveNoNumbers']);
  });

  it('dead ReLU: the deadest layer with its live units, and whether it costs accuracy against both others', () => {
    const relu = (acc) => run('relu', 'ReLU', [entry({ dead: [0.25, 0.625, 0], acc })]);
    const others = (a, b) => [run('leaky_relu', 'Leaky ReLU', [entry({ acc: a })]), run('elu', 'ELU', [entry({ acc: b })])];
    const parts = narrate('deadRelu', [relu(0.6), ...others(0.9, 0.95)]);
    expect(keys(parts)).toEqual(['tliveDeadUnits', 'tliveDeadOthers', 'tliveDeadCost']);
    expect(parts[0].vars).toEqual({ k: 1, name: 'ReLU', layer: 2, dead: 62.5, alive: 3, width: 8, mean: 43.8 });
    expect(parts[1].vars).toEqual({ names: 'Leaky ReLU / ELU', dead: 0 });
    expect(parts[2].vars).toEqual({ name: 'ReLU', acc: 60, others: 'Leaky ReLU 90\u00a0%, ELU 95\u00a0%', gap: 30 });
    expect(keys(narrate('deadRelu', [relu(0.94), ...others(0.9, 0.95)]))[2]).toBe('tliveDeadNoCost');
    const some = narrate('deadRelu', [relu(0.88), ...others(0.9, 0.95)])[2];
    expect(some).toEqual({ key: 'tliveDeadSomeCost', vars: { name: 'ReLU', acc: 88, others: 'Leaky ReLU 90\u00a0%, ELU 95\u00a0%', gap: 7 } });
    expect(keys(narrate('deadRelu', [relu(0.5)]))).toEqual(['tliveDeadUnits']);
  });

  it('SELU: accuracy now and the first epoch each passed 80 %, whoever was first; ReLU near chance said so', () => {
    const accs = (list) => list.map((acc) => entry({ acc }));
    const two = (s, r) => [run('selu', 'SELU', accs(s)), run('relu', 'ReLU', accs(r))];
    expect(narrate('selu', two([0.5, 0.85, 0.9], [0.1, 0.1, 0.12]))).toEqual([
      { key: 'tliveSeluAccuracy', vars: { k: 3, selu: 90, relu: 12 } },
      { key: 'tliveSeluOnly', vars: { selu: 2 } },
      { key: 'tliveSeluReluChance', vars: {} },
    ]);
    expect(narrate('selu', two([0.5, 0.85, 0.9], [0.1, 0.5, 0.81]))[1]).toEqual({ key: 'tliveSeluBothSeluFirst', vars: { selu: 2, relu: 3 } });
    expect(narrate('selu', two([0.5, 0.5, 0.81], [0.8, 0.85, 0.9]))[1]).toEqual({ key: 'tliveSeluBothReluFirst', vars: { selu: 3, relu: 1 } });
    expect(keys(narrate('selu', two([0.5], [0.85])))[1]).toBe('tliveSeluReluOnly');
    expect(keys(narrate('selu', two([0.5], [0.5])))[1]).toBe('tliveSeluNeither');
  });

  it('Fashion-MNIST: the losses now, far or near, and when sigmoid reached ReLU’s loss after one epoch', () => {
    const losses = (list) => list.map((loss) => entry({ loss }));
    const three = (s, r, g) => [run('sigmoid', 'Sigmoid', losses(s)), run('relu', 'ReLU', losses(r)), run('gelu', 'GELU', losses(g))];
    expect(narrate('fashion', three([1.7, 1.2], [0.66, 0.58], [0.68, 0.61]))).toEqual([
      { key: 'tliveFashionLossFar', vars: { k: 2, sigmoid: 1.2, relu: 0.58, gelu: 0.61, ratio: 2.1 } },
      { key: 'tliveFashionNotYet', vars: { k: 2, target: 0.66 } },
    ]);
    expect(narrate('fashion', three([1.7, 0.9, 0.6], [0.66, 0.5, 0.45], [0.7, 0.55, 0.47]))).toEqual([
      { key: 'tliveFashionLossNear', vars: { k: 3, sigmoid: 0.6, relu: 0.45, gelu: 0.47, ratio: 1.3 } },
      { key: 'tliveFashionReached', vars: { e: 3, target: 0.66 } },
    ]);
  });

  it('Hansen: every run’s accuracy, who has left chance, whether sigmoid was slowest after epoch 1, its loss at chance, Keras’ binary accuracy', () => {
    const epoch = (acc, loss = 1, binary = 0.9, steps = 16) => ({
      report: { steps, biasSpeed: [1, 1], deadEpoch: [0, 0] },
      evaluation: { train: { loss, accuracy: acc, binaryAccuracy: binary }, test: { loss, accuracy: acc, binaryAccuracy: binary } },
    });
    const cnn = (fn, label, accs, loss) => ({ ...run(fn, label, accs.map((a, i) => epoch(a, loss?.[i] ?? 1, 0.9 + a / 10))), fn, kind: 'dropout' });
    const parts = narrate('hansen', [cnn('sigmoid', 'Sigmoid', [0.11, 0.103], [2.5, 2.43]), cnn('relu', 'ReLU', [0.83, 0.89]), cnn('selu', 'SELU', [0.82, 0.88])]);
    expect(parts).toEqual([
      { key: 'tliveHansenAccuracy', vars: { k: 2, list: 'Sigmoid 10.3\u00a0%, ReLU 89\u00a0%, SELU 88\u00a0%' } },
      { key: 'tliveHansenChanceOne', vars: { list: 'Sigmoid' } },
      { key: 'tliveHansenSigmoidSlowest', vars: { sigmoid: 11, next: 'SELU', nextAcc: 82, low: 'SELU', lowAcc: 82 } },
      { key: 'tliveHansenSigmoidLoss', vars: { loss: 2.43, steps: 32 } },
      { key: 'tliveHansenBinary', vars: { binLow: 91, binHigh: 98.9 } },
    ]);
    const learnt = narrate('hansen', [cnn('sigmoid', 'Sigmoid', [0.9]), cnn('relu', 'ReLU', [0.5])]);
    expect(keys(learnt)).toEqual(['tliveHansenAccuracy', 'tliveHansenChanceAll', 'tliveHansenSigmoidNotSlowest', 'tliveHansenBinary']);
    expect(learnt[1].vars).toEqual({ low: 'ReLU', lowAcc: 50 });
    expect(keys(narrate('hansen', [cnn('sigmoid', 'S', [0.1]), cnn('relu', 'R', [0.15])]))[1]).toBe('tliveHansenChanceMany');
  });

  it('AlphaDropout: the std from the first to the last hidden layer for both runs, which ends closer to 0 / 1, the drift since epoch 1, the accuracy', () => {
    const epoch = (std, mean, acc) => ({ report: { outputStd: [...std, 2], outputMean: [...mean, 0] }, evaluation: { train: { loss: 1, accuracy: acc }, test: { loss: 1, accuracy: acc } } });
    const pair = (d, a) => [{ ...run('selu-dropout', 'SELU + Dropout', d), fn: 'selu', kind: 'dropout' }, { ...run('selu-alphadropout', 'SELU + AlphaDropout', a), fn: 'selu', kind: 'alphadropout' }];
    const parts = narrate('alphaDropout', pair(
      [epoch([0.48, 0.9, 1.42], [0, 0, 0.033], 0.87), epoch([0.6, 1.2, 1.81], [0, 0, 0.195], 0.9075)],
      [epoch([0.62, 0.95, 1.03], [0, 0, -0.03], 0.58), epoch([0.73, 1.3, 1.725], [0, 0, 0.124], 0.8105)]));
    expect(parts).toEqual([
      { key: 'tliveAlphaStd', vars: { k: 2, last: 3, dFirst: 0.6, dLast: 1.81, aFirst: 0.73, aLast: 1.73, dMean: 0.2, aMean: 0.12 } },
      { key: 'tliveAlphaCloser', vars: { last: 3, dDist: 0.83, aDist: 0.74 } },
      { key: 'tliveAlphaDrift', vars: { last: 3, dStart: 1.42, dLast: 1.81, aStart: 1.03, aLast: 1.73 } },
      { key: 'tliveAlphaAccuracy', vars: { dAcc: 90.8, aAcc: 81.1 } },
    ]);
    const reversed = narrate('alphaDropout', pair([epoch([1, 1], [0, 0], 0.5)], [epoch([1, 1.5], [0, 0.2], 0.5)]));
    expect(keys(reversed)).toEqual(['tliveAlphaStd', 'tliveAlphaNotCloser', 'tliveAlphaAccuracy']);
    expect(narrate('alphaDropout', [pair([epoch([1], [0], 0.5)], [])[0]])).toEqual([]);
    expect(keys(narrate('alphaDropout', pair([epoch([NaN, 1], [0, 0], 0.5)], [epoch([1, 1], [0, 0], 0.5)])))).toEqual(['tliveNoNumbers']);
  });

  it('every key the narration and the status line can give has an English and a Chinese string with the same placeholders', () => {
    const source = ['tliveWaiting', 'tliveNoNumbers', 'tliveNielsenFirstSlow', 'tliveNielsenFirstFast', 'tliveNielsenCaughtUp', 'tliveNielsenEven',
      'tliveNielsenClosing', 'tliveNielsenStill', 'tliveNielsenAccuracy', 'tliveDeadUnits', 'tliveDeadOthers', 'tliveDeadCost', 'tliveDeadNoCost',
      'tliveDeadSomeCost', 'tliveSeluAccuracy', 'tliveSeluBothSeluFirst', 'tliveSeluBothReluFirst', 'tliveSeluOnly', 'tliveSeluReluOnly',
      'tliveSeluNeither', 'tliveSeluReluChance', 'tliveFashionLossFar', 'tliveFashionLossNear', 'tliveFashionReached', 'tliveFashionNotYet',
      'tliveHansenAccuracy', 'tliveHansenChanceAll', 'tliveHansenChanceOne', 'tliveHansenChanceMany', 'tliveHansenSigmoidSlowest', 'tliveHansenSigmoidNotSlowest',
      'tliveHansenSigmoidLoss', 'tliveHansenBinary', 'tliveAlphaStd', 'tliveAlphaCloser', 'tliveAlphaNotCloser', 'tliveAlphaDrift', 'tliveAlphaAccuracy',
      'tProgressTraining', 'tProgressMeasuring', 'tLayersRefused', 'tBinaryKey', 'tStatsLegend', 'tStatsLabel',
      'tReady', 'tStatusStarting', 'tStatusRunning', 'tStatusPaused', 'tStatusFinished', 'tStatusStepped', 'tStatusStopped', 'tStatusFailed', 'tStatusDiverged', 'tRunTo'];
    const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of source) {
      expect(STRINGS.en[key], key).toBeTypeOf('string');
      expect(STRINGS.zh[key], key).toBeTypeOf('string');
      expect(new Set(holes(STRINGS.zh[key])), key).toEqual(new Set(holes(STRINGS.en[key])));
    }
    const live = Object.keys(STRINGS.en).filter((k) => k.startsWith('tlive'));
    expect(live.sort()).toEqual(source.filter((k) => k.startsWith('tlive')).sort());
  });
});

describe('status line and Run’s target', () => {
  it('Run trains to the field’s value, and after a finished run to that many epochs more, never one silent extra', () => {
    expect(nextTarget(0, 200)).toBe(200);
    expect(nextTarget(150, 200)).toBe(200);
    expect(nextTarget(200, 200)).toBe(400);
    expect(nextTarget(250, 200)).toBe(450);
  });

  it('says epoch k of N, the rate, paused, finished with the next target, and which runs diverged', () => {
    expect(statusLine({ phase: 'running', epochs: 3, target: 10, rate: 12345 })).toEqual([{ key: 'tStatusRunning', vars: { k: 3, target: 10, rate: 12300 } }]);
    expect(statusLine({ phase: 'running', epochs: 0, target: 10 })[0].key).toBe('tStatusStarting');
    expect(statusLine({ phase: 'paused', epochs: 4, target: 10, next: 10 })).toEqual([{ key: 'tStatusPaused', vars: { k: 4, target: 10, next: 10 } }]);
    expect(statusLine({ phase: 'finished', epochs: 10, target: 10, next: 20 })).toEqual([{ key: 'tStatusFinished', vars: { k: 10, next: 20 } }]);
    expect(statusLine({ phase: 'ready', networks: 3, next: 60 })).toEqual([{ key: 'tReady', vars: { n: 3, next: 60 } }]);
    expect(statusLine({ phase: 'finished', epochs: 10, next: 20, diverged: [{ label: 'ELU', epoch: 4 }] })[1]).toEqual({ key: 'tStatusDiverged', vars: { list: 'ELU (4)' } });
    expect(statusLine({ phase: 'stopped', epochs: 4, diverged: [{ label: 'ELU', epoch: 4 }] })).toEqual([{ key: 'tStatusStopped', vars: { k: 4 } }]);
  });
});

describe('status inside an epoch and faults', () => {
  const within = { epoch: 3, sample: 4000, samples: 10000, stage: 'training' };
  it('says the sample of the epoch under way, a pause half way through it, and the measuring at its end', () => {
    expect(statusLine({ phase: 'running', epochs: 2, target: 10, rate: 500, within })).toEqual([{ key: 'tStatusRunningIn', vars: { e: 3, s: 4000, n: 10000, target: 10, rate: 500 } }]);
    expect(statusLine({ phase: 'running', epochs: 2, target: 10, within })[0].key).toBe('tStatusStartingIn');
    expect(statusLine({ phase: 'running', epochs: 2, target: 10, within: { ...within, stage: 'evaluating' } })[0].key).toBe('tStatusEvaluating');
    expect(statusLine({ phase: 'paused', epochs: 2, target: 10, next: 10, within })).toEqual([{ key: 'tStatusPausedIn', vars: { e: 3, s: 4000, n: 10000, target: 10, next: 10 } }]);
    expect(statusLine({ phase: 'paused', epochs: 2, target: 10, next: 10, within: { ...within, stage: 'evaluating' } })[0].key).toBe('tStatusPausedEvaluating');
    expect(statusLine({ phase: 'stalled', epochs: 7 })).toEqual([{ key: 'tStatusStalled', vars: { k: 7 } }]);
  });

  it('names each fault by its cause and offers the button that undoes it', () => {
    const coded = (code, message) => Object.assign(new Error(message), { code });
    expect(describeFault(coded('http', 'ActLab: could not load the digits data set (HTTP 404 for /x.gz).'))).toEqual({
      key: 'tFault_http', vars: { detail: 'could not load the digits data set (HTTP 404 for /x.gz)', status: 404 }, action: 'retry', code: 'http',
    });
    expect(describeFault(coded('truncated', 'ends early')).key).toBe('tFault_truncated');
    expect(describeFault(coded('no-trainers', 'none')).key).toBe('tFault_noTrainers');
    expect(describeFault(coded('stalled', 'silent')).action).toBe('restart');
    expect(describeFault(coded('crashed', 'boom')).action).toBe('restart');
    expect(describeFault(coded('memory', 'OOM')).action).toBe(null); // another try would fail the same way: change the settings
    expect(describeFault(new Error('odd'))).toMatchObject({ key: 'tEpochFailed', action: null, code: 'failed' });
  });

  it('every fault and status key exists in English and Chinese', () => {
    const keys = ['tFault_download', 'tFault_http', 'tFault_truncated', 'tFault_decompress', 'tFault_corrupt', 'tFault_size', 'tFault_wasm', 'tFault_memory',
      'tFault_noTrainers', 'tFault_stalled', 'tFault_crashed', 'tStatusRunningIn', 'tStatusStartingIn', 'tStatusEvaluating', 'tStatusPausedIn',
      'tStatusPausedEvaluating', 'tStatusStalled', 'tRetry', 'tRestartWorker'];
    for (const lang of ['en', 'zh']) for (const key of keys) expect(typeof TRAINING_STRINGS[lang][key], `${lang} ${key}`).toBe('string');
    expect(TRAINING_STRINGS.zh.tFault_truncated).not.toBe(TRAINING_STRINGS.en.tFault_truncated);
  });
});

describe('chart text', () => {
  it('before any epoch the legends say —, never NaN; a NaN that was computed stays NaN', () => {
    expect(latestShown([], 3)).toBe('—');
    expect(latestShown([0.5, NaN], 3)).toBe('NaN');
    expect(deadText({ history: [] })).toBe('—');
    expect(deadText({ history: [entry({ dead: [0.125, 0, 0] })] })).toBe('12.5\u00a0% / 0\u00a0%');
  });

  it('dead-units lines: one per run and hidden layer, the run’s colour, the layer’s dash', () => {
    const runs = [{ label: 'ReLU', colour: '#0072B2', widths: [8, 8], history: [entry({ dead: [0.25, 0.5, 0] }), entry({ dead: [0.5, 0.5, 0] })] },
      { label: 'ELU', colour: '#D55E00', widths: [8, 8], history: [] }];
    const lines = deadSeries(runs);
    expect(lines.map((l) => [l.label, l.colour, l.dash])).toEqual([
      ['ReLU 1', '#0072B2', LAYER_DASHES[0]], ['ReLU 2', '#0072B2', LAYER_DASHES[1]], ['ELU 1', '#D55E00', LAYER_DASHES[0]], ['ELU 2', '#D55E00', LAYER_DASHES[1]]]);
    expect(lines[0].values).toEqual([0.25, 0.5]);
    expect(lines[2].values).toEqual([]);
  });
});
