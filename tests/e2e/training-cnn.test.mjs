// End-to-end tests of the training lab's CNN and dropout: Hansen's
// comparison (reference notes 004) run to its default epochs in Chromium,
// with Pause answered mid-epoch, every curve's numbers printed, and the
// page's sentences checked against its numbers; the AlphaDropout preset's
// layer statistics; the layer form by keyboard, its refusals (a kernel
// larger than the input, networks too big for the memory) and text that is
// never taken for HTML; the architecture in the URL; screenshots at 1280,
// 760 and 390 px. dist/ under a sub-path.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { SHOTS, assertClean, useServerAndBrowser } from './suite.mjs';
import { timePause } from './page-probes.mjs';

const suite = useServerAndBrowser();
const data = (page) => page.evaluate(() => window.__actlab.view('training').data());
const text = (page, selector) => page.locator(selector).textContent();
const pct = (share) => String(Math.round(1000 * share) / 10);
const sig = (x, digits) => String(Number(x.toPrecision(digits)));
const last = (run) => run.history.at(-1);

// Opens the training view at query and waits until its networks are ready (or refused, or the worker failed).
async function openTraining(query, viewport = { width: 1280, height: 900 }) {
  const page = await suite.browser.context.newPage();
  await page.setViewportSize(viewport);
  const problems = watchPage(page, suite.server.origin);
  await page.goto(`${suite.server.url}${query}`);
  await ready(page);
  return { page, problems };
}

const ready = (page) => page.waitForFunction(() => {
  const d = window.__actlab?.view('training')?.data();
  return d && d.runs.length > 0 && (d.fault || (d.runs.every((r) => r.initial || r.error) && d.phase !== 'preparing' && d.phase !== 'loading'));
}, null, { timeout: 120000 });

// Clicks preset id and waits until its networks (run keys) are ready.
async function loadPreset(page, id, keys) {
  await page.locator(`.preset[data-preset="${id}"]`).click();
  await page.waitForFunction((want) => {
    const d = window.__actlab.view('training').data();
    return d.runs.map((r) => r.id).join() === want && d.epochs === 0 && d.runs.every((r) => r.initial);
  }, keys.join(), { timeout: 120000 });
  assert.equal(await page.locator(`.preset[data-preset="${id}"]`).getAttribute('aria-pressed'), 'true');
}

// Presses Run and waits until the run has stopped by itself (its target reached).
async function runToEnd(page, timeout) {
  await page.locator('#t-run').click();
  await page.waitForFunction(() => !window.__actlab.view('training').data().running && window.__actlab.view('training').data().epochs > 0, null, { timeout, polling: 500 });
  return data(page);
}

// Pauses `count` times inside the epoch under way (Run must be on); returns the click-to-"paused" times in ms.
async function pausesMidEpoch(page, count) {
  const latencies = [];
  for (let i = 0; i < count; i++) {
    await page.waitForFunction(() => {
      const d = window.__actlab.view('training').data();
      return d.running && d.within?.stage === 'training' && d.within.sample > 0;
    }, null, { timeout: 60000 });
    await page.waitForTimeout(400 + 150 * i);
    latencies.push(await timePause(page));
    const d = await data(page);
    assert.equal(d.running, false);
    assert.equal(d.epochs, 0, 'the pause landed inside epoch 1');
    assert.match(await text(page, '#t-status'), /^Paused in epoch 1 at sample [\d,]+ of 2,000\. Run finishes it and goes on to epoch \d+\.$/);
    await page.locator('#t-run').click(); // on from where it stopped
  }
  return latencies;
}

