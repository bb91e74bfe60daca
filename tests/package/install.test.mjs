// The npm package as an author gets it: installed from its tarball
// (build/actlab-<version>.tgz, made by ./build.sh package) into empty
// projects, with no registry. It runs simulate, a training epoch, the kernels
// and a data set in Node (an ES-module project and a CommonJS one), its types
// check a typed example with tsc, and a Vite build of a page that imports it
// runs the same in Chromium (the simulator and a trainer also in the API's own workers).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../e2e/browser.mjs';
import { startServer } from '../e2e/static-server.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version;
const TARBALL = path.join(ROOT, 'build', `actlab-${VERSION}.tgz`);
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

// What every consumer computes, in Node and in the browser: a vanishing-gradient
// stack, an epoch on a toy set, one kernel call and the digits' sizes.
const CONSUMER_CODE = `
  const net = await simulate({ depth: 30, width: 64, activation: 'sigmoid', init: 'xavier_normal', seed: 7 });
  const trainer = await createTrainer({ inputWidth: 2, classes: 2, hidden: [{ width: 16, activation: 'tanh' }], optimizer: 'adam', learningRate: 0.02 }, { toy: 'spiral' });
  const epoch = await trainer.epoch();
  const lab = await loadActLab();
  const digits = await loadDataset('digits');
  const result = {
    layers: net.layers.length, firstOverLast: net.layers[0].gradWNorm / net.layers[29].gradWNorm, bitsHash: net.bitsHash,
    steps: epoch.steps, meanLoss: epoch.meanLoss, relu: Array.from(lab.activate('relu', [-1, 2])), simd: lab.simd,
    digits: [digits.train.size, digits.test.size, digits.features],
  };
  trainer.destroy();
`;

let work; // the temporary folder of all consumer projects
let expected; // CONSUMER_CODE's result from the source tree

// An empty project in work/name with package.json fields, the tarball installed offline.
async function project(name, fields) {
  const dir = path.join(work, name);
  await run('mkdir', ['-p', dir]);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, ...fields }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', TARBALL], { cwd: dir });
  return dir;
}

function checkResult(result) {
  assert.equal(result.layers, 30);
  assert.ok(result.firstOverLast < 1e-6, `the first layer's gradient should vanish: ratio ${result.firstOverLast}`);
  assert.deepEqual(result, { ...expected, simd: result.simd });
}

