// A tutorial author's script, type-checked against the package's index.d.ts
// (tests/package/install.test.mjs runs tsc --noEmit on it in a fresh project).
// The @ts-expect-error lines must stay errors: they prove the types are not `any`.
import { createTrainer, FormulaError, loadActLab, loadDataset, simulate, toyData, TOY_DATASETS, type EpochReport, type Lab } from 'actlab';

const lab: Lab = await loadActLab({ simd: 'auto' });
const y: Float32Array = lab.activate('elu', new Float32Array([-1, 0, 1]), { alpha: 0.5 });
const bound: number = lab.catalog.activations[0].forwardUlp;
const snake = lab.formula('x + sin(a * x)^2 / a; a in [0.1, 5] = 1');
const slope: Float32Array = snake.derivative([0, 1], { a: 2 });
const twin: Float64Array = snake.reference([0, 1]).f;
snake.destroy();
try { lab.formula('x * sigmod(x)'); } catch (error) { if (error instanceof FormulaError) console.log(error.column); }

const controller = new AbortController();
const run = await simulate({ depth: 30, width: 64, activation: 'sigmoid', init: 'xavier_normal' }, {
  onProgress: ({ fraction }) => console.log(fraction.toFixed(2)),
  signal: controller.signal,
});
const norms: number[] = run.layers.map((layer) => layer.gradWNorm);
const mish = await simulate({ depth: 8, activation: { id: 'formula', formula: 'x * tanh(softplus(a * x)); a in [0.5, 2] = 1', params: [1.5] }, layers: [{ layer: 2, id: 'formula', formula: 'silu(x)' }] });

const trainer = await createTrainer({ inputWidth: 2, classes: 2, hidden: [{ width: 8, activation: 'relu' }], optimizer: 'adam' }, { toy: 'spiral' }, { worker: false });
const report: EpochReport = await trainer.epoch({ onProgress: ({ done, total }) => console.log(done / total) });
const accuracy: number = (await trainer.evaluate()).test.accuracy;
const probabilities: Float32Array = await trainer.predict([0, 0]);
await trainer.rewind();
trainer.destroy();

const cnn = await createTrainer({ inputShape: [1, 8, 8], classes: 10, layers: [{ conv2d: { filters: 4, kernel: 3, padding: 'same' } }, { act: 'relu' }, { maxpool: 2 }, { flatten: true }] }, 'digits');
cnn.destroy();
const points = await toyData({ name: 'moons', count: 200 });
const digits = await loadDataset('digits');
const names: readonly string[] = TOY_DATASETS;

// @ts-expect-error depth is a number
await simulate({ depth: '30' });
// @ts-expect-error no such optimiser
await createTrainer({ optimizer: 'rmsprop' }, { toy: 'spiral' });
// @ts-expect-error no such toy set
await toyData('spirals');
// @ts-expect-error progress of an epoch is in samples, not a fraction
await trainer.epoch({ onProgress: ({ fraction }) => fraction });
// @ts-expect-error formula values are numbers by name
snake.activate([1], { a: '2' });
// @ts-expect-error a formula is its text
await simulate({ activation: { id: 'formula', formula: 7 } });
// @ts-expect-error lab.simd is read-only
lab.simd = false;

console.log(y, bound, slope, twin, norms, mish.loss, report, accuracy, probabilities, points.train.size, digits.classes, names);