// The Hansen sentence the page should give for these runs (the rules of preset-narration.js, restated).
function hansenSentence(runs) {
  const k = Math.min(...runs.map((r) => r.history.length));
  const test = (run, e) => run.history[e - 1].evaluation.test.accuracy;
  const parts = [`After epoch ${k}, test accuracy: ${runs.map((r) => `${r.label} ${pct(test(r, k))}\u00a0%`).join(', ')}.`];
  const low = runs.filter((r) => test(r, k) < 0.2);
  if (low.length === 1) parts.push(`Not every function has left chance (10\u00a0%) yet: ${low[0].label} is still below 20\u00a0%.`);
  else if (low.length > 1) parts.push(`Not every function has left chance (10\u00a0%) yet: ${low.map((r) => r.label).join(', ')} are still below 20\u00a0%.`);
  else {
    const lowest = runs.reduce((a, b) => (test(b, k) < test(a, k) ? b : a));
    parts.push(`Every function is well above chance (10\u00a0%): the lowest, ${lowest.label}, reaches ${pct(test(lowest, k))}\u00a0%.`);
  }
  const sigmoid = runs.find((r) => r.fn === 'sigmoid');
  const others = runs.filter((r) => r !== sigmoid);
  const next = others.reduce((a, b) => (test(b, 1) < test(a, 1) ? b : a));
  parts.push(test(sigmoid, 1) < test(next, 1)
    ? `After epoch 1 sigmoid is the slowest (${pct(test(sigmoid, 1))}\u00a0% test accuracy, the next lowest ${next.label} ${pct(test(next, 1))}\u00a0%).`
    : `After epoch 1 sigmoid is not the slowest here: ${next.label} is lower (${pct(test(next, 1))}\u00a0% against sigmoid’s ${pct(test(sigmoid, 1))}\u00a0%).`);
  if (test(sigmoid, k) < 0.2) {
    const steps = sigmoid.history.slice(0, k).reduce((sum, h) => sum + h.report.steps, 0);
    parts.push(`Sigmoid’s training loss is ${sig(sigmoid.history[k - 1].evaluation.train.loss, 3)}, against ln 10 ≈ 2.30 for a network that guesses: in ${steps} Adam steps its saturating units have not yet started to learn.`);
  }
  const binary = runs.map((r) => r.history[k - 1].evaluation.test.binaryAccuracy);
  parts.push(`Keras’ binary accuracy, what the notes’ set-up prints as “accuracy”, reads ${pct(Math.min(...binary))} to ${pct(Math.max(...binary))}\u00a0% for these same networks.`);
  return parts.join(' ');
}

// Every run's per-epoch numbers, for the report.
const curves = (runs) => runs.map((r) => ({
  label: r.label,
  epochs: r.history.map((h, e) => ({ epoch: e + 1, trainLoss: h.evaluation.train.loss, trainAcc: h.evaluation.train.accuracy, testLoss: h.evaluation.test.loss, testAcc: h.evaluation.test.accuracy, testBinaryAcc: h.evaluation.test.binaryAccuracy })),
}));

