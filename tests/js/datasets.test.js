// The shipped data sets: the files read back with the right counts, ranges
// and class balance, and damaged files are refused with a clear message.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { DATASETS, loadDataset, readDataset, readDatasetFile } from '../../web/src/train/datasets.js';

// Mean of a Float32Array.
const mean = (x) => x.reduce((a, b) => a + b, 0) / x.length;

// How many samples of each class.
const counts = (labels, classes) => Array.from({ length: classes }, (_, k) => labels.filter((y) => y === k).length);

describe('shipped data sets', () => {
  it('Fashion-MNIST: 10,000 + 2,000 images of 28 × 28 in [0, 1], ten roughly balanced classes', async () => {
    const d = await loadDataset('fashion-mnist');
    expect([d.features, d.classes, d.train.size, d.test.size]).toEqual([784, 10, 10000, 2000]);
    expect(DATASETS['fashion-mnist'].image).toEqual([28, 28]);
    expect(Math.min(...d.train.x.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...d.train.x.subarray(0, 784 * 50))).toBe(1);
    expect(mean(d.train.x)).toBeGreaterThan(0.25); // the full set's mean pixel is about 0.286
    expect(mean(d.train.x)).toBeLessThan(0.32);
    for (const n of counts(d.train.labels, 10)) expect(n).toBeGreaterThan(900);
    for (const n of counts(d.test.labels, 10)) expect(n).toBeGreaterThan(150);
    expect(d.train.labels[0]).toBe(9); // the first training image of Fashion-MNIST is an ankle boot
  });

  it('MNIST: 8,000 + 2,000 digits of 28 × 28 in [0, 1], stratified, no image in both sets, the bytes make_datasets.py printed', async () => {
    const d = await loadDataset('mnist');
    expect([d.features, d.classes, d.train.size, d.test.size]).toEqual([784, 10, 8000, 2000]);
    expect(DATASETS.mnist.image).toEqual([28, 28]);
    expect(Math.min(...d.train.x.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...d.train.x.subarray(0, 784 * 50))).toBe(1);
    for (const split of [d.train, d.test]) {
      expect(mean(split.x)).toBeGreaterThan(0.12); // MNIST's mean pixel is about 0.131
      expect(mean(split.x)).toBeLessThan(0.14);
    }
    // Every digit of the package (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978), 20 % of each in the test set.
    const train = counts(d.train.labels, 10), test = counts(d.test.labels, 10);
    expect(train).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
    expect(test).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    for (let k = 0; k < 10; k++) {
      expect(train[k] / 8000).toBeGreaterThan(0.08), expect(train[k] / 8000).toBeLessThan(0.12);
      expect(test[k] / train[k]).toBeCloseTo(0.25, 1);
    }
    expect(new Set(d.train.labels.slice(0, 20)).size).toBeGreaterThan(5); // shuffled, not sorted by digit

    const bytes = gunzipSync(readFileSync(new URL('../../web/data/mnist-10k.bin.gz', import.meta.url)));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('a33758d30554bb0fc8257f579a1fc91a95a307b81569a675fb239f41e7287433');
    const image = (i) => bytes.subarray(28 + i * 784, 28 + (i + 1) * 784).toString('latin1');
    const seen = new Set(Array.from({ length: 8000 }, (_, i) => image(i)));
    expect(seen.size).toBe(8000); // no image twice in the training set
    for (let i = 8000; i < 10000; i++) seen.add(image(i));
    expect(seen.size).toBe(10000); // none in the test set that is also in the training set (or twice in the test set)
  });

  it('digits: 1,500 + 297 images of 8 × 8 in [0, 1], ten classes', async () => {
    const d = await loadDataset('digits');
    expect([d.features, d.classes, d.train.size, d.test.size]).toEqual([64, 10, 1500, 297]);
    expect(Math.max(...d.train.x)).toBe(1);
    expect(Math.min(...d.train.x)).toBe(0);
    expect(d.train.labels.slice(0, 10)).toEqual(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    for (const n of counts(d.train.labels, 10)) expect(n).toBeGreaterThan(130);
  });
});

describe('damaged files', () => {
  it('refuses a wrong header, a truncated body and a label outside the classes, and an unknown id', async () => {
    expect(() => readDataset(new Uint8Array(40))).toThrow(/not an ActLab data set file/);
    const header = new Uint8Array(28);
    header.set([...'ACTLABDS'].map((c) => c.charCodeAt(0)));
    const view = new DataView(header.buffer);
    view.setUint32(8, 2, true), view.setUint32(12, 1, true), view.setUint32(16, 2, true), view.setUint32(20, 3, true), view.setFloat32(24, 4, true);
    const body = Uint8Array.from([0, 4, 2, 2, 4, 0, 0, 1, 2]);
    const good = new Uint8Array([...header, ...body]);
    expect(readDataset(good).train.x).toEqual(Float32Array.from([0, 1, 0.5, 0.5]));
    expect(() => readDataset(good.subarray(0, good.length - 1))).toThrow(/expected 37 \(truncated or damaged\)/);
    const badLabel = good.slice();
    badLabel[36] = 3;
    expect(() => readDataset(badLabel)).toThrow(/label outside 0..2/);
    await expect(loadDataset('cifar')).rejects.toThrow(/unknown data set "cifar"/);
  });

  it('names the cause of a damaged file: truncated gzip, corrupted gzip, a wrong size, a wrong header', async () => {
    const file = new Uint8Array(readFileSync(new URL('../../web/data/digits-8x8.bin.gz', import.meta.url)));
    const cause = (bytes) => readDatasetFile(bytes).then(() => 'read', (error) => `${error.code}: ${error.message}`);
    expect(await cause(file)).toBe('read');
    expect(await cause(file.subarray(0, file.length >> 1))).toMatch(/^truncated: ActLab: the data set file ends early: [\d,]+ compressed bytes arrived/);
    const corrupt = file.slice();
    for (let i = 200; i < 260; i++) corrupt[i] ^= 0x5a;
    expect(await cause(corrupt)).toMatch(/^decompress: ActLab: the data set file is damaged and cannot be decompressed/);
    expect(await cause(new Uint8Array(40))).toMatch(/^corrupt: .*bad header/);
    const header = new Uint8Array(28);
    header.set([...'ACTLABDS'].map((c) => c.charCodeAt(0)));
    new DataView(header.buffer).setUint32(8, 5, true);
    expect(await cause(header)).toMatch(/^size: .*expected 33/);
  });
});
