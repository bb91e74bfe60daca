// The real data sets of the training lab, shipped gzip-compressed in
// web/data/ (made by web/data/make_datasets.py) and fetched only when a user
// picks one. Works in browsers (DecompressionStream) and in Node (zlib).

/** The data sets: id -> where the file is and what it holds. */
export const DATASETS = {
  'fashion-mnist': { url: () => new URL('../../data/fashion-mnist-12k.bin.gz', import.meta.url), image: [28, 28] },
  mnist: { url: () => new URL('../../data/mnist-10k.bin.gz', import.meta.url), image: [28, 28] },
  digits: { url: () => new URL('../../data/digits-8x8.bin.gz', import.meta.url), image: [8, 8] },
};

const MAGIC = 'ACTLABDS';

// An Error whose code names the cause: 'download' (no answer), 'http' (an
// error status), 'truncated' (the file ends early), 'decompress' (not valid
// gzip), 'corrupt' (not a data set file), 'size' (the contents do not add up).
function failure(code, message, fields = {}) {
  return Object.assign(new Error(message), { code }, fields);
}

/**
 * Reads a decompressed data set file (format in web/data/make_datasets.py):
 * { features, classes, train: { x, labels, size }, test: { x, labels, size } }
 * with x a Float32Array (size x features, row-major, scaled to [0, 1]) and
 * labels a Uint8Array. Throws a clear Error for a damaged file.
 */
export function readDataset(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (bytes.byteLength < 28 || magic !== MAGIC) throw failure('corrupt', 'ActLab: not an ActLab data set file (bad header)');
  const trainCount = view.getUint32(8, true), testCount = view.getUint32(12, true);
  const features = view.getUint32(16, true), classes = view.getUint32(20, true), scale = view.getFloat32(24, true);
  const total = trainCount + testCount;
  const valuesAt = 28, labelsAt = valuesAt + total * features;
  if (bytes.byteLength !== labelsAt + total) {
    throw failure('size', `ActLab: data set file has ${bytes.byteLength} bytes, expected ${labelsAt + total} (truncated or damaged)`);
  }
  const split = (first, count) => {
    const x = new Float32Array(count * features);
    const raw = bytes.subarray(valuesAt + first * features, valuesAt + (first + count) * features);
    for (let i = 0; i < x.length; i++) x[i] = raw[i] / scale;
    const labels = bytes.slice(labelsAt + first, labelsAt + first + count);
    if (labels.some((y) => y >= classes)) throw failure('corrupt', `ActLab: data set label outside 0..${classes - 1}`);
    return { x, labels, size: count };
  };
  return { features, classes, train: split(0, trainCount), test: split(trainCount, testCount) };
}

// The gunzipped bytes of a response or file (bytes without the gzip magic
// are returned as they are: a server may have decompressed them already).
// A gzip stream that ends early throws code 'truncated', a damaged one
// 'decompress', with the decompressor's own words.
async function gunzip(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    if (typeof DecompressionStream === 'function') return await readAll(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
    const { gunzipSync } = await import(/* @vite-ignore */ 'node:zlib');
    return new Uint8Array(gunzipSync(bytes));
  } catch (cause) {
    const reason = String(cause?.message ?? cause);
    const early = /truncat|unexpected end|end of (file|stream)|not properly terminated|premature/i.test(reason);
    throw failure(early ? 'truncated' : 'decompress',
      early ? `ActLab: the data set file ends early: ${bytes.length.toLocaleString('en-US')} compressed bytes arrived and the gzip stream needs more (${reason})`
        : `ActLab: the data set file is damaged and cannot be decompressed (${reason})`, { cause });
  }
}

// Every chunk of a byte stream, joined (read directly, so a decompression
// error keeps its own message instead of a generic "Failed to fetch").
async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) out.set(chunk, at), (at += chunk.length);
  return out;
}

/** Fetches (or, in Node, reads) data set id and resolves to readDataset's object; errors carry a cause code. */
export async function loadDataset(id) {
  const entry = DATASETS[id];
  if (!entry) throw new RangeError(`ActLab: unknown data set "${id}" (known: ${Object.keys(DATASETS).join(', ')})`);
  const url = entry.url();
  let compressed;
  if (url.protocol === 'file:') {
    const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
    compressed = new Uint8Array(await readFile(url));
  } else {
    let response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw failure('download', `ActLab: the ${id} data set could not be downloaded from ${url.pathname} (${cause?.message ?? cause})`, { cause });
    }
    if (!response.ok) throw failure('http', `ActLab: could not load the ${id} data set (HTTP ${response.status} for ${url.pathname})`, { status: response.status });
    try {
      compressed = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      throw failure('download', `ActLab: the download of the ${id} data set broke off (${cause?.message ?? cause})`, { cause });
    }
  }
  return readDatasetFile(compressed);
}

/** readDataset of a file's bytes as stored (gzip-compressed or not); errors carry a cause code. */
export async function readDatasetFile(bytes) {
  return readDataset(await gunzip(bytes));
}