describe('Hansen’s comparison', () => {
  test('six activations train the notes’ CNN on MNIST to the preset’s epochs: Pause answers within 200 ms mid-epoch; five leave chance by a wide margin, sigmoid is the slowest after epoch 1; the sentences read the numbers; screenshots', async () => {
    const { page, problems } = await openTraining('?view=training');
    const keys = ['sigmoid', 'relu', 'elu', 'leaky_relu', 'selu', 'gelu_tanh'];
    const loading = Date.now();
    await loadPreset(page, 'hansen', keys);
    console.log(`Hansen preset: networks ready (MNIST loaded, six CNNs made and measured untrained) ${((Date.now() - loading) / 1000).toFixed(0)} s after the click`);
    const before = await data(page);
    // The configs: the notes' layers with each function, SELU with LeCun normal and AlphaDropout, leaky ReLU's slope 0.2.
    const body = (run) => run.config.layers.map((l) => Object.keys(l)[0]).join(',');
    for (const run of before.runs) {
      const selu = run.fn === 'selu';
      assert.equal(body(run), `conv2d,act,conv2d,act,maxpool,${selu ? 'alphadropout' : 'dropout'},flatten,dense,act,${selu ? 'alphadropout' : 'dropout'}`, run.fn);
      assert.equal(run.config.init, selu ? 'lecun_normal' : 'xavier_uniform', run.fn);
      assert.deepEqual(run.config.layers[1].act, { id: run.fn, params: { leaky_relu: [0.2], elu: [1] }[run.fn] ?? [] });
      assert.deepEqual([run.config.optimizer, run.config.learningRate, run.config.clipValue, run.config.batch, run.config.output], ['adam', 0.001, 0.5, 128, 'softmax_cross_entropy']);
    }
    const note = await text(page, '#t-preset-note');
    assert.match(note, /The notes compiled the model with binary cross-entropy, which makes Keras report an inflated accuracy \(90\u00a0% at chance for 10 classes\); this page trains with categorical cross-entropy and offers the binary loss/);
    assert.match(note, /it trains on the first 2,000 MNIST training images for 2 epochs, where the notes’ code trains for 100 epochs on all 60,000/);
    assert.equal(await text(page, '#t-speed-legend'), 'conv2d 32 3x3 valid: —conv2d 64 3x3 valid: —dense 128: —');

    const started = Date.now();
    await page.locator('#t-run').click();
    // The epoch progress bar is there and moves while the first (long) epoch trains.
    await page.waitForFunction(() => document.querySelector('#t-progress').value > 0 && /^Epoch 1:/.test(document.querySelector('#t-progress-text').textContent), null, { timeout: 60000 });
    assert.match(await text(page, '#t-progress-text'), /^Epoch 1: [\d,]+ of 12,000 training samples done \(all networks\)\.$/);
    assert.equal(await page.locator('#t-progress').getAttribute('aria-label'), 'progress of the epoch');
    const latencies = await pausesMidEpoch(page, 5);
    console.log(`Pause mid-CNN-epoch (Hansen, six networks): ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    assert.ok(Math.max(...latencies) <= 200, `pause latencies ${latencies}`);
    await page.waitForFunction(() => !window.__actlab.view('training').data().running, null, { timeout: 900000, polling: 1000 });
    const seconds = (Date.now() - started) / 1000;
    const done = await data(page);
    console.log(`Hansen preset: ${done.epochs} epochs of six networks in ${seconds.toFixed(0)} s (with the pauses)`);
    console.log(`Hansen curves: ${JSON.stringify(curves(done.runs))}`);
    assert.equal(done.epochs, 2);
    assert.equal(await text(page, '#t-status'), 'Finished: epoch 2 of 2. Run trains on to epoch 4.');
    assert.equal(await page.locator('#t-progress-box').isHidden(), true, 'no progress bar once the run is over');
    const accuracy = (run, e) => run.history[e - 1].evaluation.test.accuracy;
    for (const run of done.runs.filter((r) => r.fn !== 'sigmoid')) assert.ok(accuracy(run, 2) >= 0.5, `${run.label}: ${accuracy(run, 2)} after epoch 2`);
    const sigmoid = done.runs.find((r) => r.fn === 'sigmoid');
    for (const run of done.runs.filter((r) => r !== sigmoid)) assert.ok(accuracy(sigmoid, 1) < accuracy(run, 1), `after epoch 1 sigmoid ${accuracy(sigmoid, 1)} < ${run.label} ${accuracy(run, 1)}`);
    assert.equal(await text(page, '#t-preset-live'), hansenSentence(done.runs));
    // The per-layer charts name the conv layers; the table's numbers are the runs'.
    assert.match(await text(page, '#t-dead-figure figcaption'), /channels, for conv layers/);
    const drawn = await page.evaluate(() => window.__actlab.view('training').drawn().dead.map((d) => d.label));
    assert.deepEqual(drawn.slice(0, 3), ['Sigmoid conv2d 32 3x3 valid', 'Sigmoid conv2d 64 3x3 valid', 'Sigmoid dense 128']);
    const cells = await page.locator('#t-table tbody tr td:nth-child(6)').allTextContents();
    assert.deepEqual(cells, done.runs.map((r) => `${String(Number((100 * accuracy(r, 2)).toPrecision(3)))}\u00a0%`));
    for (const [width, height] of [[1280, 900], [760, 900], [390, 844]]) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${overflow} px wider than ${width} px`);
      await page.screenshot({ path: `${SHOTS}training-hansen-${width}.png`, fullPage: true });
    }
    assertClean(problems);
    await page.close();
  });
});