before(async () => {
  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: run ./build.sh package`);
  work = await mkdtemp(path.join(os.tmpdir(), 'actlab-package-'));
  const { simulate, createTrainer, loadActLab, loadDataset } = await import('../../web/src/api/index.js');
  const body = new Function('simulate', 'createTrainer', 'loadActLab', 'loadDataset', `return (async () => { ${CONSUMER_CODE}; return result; })();`);
  expected = await body(simulate, createTrainer, loadActLab, loadDataset);
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the package installed from its tarball', () => {
  it('holds the files its exports and its modules refer to, and nothing of the page', async () => {
    const { stdout } = await run('tar', ['-tzf', TARBALL]);
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    for (const file of ['package.json', 'index.d.ts', 'README.md', 'LICENSE', 'src/api/index.js', 'src/actlab.js',
      'wasm/actlab-simd.wasm', 'wasm/actlab-scalar.wasm', 'wasm/actlab-simulator-simd.wasm', 'wasm/actlab-simulator-scalar.wasm',
      'src/simulator/simulator-worker.js', 'src/api/trainer-worker.js', 'data/digits-8x8.bin.gz', 'embed.js']) assert.ok(files.includes(file), `${file} is missing`);
    assert.ok(!files.some((f) => /shell\/|curves\/|\.symbols$|index\.html$/.test(f)), 'page files in the package');
  });

  it('runs simulate, an epoch, a kernel and a data set in Node, in an ES-module project', async () => {
    const dir = await project('esm', { type: 'module' });
    await writeFile(path.join(dir, 'main.js'), `import { simulate, createTrainer, loadActLab, loadDataset } from 'actlab';\n${CONSUMER_CODE}\nconsole.log(JSON.stringify(result));\n`);
    const { stdout } = await run(process.execPath, ['main.js'], { cwd: dir });
    checkResult(JSON.parse(stdout));
  });

  it('loads in a CommonJS project through import()', async () => {
    const dir = await project('cjs', {});
    await writeFile(path.join(dir, 'main.cjs'), `(async () => {\n  const { simulate, createTrainer, loadActLab, loadDataset } = await import('actlab');\n${CONSUMER_CODE}\n  console.log(JSON.stringify(result));\n})();\n`);
    const { stdout } = await run(process.execPath, ['main.cjs'], { cwd: dir });
    checkResult(JSON.parse(stdout));
  });

  it('type-checks a typed example with tsc --noEmit, its @ts-expect-error lines included', async () => {
    const dir = await project('typed', { type: 'module' });
    await copyFile(fileURLToPath(new URL('./typed-example.ts', import.meta.url)), path.join(dir, 'example.ts'));
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, lib: ['es2022', 'dom'], types: [] },
      files: ['example.ts'],
    }));
    const checked = await run(bin('tsc'), ['-p', dir], { cwd: dir }).then(() => 'ok', (e) => e.stdout + e.stderr);
    assert.equal(checked, 'ok');
    // The same file with one more misuse must fail: tsc really reads the package's types.
    await writeFile(path.join(dir, 'example.ts'), `${await readFile(path.join(dir, 'example.ts'), 'utf8')}\nlab.activate(42, []);\n`);
    const broken = await run(bin('tsc'), ['-p', dir], { cwd: dir }).then(() => 'ok', (e) => e.stdout);
    assert.match(broken, /example\.ts.*error TS2345/);
  });

  it('builds with Vite into a page that runs the same in Chromium, and simulates and trains in the API\'s own workers', { timeout: 120000 }, async () => {
    const dir = await project('vite', { type: 'module' });
    await writeFile(path.join(dir, 'vite.config.js'), "export default { base: './', worker: { format: 'es' }, build: { target: 'es2022' }, logLevel: 'warn' };\n");
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>consumer</title><script type="module" src="./main.js"></script>\n');
    await writeFile(path.join(dir, 'main.js'), `import { simulate, createTrainer, loadActLab, loadDataset } from 'actlab';
      (async () => {
        ${CONSUMER_CODE}
        const inWorker = await simulate({ depth: 30, width: 64, activation: 'sigmoid', init: 'xavier_normal', seed: 7 }, { worker: true });
        // The trainer in the API's worker: the same epoch, typed errors, an abort that the next epoch finishes.
        const config = { inputWidth: 2, classes: 2, hidden: [{ width: 16, activation: 'tanh' }], optimizer: 'adam', learningRate: 0.02 };
        const remote = await createTrainer(config, { toy: 'spiral' }, { worker: true });
        const progress = [];
        const remoteEpoch = await remote.epoch({ onProgress: (p) => progress.push(p) });
        const remoteLoss = (await remote.evaluate()).train.loss;
        remote.destroy();
        const refused = await createTrainer({ ...config, learningRate: -1 }, { toy: 'spiral' }, { worker: true }).catch((e) => \`\${e.name}: \${e.message}\`);
        const mlp = { inputWidth: 64, classes: 10, hidden: [{ width: 32, activation: 'relu' }], batch: 8, seed: 3 };
        const [digitsHere, digitsThere] = await Promise.all([createTrainer(mlp, 'digits'), createTrainer(mlp, 'digits', { worker: true })]);
        const controller = new AbortController();
        const stopping = digitsThere.epoch({ signal: controller.signal });
        controller.abort();
        const aborted = await stopping.then(() => 'finished', (e) => e.name);
        const resumed = await digitsThere.epoch();
        const whole = await digitsHere.epoch();
        window.__result = {
          result, workerHash: inWorker.bitsHash, remoteEpoch: [remoteEpoch.steps, remoteEpoch.meanLoss], remoteLoss, refused,
          aborted, resumedEqualsWhole: JSON.stringify(resumed) === JSON.stringify(whole), epochs: digitsThere.epochs, lastProgress: progress.at(-1),
        };
      })().catch((error) => { window.__result = { error: String(error?.stack ?? error) }; });\n`);
    await run(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: dir });
    const assets = await readdir(path.join(dir, 'dist', 'assets'));
    assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 4, `the four .wasm builds: ${assets.join(', ')}`);
    const server = await startServer({ root: path.join(dir, 'dist'), base: '/' });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      if (process.env.ACTLAB_DEBUG) page.on('console', (m) => console.log('page:', m.text()));
      await page.goto(server.url);
      await page.waitForFunction(() => window.__result, null, { timeout: 60000 });
      const { result, workerHash, error } = await page.evaluate(() => window.__result);
      assert.equal(error, undefined);
      checkResult(result);
      assert.equal(workerHash, expected.bitsHash);
      const remote = await page.evaluate(() => window.__result);
      assert.deepEqual(remote.remoteEpoch, [expected.steps, expected.meanLoss]);
      assert.ok(remote.remoteLoss < 1, `evaluated in the worker: ${remote.remoteLoss}`);
      assert.equal(remote.refused, 'RangeError: ActLab: learning rate = -1 is outside the allowed range [1e-12, 1000]');
      assert.equal(remote.aborted, 'AbortError');
      assert.equal(remote.resumedEqualsWhole, true);
      assert.equal(remote.epochs, 1);
      assert.deepEqual(remote.lastProgress, { done: 480, total: 480 }, 'the end of the epoch is reported');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
