// The public API beyond the kernels (web/src/api/): simulate, createTrainer
// and toyData give the engine's own numbers, follow progress and abort
// signals, and refuse bad input with errors that name the setting.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, loadDataset, simulate, toyData, TOY_DATASETS } from '../../web/src/api/index.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { runSimulations } from '../../web/src/simulator/run-simulations.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';

const SIGMOID_30 = { depth: 30, width: 64, batch: 64, activation: 'sigmoid', init: 'xavier_normal', seed: 7 };
const DIGITS_MLP = { inputWidth: 64, classes: 10, hidden: [{ width: 32, activation: 'relu' }], optimizer: 'adam', learningRate: 0.005, batch: 8, seed: 3 };
let engine; // the simulator module, called directly
let digits;

beforeAll(async () => {
  [engine, digits] = await Promise.all([loadSimulatorModule('simd'), loadDataset('digits')]);
});

describe('simulate', () => {
  it('gives the per-layer statistics the engine computes for the same settings', async () => {
    const result = await simulate(SIGMOID_30);
    expect(result).toEqual(runSimulations(engine, [SIGMOID_30]).results[0]);
    expect(result.layers).toHaveLength(30);
  });

  it('shows the sigmoid stack\'s vanishing gradient: the first layer\'s weight gradient is orders of magnitude below the last\'s', async () => {
    const { layers } = await simulate(SIGMOID_30);
    expect(layers[0].gradWNorm / layers[29].gradWNorm).toBeLessThan(1e-6);
  });

  it('gives the same bits in the scalar build', async () => {
    const [simd, scalar] = await Promise.all([simulate(SIGMOID_30, { simd: true }), simulate(SIGMOID_30, { simd: false })]);
    expect(scalar.bitsHash).toBe(simd.bitsHash);
  });

  it('reports progress as a fraction that grows to 1', async () => {
    const fractions = [];
    await simulate({ depth: 120, width: 256, batch: 256, activation: 'relu' }, { onProgress: ({ fraction }) => fractions.push(fraction) });
    expect(fractions.length).toBeGreaterThan(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it('stops between two slices when its signal aborts, and the next run is unaffected', async () => {
    const controller = new AbortController();
    const config = { depth: 120, width: 256, batch: 256, activation: 'relu' };
    const started = performance.now();
    const running = simulate(config, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    const stoppedAfter = performance.now() - started;
    const full = performance.now();
    const result = await simulate(config);
    expect(stoppedAfter).toBeLessThan(performance.now() - full);
    expect(result).toEqual(runSimulations(engine, [config]).results[0]);
  });

  it('rejects at once when the signal has already aborted', async () => {
    await expect(simulate(SIGMOID_30, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the setting and its allowed range in a RangeError', async () => {
    await expect(simulate({ depth: 0 })).rejects.toThrow(new RangeError('ActLab: depth = 0 is outside the allowed range [1, 10000]'));
    await expect(simulate({ activation: { id: 'elu', params: [20] } })).rejects.toThrow(/elu: alpha = 20 is outside the allowed range \[0, 10\]/);
    await expect(simulate({ depht: 3 })).rejects.toThrow(/unknown setting 'depht'/);
  });

  it('refuses bad arguments and options with TypeError or RangeError', async () => {
    await expect(simulate(null)).rejects.toThrow(TypeError);
    await expect(simulate([1])).rejects.toThrow(TypeError);
    await expect(simulate({}, { onProgress: 3 })).rejects.toThrow(/onProgress must be a function/);
    await expect(simulate({}, { signal: {} })).rejects.toThrow(/signal must be an AbortSignal/);
    await expect(simulate({}, { speed: 'max' })).rejects.toThrow(new RangeError('ActLab: simulate: unknown option "speed"; valid options: simd, moduleUrl, wasmUrl, worker, onProgress, signal'));
    await expect(simulate({}, { simd: 'yes' })).rejects.toThrow(TypeError);
  });

  it('says that worker: true needs Web Workers where there are none', async () => {
    await expect(simulate(SIGMOID_30, { worker: true })).rejects.toThrow(/needs Web Workers/);
  });
});

describe('createTrainer', () => {
  it('trains an epoch and evaluates with the bits of the engine\'s one-call epoch', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    const direct = createWasmTrainer(engine, DIGITS_MLP, digits);
    try {
      expect(await trainer.epoch()).toEqual(direct.epoch());
      expect(await trainer.evaluate()).toEqual(direct.evaluate());
      expect(await trainer.predict(digits.test.x.subarray(0, 640))).toEqual(direct.predict(digits.test.x.subarray(0, 640)));
      expect(trainer.epochs).toBe(1);
    } finally {
      trainer.destroy(), direct.destroy();
    }
  });

  it('goes on with a stopped epoch where it stopped, to the same bits as an epoch in one go', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    const direct = createWasmTrainer(engine, DIGITS_MLP, digits);
    const controller = new AbortController();
    const progress = [];
    const stopped = trainer.epoch({ signal: controller.signal, onProgress: (p) => progress.push(p) });
    controller.abort(); // the first slice has run; the next one sees the stop
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(trainer.epochs).toBe(0);
    const report = await trainer.epoch({ onProgress: (p) => progress.push(p) });
    expect(report).toEqual(direct.epoch());
    expect(progress.at(-1)).toEqual({ done: digits.train.size, total: digits.train.size });
    trainer.destroy(), direct.destroy();
  });

  it('drops a stopped evaluation\'s sums, so the next evaluation is of the current weights', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    const direct = createWasmTrainer(engine, DIGITS_MLP, digits);
    const controller = new AbortController();
    const stopped = trainer.evaluate({ signal: controller.signal });
    controller.abort();
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    await trainer.epoch(), direct.epoch();
    expect(await trainer.evaluate()).toEqual(direct.evaluate());
    trainer.destroy(), direct.destroy();
  });

  it('repeats the first epoch bit for bit after rewind()', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    const first = await trainer.epoch();
    await trainer.epoch();
    await trainer.rewind();
    expect(trainer.epochs).toBe(0);
    expect(await trainer.epoch()).toEqual(first);
    trainer.destroy();
  });

  it('learns a toy set given by name, and toyData gives exactly the points it learns from', async () => {
    const config = { inputWidth: 2, classes: 2, hidden: [{ width: 16, activation: 'tanh' }], optimizer: 'adam', learningRate: 0.02, batch: 16 };
    const byName = await createTrainer(config, { toy: { name: 'moons', count: 400, noise: 0.1, seed: 5 } });
    const points = await toyData({ name: 'moons', count: 400, noise: 0.1, seed: 5 });
    const byPoints = await createTrainer(config, points);
    expect(points.train.size + points.test.size).toBe(400);
    expect((await byName.trainingPoints()).x).toEqual(points.train.x);
    const before = (await byName.evaluate()).train.loss;
    let last;
    for (let i = 0; i < 15; i++) last = await byName.epoch(), await byPoints.epoch();
    expect((await byName.evaluate())).toEqual(await byPoints.evaluate());
    expect((await byName.evaluate()).train.loss).toBeLessThan(0.5 * before);
    expect(last.finite).toBe(true);
    byName.destroy(), byPoints.destroy();
  });

  it('knows every toy set the training view offers', async () => {
    for (const name of TOY_DATASETS) {
      const { train, classes } = await toyData({ name, count: 50 });
      expect(train.size).toBe(40);
      expect(Math.max(...train.labels)).toBe(classes - 1);
    }
  });

  it('refuses a second call while one runs, and every call after destroy()', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    const first = trainer.epoch();
    expect(() => trainer.destroy()).toThrow(/still running/);
    await expect(trainer.evaluate()).rejects.toThrow('ActLab: trainer.evaluate(): trainer.epoch() is still running; await it first');
    await first;
    trainer.destroy();
    trainer.destroy(); // twice is harmless
    await expect(trainer.epoch()).rejects.toThrow('ActLab: trainer.epoch(): this trainer was destroyed');
    await expect(trainer.predict([0])).rejects.toThrow(/destroyed/);
  });

  it('names a bad setting, data set or toy parameter', async () => {
    await expect(createTrainer({ ...DIGITS_MLP, learningRate: -1 }, 'digits')).rejects.toThrow(new RangeError('ActLab: learning rate = -1 is outside the allowed range [1e-12, 1000]'));
    await expect(createTrainer(DIGITS_MLP, 'cifar')).rejects.toThrow(/unknown data set "cifar" \(known: fashion-mnist, mnist, digits/);
    await expect(createTrainer(DIGITS_MLP, { toy: 'spirals' })).rejects.toThrow(/unknown toy set "spirals" \(known: spiral, circles/);
    await expect(createTrainer({ inputWidth: 2, classes: 2 }, { toy: { name: 'xor', count: 5 } })).rejects.toThrow('ActLab: createTrainer: toy count = 5 is outside the allowed range [10, 100000] (whole numbers)');
    await expect(createTrainer({ inputWidth: 2, classes: 2 }, { toy: { name: 'xor', noise: -1 } })).rejects.toThrow('ActLab: createTrainer: toy noise = -1 is outside the allowed range [0, 2]');
    await expect(createTrainer({ inputWidth: 2, classes: 2 }, { toy: 'xor', extra: 1 })).rejects.toThrow(/unknown data key "extra"/);
    await expect(createTrainer({ ...DIGITS_MLP, learningrate: 0.1 }, 'digits')).rejects.toThrow(/unknown key 'learningrate' \(allowed: inputWidth, inputShape, classes, hidden, layers, output, optimizer, learningRate/);
    await expect(createTrainer({ inputWidth: 2, classes: 2 }, { toy: { name: 'xor', colour: 1 } })).rejects.toThrow(/unknown toy setting "colour"/);
    await expect(createTrainer(DIGITS_MLP, { train: { x: [1], labels: new Uint8Array(1), size: 1 }, test: digits.test })).rejects.toThrow(/data.train.x must be a Float32Array; got Array/);
    await expect(createTrainer(DIGITS_MLP, null)).rejects.toThrow(TypeError);
    await expect(createTrainer('mlp', 'digits')).rejects.toThrow(TypeError);
  });

  it('says that worker: true needs Web Workers where there are none', async () => {
    await expect(createTrainer(DIGITS_MLP, 'digits', { worker: true })).rejects.toThrow(/createTrainer: worker: true needs Web Workers/);
  });

  it('checks the options of each call', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    await expect(trainer.epoch({ every: 1 })).rejects.toThrow(/trainer.epoch: unknown option "every"; valid options: onProgress, signal/);
    await expect(trainer.evaluate({ signal: 1 })).rejects.toThrow(TypeError);
    trainer.destroy();
  });

  it('refuses data whose width or labels do not fit the network, before the engine reads them', async () => {
    await expect(createTrainer({ ...DIGITS_MLP, inputWidth: 2 }, 'digits')).rejects.toThrow('ActLab: the training set has 64 inputs per sample, but the network takes inputWidth = 2; set inputWidth (or inputShape) to match the data');
    await expect(createTrainer({ ...DIGITS_MLP, classes: 2 }, 'digits')).rejects.toThrow('ActLab: the training set has labels up to 9, so it needs classes >= 10; the network has classes = 2');
    const short = { ...digits.train, x: digits.train.x.subarray(0, 100) };
    await expect(createTrainer(DIGITS_MLP, { train: short, test: digits.test })).rejects.toThrow(/training set has 100 inputs for 1500 samples/);
  });

  it('types its refusals: a wrong type or a non-finite number is a TypeError', async () => {
    await expect(simulate({ depth: '30' })).rejects.toThrow(new TypeError('ActLab: depth must be a number, not a string'));
    await expect(simulate({ width: NaN })).rejects.toThrow(new TypeError('ActLab: simulate: width must be a finite number; got NaN'));
    await expect(createTrainer({ ...DIGITS_MLP, hidden: [{ width: Infinity }] }, 'digits')).rejects.toThrow(new TypeError('ActLab: createTrainer: hidden[0].width must be a finite number; got Infinity'));
    await expect(createTrainer({ ...DIGITS_MLP, batch: 'x' }, 'digits')).rejects.toThrow(TypeError);
  });

  it('takes the engine\'s defaults for the shape: 2 inputs, 2 classes', async () => {
    const trainer = await createTrainer({ hidden: [{ width: 8, activation: 'relu' }] }, { toy: 'moons' });
    expect([trainer.inputWidth, trainer.classes]).toEqual([2, 2]);
    expect((await trainer.epoch()).finite).toBe(true);
    trainer.destroy();
  });

  it('checks the points it predicts at', async () => {
    const trainer = await createTrainer(DIGITS_MLP, 'digits');
    await expect(trainer.predict(['a'])).rejects.toThrow(TypeError);
    await expect(trainer.predict(new Float32Array(65))).rejects.toThrow('ActLab: trainer.predict: points.length = 65 is not a multiple of the input width 64');
    expect((await trainer.predict(new Float32Array(128))).length).toBe(20);
    trainer.destroy();
  });
});

describe('the simulator build', () => {
  const wasm = (flavour) => new URL(`../../web/wasm/actlab-simulator-${flavour}.wasm`, import.meta.url).pathname;
  const glue = (flavour) => new URL(`../../web/wasm/actlab-simulator-${flavour}.mjs`, import.meta.url).pathname;

  it('refuses a .wasm of the other flavour than asked for, instead of reporting the wrong one', async () => {
    await expect(simulate(SIGMOID_30, { simd: false, moduleUrl: glue('simd'), wasmUrl: wasm('simd') }))
      .rejects.toThrow(/^ActLab: the scalar build was asked for but .*actlab-simulator-simd\.wasm is the SIMD build; pass actlab-simulator-scalar\.wasm as wasmUrl, or ask for simd: true/);
  });

  it('runs from files passed as moduleUrl and wasmUrl', async () => {
    const result = await simulate(SIGMOID_30, { simd: false, moduleUrl: glue('scalar'), wasmUrl: wasm('scalar') });
    expect(result.bitsHash).toBe(runSimulations(engine, [SIGMOID_30]).results[0].bitsHash);
  });
});