describe('AlphaDropout', () => {
  test('a SELU MLP trained with Dropout and with AlphaDropout: two runs, their layer statistics charted; the sentence reads the numbers', async () => {
    const { page, problems } = await openTraining('?view=training');
    await loadPreset(page, 'alphaDropout', ['selu-dropout', 'selu-alphadropout']);
    const before = await data(page);
    assert.deepEqual(before.runs.map((r) => r.label), ['SELU + Dropout', 'SELU + AlphaDropout']);
    assert.deepEqual(before.runs.map((r) => r.config.layers.slice(0, 3)), ['dropout', 'alphadropout'].map((kind) => [{ dense: 64 }, { act: { id: 'selu', params: [] } }, { [kind]: 0.1 }]));
    const done = await runToEnd(page, 300000);
    assert.equal(done.epochs, 5);
    const [drop, alpha] = done.runs;
    const report = (run, e) => run.history[e - 1].report;
    console.log(`AlphaDropout preset: ${JSON.stringify(done.runs.map((r) => ({ label: r.label, epochs: r.history.map((h, e) => ({ epoch: e + 1, testAcc: h.evaluation.test.accuracy, std: h.report.outputStd.slice(0, -1).map((v) => +v.toFixed(3)), mean: h.report.outputMean.slice(0, -1).map((v) => +v.toFixed(3)) })) })))}`);
    const std = (run, l) => report(run, 5).outputStd[l - 1], mean = (run, l) => report(run, 5).outputMean[l - 1];
    const dist = (run) => Math.hypot(mean(run, 8), std(run, 8) - 1);
    const closer = dist(alpha) < dist(drop);
    const expected = [
      `After epoch 5, layer output std from layer 1 to layer 8: with Dropout ${sig(std(drop, 1), 3)} → ${sig(std(drop, 8), 3)}, with AlphaDropout ${sig(std(alpha, 1), 3)} → ${sig(std(alpha, 8), 3)}; mean at layer 8: ${sig(mean(drop, 8), 2)} and ${sig(mean(alpha, 8), 2)}.`,
      closer ? `At layer 8, AlphaDropout’s output is closer to mean 0 and std 1 (distance ${sig(dist(alpha), 2)} against ${sig(dist(drop), 2)} for Dropout).`
        : `At layer 8, Dropout’s output is as close or closer to mean 0 and std 1 (distance ${sig(dist(drop), 2)} against ${sig(dist(alpha), 2)} for AlphaDropout): not the behaviour the SELU paper describes.`,
      `Since epoch 1 the std at layer 8 moved from ${sig(report(drop, 1).outputStd[7], 3)} to ${sig(std(drop, 8), 3)} with Dropout and from ${sig(report(alpha, 1).outputStd[7], 3)} to ${sig(std(alpha, 8), 3)} with AlphaDropout.`,
      `Test accuracy: ${pct(last(drop).evaluation.test.accuracy)}\u00a0% with Dropout, ${pct(last(alpha).evaluation.test.accuracy)}\u00a0% with AlphaDropout.`,
    ].join(' ');
    assert.equal(await text(page, '#t-preset-live'), expected);
    // The statistics chart: std and mean of both runs at the latest epoch, then at epoch 1 when picked.
    const legend = await page.locator('#t-stats-legend li').allTextContents();
    assert.equal(legend.length, 2);
    assert.ok(legend[0].startsWith('SELU + Dropout: std '), legend[0]);
    await page.locator('#t-stats-epoch').selectOption('1');
    assert.match(await page.locator('#t-stats-chart').getAttribute('aria-label'), /^Line chart of each layer’s output mean and std at epoch 1; SELU \+ Dropout: std /);
    await page.screenshot({ path: `${SHOTS}training-alphadropout-1280.png`, fullPage: true });
    assertClean(problems);
    await page.close();
  });
});

describe('the layer form', () => {
  test('by keyboard: move, edit and add layers; the URL keeps the list; a 2-D set trains the MLP and says why', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu&tdata=digits&tarch=cnn&tlayers=c4k3,a,f');
    assert.deepEqual(await page.locator('.layer-shape').allTextContents(), ['→ 6 × 6 × 4', '→ 6 × 6 × 4', '→ 144']);
    await page.locator('#t-layer-1-up').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tlayers') === 'a,c4k3,f');
    // The URL can change a frame before the form re-renders and moves focus: wait for it (2 s at most), then assert.
    await page.waitForFunction(() => document.activeElement?.id === 't-layer-0-down', null, { timeout: 2000 }).catch(() => {});
    assert.equal(await page.evaluate(() => document.activeElement.id), 't-layer-0-down', 'focus follows the moved layer (its up button is now disabled)');
    await page.locator('#t-layer-1-filters').fill('8');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tlayers') === 'a,c8k3,f');
    await page.locator('#t-layer-add-kind').selectOption('dense');
    await page.locator('#t-layer-add').press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tlayers') === 'a,c8k3,f,h64');
    await page.locator('#t-layer-1-same').check();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tlayers') === 'a,c8k3s,f,h64');
    await ready(page);
    assert.deepEqual((await data(page)).runs[0].config.layers, [{ act: { id: 'relu', params: [] } }, { conv2d: { filters: 8, kernel: 3, padding: 'same' } }, { flatten: true }, { dense: 64 }]);
    // A value out of range is refused beside the form and never reaches the URL.
    await page.locator('#t-layer-1-filters').fill('5000');
    await page.keyboard.press('Tab');
    assert.equal(await text(page, '#t-tlayers-error'), 'layer 2 filters: 5000 is outside the allowed range 1 to 1024; the last valid value is kept.');
    assert.equal(new URL(page.url()).searchParams.get('tlayers'), 'a,c8k3s,f,h64');
    // The link restores the architecture.
    await page.reload();
    await ready(page);
    assert.equal(await page.locator('#t-tarch').inputValue(), 'cnn');
    assert.equal(await page.locator('#t-tlayers').inputValue(), 'a,c8k3s,f,h64');
    // A 2-D set: the CNN cannot be picked, the MLP trains, and the page says so.
    await page.locator('#t-tdata').selectOption('spiral');
    await ready(page);
    assert.equal(await page.locator('#t-tarch').inputValue(), 'mlp');
    assert.equal(await page.locator('#t-tarch option[value="cnn"]').isDisabled(), true);
    assert.match(await text(page, '#t-tarch-note'), /^A CNN needs images/);
    assert.equal(await page.locator('#t-layers-box').isHidden(), true);
    assert.ok((await data(page)).runs[0].config.hidden, 'the MLP is trained');
    assertClean(problems);
    await page.close();
  });

  test('refusals: a kernel larger than the input and a network too big for the memory are named beside the form and the run; text is never HTML; the rest of the page works', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu,elu&tdata=digits&tarch=cnn&tlayers=c4k3,a,f');
    await page.locator('#t-tlayers').fill('c8k9,a,f');
    await page.locator('#t-tlayers').press('Enter');
    await page.waitForFunction(() => window.__actlab.view('training').data().runs.every((r) => r.error));
    const refusal = 'layer 1 (conv2d 8 9x9 valid): kernel = 9 is larger than the 8 x 8 input (allowed [1, 8])';
    assert.equal(await text(page, '#t-tlayers-refused'), `Refused: ${refusal}.`);
    assert.equal(await text(page, '#t-error'), `The trainer refused these settings: ${refusal}.`);
    assert.equal(await page.locator('.layer-row').first().getAttribute('class'), 'layer-row layer-bad');
    assert.equal(await page.locator('#t-run').isDisabled(), true);
    // Garbage typed into the text box: a clear message, shown as text, and the list is kept.
    await page.locator('#t-tlayers').fill('c8k3,<img src=x onerror=alert(1)>');
    await page.locator('#t-tlayers').press('Enter');
    assert.equal(await text(page, '#t-tlayers-error'), 'layer 2: “<img src=x onerror=a…” is not a layer (c32k3, c32k3s, a, p2, d0.25, f, h128). The last valid list is kept.');
    assert.equal(await page.locator('.t-grid img').count(), 0);
    assert.equal(new URL(page.url()).searchParams.get('tlayers'), 'c8k9,a,f');
    // Fixed from the form: the networks are ready again.
    await page.locator('#t-layer-0-kernel').fill('3');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => window.__actlab.view('training').data().runs.every((r) => r.initial && !r.error), null, { timeout: 60000 });
    assert.equal(await text(page, '#t-tlayers-refused'), '');
    assert.equal(await page.locator('#t-error').isHidden(), true);
    // Too big: the engine's amount and the setting to lower, and how the memory is shared.
    await page.goto(`${suite.server.url}?view=training&fn=relu,elu,selu&tdata=mnist&tarch=cnn&tlayers=c64k3s,a,c128k3s,a,f,h256,a&tbatch=512`);
    await ready(page);
    const big = await text(page, '#t-error');
    assert.match(big, /^Not enough memory for these networks: the 3 networks need about \d+ MiB of buffers together, more than the 1536 MiB one worker holds; lower the batch \(512\) or the layers' filters or units, or compare fewer functions\. /);
    assert.match(await text(page, '#t-tlayers-refused'), /^Refused: the 3 networks need about \d+ MiB of buffers together/);
    // One network of it alone is too big for the engine's own budget: its message names the amount and the batch.
    await page.goto(`${suite.server.url}?view=training&fn=relu&tdata=mnist&tarch=cnn&tlayers=c64k3s,a,c128k3s,a,f,h256,a&tbatch=256`);
    await ready(page);
    assert.match(await text(page, '#t-error'), /^The trainer refused these settings: ReLU: training needs about \d+ MiB of buffers, more than the budget of 512 MiB: lower batch \(256\) or the units\/filters of the widest layers\.$/);
    // The rest of the page still works.
    await page.locator('#tab-curves').click();
    await page.waitForFunction(() => window.__actlab.timings.length > 0);
    assertClean(problems);
    await page.close();
  });

  test('a broken layer list in a link gives the default list with a note naming the problem', async () => {
    const { page, problems } = await openTraining('?view=training&fn=relu&tdata=digits&tarch=cnn&tlayers=c8k3,q7,f');
    assert.equal(await page.locator('#t-tlayers').inputValue(), 'c16k3s,a,p2,c32k3s,a,p2,f,h64,a');
    assert.match(await text(page, '#notes'), /layer 2: “q7” is not a layer/);
    assertClean(problems);
    await page.close();
  });
});
